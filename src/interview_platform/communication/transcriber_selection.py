"""Choose a transcription backend from config and available credentials, with fallback."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from interview_platform.communication.transcription import (
    FasterWhisperTranscriber,
    PocketsphinxTranscriber,
    Transcriber,
    Transcript,
    WhisperTranscriber,
)
from interview_platform.config import MediaSettings
from interview_platform.exceptions import CommunicationError, ValidationError

_log = logging.getLogger("interview_platform.communication.transcription")
BACKENDS = ("offline", "whisper", "faster-whisper")


@dataclass
class WhisperAccess:
    """Credentials for Whisper: an OpenAI key, or a compatible server's base URL."""

    api_key: str
    base_url: str | None = None


class TranscriberSelector:
    """Builds transcribers once and falls back to the offline one when another fails.

    Args:
        media: Media settings (backend choice, Whisper model, faster-whisper folder).
        offline: The shared offline transcriber (its decoder is costly to load).
    """

    def __init__(self, media: MediaSettings, offline: PocketsphinxTranscriber | None = None):
        self._media = media
        self._offline = offline or PocketsphinxTranscriber()
        self._faster: FasterWhisperTranscriber | None = None

    @property
    def offline(self) -> PocketsphinxTranscriber:
        """The offline transcriber (shared; also the fallback of every other backend)."""
        return self._offline

    def close(self) -> None:
        """Stop the offline decoder processes."""
        self._offline.close()

    def warm_up(self, wait: bool = False) -> None:
        """Load the offline decoders in the background (it is the fallback of every backend)."""
        self._offline.warm_up(wait)

    def backend_for(self, requested: str | None, whisper: WhisperAccess | None) -> str:
        """Resolve ``auto``/None to a concrete backend name."""
        choice = requested or self._media.transcription_backend
        if choice not in (*BACKENDS, "auto"):
            raise ValidationError(f"Unknown transcription backend '{choice}'; use {BACKENDS}.")
        if choice != "auto":
            return choice
        if whisper is not None:
            return "whisper"
        if self._media.faster_whisper_model_dir is not None:
            return "faster-whisper"
        return "offline"

    def build(self, backend: str, whisper: WhisperAccess | None) -> Transcriber:
        """Return the transcriber for a concrete backend name."""
        if backend == "offline":
            return self._offline
        if backend == "whisper":
            if whisper is None:
                raise CommunicationError(
                    "Whisper needs an OpenAI API key (or a compatible server)."
                )
            return WhisperTranscriber(whisper.api_key, self._media.whisper_model, whisper.base_url)
        if self._media.faster_whisper_model_dir is None:
            raise CommunicationError("Set media.faster_whisper_model_dir to use faster-whisper.")
        if self._faster is None:
            self._faster = FasterWhisperTranscriber(self._media.faster_whisper_model_dir)
        return self._faster

    def transcribe(
        self, wav: bytes, requested: str | None = None, whisper: WhisperAccess | None = None
    ) -> Transcript:
        """Transcribe with the chosen backend; fall back to offline if it fails."""
        backend = self.backend_for(requested, whisper)
        try:
            return self.build(backend, whisper).transcribe(wav)
        except CommunicationError as exc:
            if backend == "offline":
                raise
            _log.warning(
                "transcription backend failed; using offline",
                extra={"operation": "transcribe", "backend": backend, "error": str(exc)},
            )
            result = self._offline.transcribe(wav)
            result.backend = f"offline (fallback from {backend})"
            return result

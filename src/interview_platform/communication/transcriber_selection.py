"""Choose a transcription backend from config and available credentials, with fallback.

``auto`` picks the OpenAI Whisper API when a key is given, else local Whisper
(faster-whisper with the packaged tiny.en, or the configured model folder) when it can
load, else pocketsphinx. Every backend falls back to pocketsphinx when it fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from interview_platform.communication.live_decoding import LiveRecogniser
from interview_platform.communication.transcription import (
    PocketsphinxTranscriber,
    Transcriber,
    Transcript,
    WhisperTranscriber,
)
from interview_platform.communication.whisper_client import FasterWhisperTranscriber
from interview_platform.config import MediaSettings
from interview_platform.exceptions import CommunicationError, ValidationError

_log = logging.getLogger("interview_platform.communication.transcription")
BACKENDS = ("faster-whisper", "offline", "whisper")
LIVE_BACKENDS = ("faster-whisper", "offline")  # the ones with a live (hands-free) decoder


@dataclass
class WhisperAccess:
    """Credentials for Whisper: an OpenAI key, or a compatible server's base URL."""

    api_key: str
    base_url: str | None = None


class TranscriberSelector:
    """Builds transcribers once and falls back to pocketsphinx when another fails.

    Args:
        media: Media settings (backend choice, Whisper model, faster-whisper folder).
        offline: The shared pocketsphinx transcriber (its decoder is costly to load).
        local: The shared local Whisper transcriber (default: from ``media``).
    """

    def __init__(
        self,
        media: MediaSettings,
        offline: PocketsphinxTranscriber | None = None,
        local: FasterWhisperTranscriber | None = None,
    ) -> None:
        self._media = media
        self._offline = offline or PocketsphinxTranscriber()
        self._local = local or FasterWhisperTranscriber(media.faster_whisper_model_dir)

    @property
    def offline(self) -> PocketsphinxTranscriber:
        """The pocketsphinx transcriber (shared; the fallback of every other backend)."""
        return self._offline

    @property
    def local(self) -> FasterWhisperTranscriber:
        """The local Whisper transcriber."""
        return self._local

    def close(self) -> None:
        """Stop the decoder processes (Whisper's and pocketsphinx's)."""
        self._local.close()
        self._offline.close()

    def warm_up(self, wait: bool = False, backend: str | None = None) -> None:
        """Start the recogniser ``backend`` (default: the configured one) in the background."""
        chosen = self.backend_for(backend, None)
        if chosen == "faster-whisper":
            self._local.warm_up(wait)
            if self._local.unavailable is None:
                return
        self._offline.warm_up(wait)

    def backend_for(self, requested: str | None, whisper: WhisperAccess | None) -> str:
        """Resolve ``auto``/None to a concrete backend name.

        Raises:
            ValidationError: ``requested`` is not a known backend.
        """
        choice = requested or self._media.transcription_backend
        if choice not in (*BACKENDS, "auto"):
            raise ValidationError(
                f"Unknown transcription backend '{choice}'; use auto or one of {BACKENDS}."
            )
        if choice != "auto":
            return choice
        if whisper is not None:
            return "whisper"
        return "faster-whisper" if self._local.unavailable is None else "offline"

    def build(self, backend: str, whisper: WhisperAccess | None) -> Transcriber:
        """Return the transcriber for a concrete backend name.

        Raises:
            CommunicationError: The backend cannot be used (no key, no model).
        """
        if backend == "offline":
            return self._offline
        if backend == "whisper":
            if whisper is None:
                raise CommunicationError(
                    "Whisper needs an OpenAI API key (or a compatible server)."
                )
            return WhisperTranscriber(whisper.api_key, self._media.whisper_model, whisper.base_url)
        if (reason := self._local.unavailable) is not None:
            raise CommunicationError(f"local Whisper unavailable: {reason}")
        return self._local

    def open_live(self, prompt: str = "") -> LiveRecogniser:
        """A live decoder for hands-free audio: Whisper's if it can load, else pocketsphinx's."""
        if self.backend_for(None, None) == "faster-whisper":
            return self._local.open_live(prompt)
        return self._offline.open_live()

    def transcribe(
        self,
        wav: bytes,
        requested: str | None = None,
        whisper: WhisperAccess | None = None,
        prompt: str = "",
    ) -> Transcript:
        """Transcribe with the chosen backend; fall back to pocketsphinx if it fails."""
        backend = self.backend_for(requested, whisper)
        try:
            return self.build(backend, whisper).transcribe(wav, prompt=prompt)
        except CommunicationError as exc:
            if backend == "offline":
                raise
            _log.warning(
                "transcription backend failed; using pocketsphinx",
                extra={"operation": "transcribe", "backend": backend, "error": str(exc)},
            )
            result = self._offline.transcribe(wav)
            result.backend = f"offline (fallback from {backend})"
            return result

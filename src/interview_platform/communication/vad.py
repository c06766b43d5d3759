"""Energy voice-activity detection: cut a live 16 kHz stream into utterances at pauses.

Frames of 20 ms are classified as speech or silence by their level against a tracked
noise floor; an utterance ends after ``end_silence_s`` of silence, unless it is held (the
candidate is still thinking). Shorter pauses stay inside the utterance, so an answer with
a mid-sentence pause is one answer.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import TARGET_RATE, PcmAudio


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


class UtteranceListener(Protocol):
    """Sees an utterance's audio while it is being heard (for live decoding)."""

    def started(self, samples: npt.NDArray[np.int16]) -> None:
        """Speech began; ``samples`` is the pre-roll and the first speech frame."""

    def frame(self, samples: npt.NDArray[np.int16]) -> None:
        """One more frame of the open utterance."""

    def discarded(self) -> None:
        """The open utterance was too short to keep."""


class UtteranceSegmenter:
    """Energy VAD over 20 ms frames of 16 kHz mono audio; not thread-safe on its own.

    Args:
        settings: Detector tuning.
        listener: Told about each frame of an utterance as it is heard.
    """

    FRAME = TARGET_RATE // 50

    def __init__(
        self, settings: VadSettings | None = None, listener: UtteranceListener | None = None
    ) -> None:
        self.settings = settings or VadSettings()
        self._listener = listener
        self.frames_done = 0
        self.speech_end_s = 0.0  # stream time of the last utterance's last speech frame
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
        self.hold = False  # while True, no pause ends the utterance (only max length does)

    @property
    def in_utterance(self) -> bool:
        """True while speech has started and not yet ended."""
        return bool(self._frames)

    @property
    def pause_left_s(self) -> float | None:
        """Seconds of silence still needed to end the open utterance, None when not pausing.

        A pause shorter than 0.3 s is part of running speech and shows no countdown;
        any speech frame resets it.
        """
        if not self._frames or self.hold or self._silent_run < 15:
            return None
        return max(self.settings.end_silence_s - self._silent_run / 50, 0.0)

    def feed(self, samples: npt.NDArray[np.int16]) -> list[PcmAudio]:
        """Add 16 kHz mono samples; return the utterances that ended in them."""
        data = np.concatenate([self._pending, samples.astype(np.int16)])
        whole = len(data) - len(data) % self.FRAME
        self._pending = data[whole:]
        finished = []
        for start in range(0, whole, self.FRAME):
            self.frames_done += 1
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
            if self._listener is not None:
                self._listener.started(np.concatenate(self._frames))
            return None
        self._frames.append(frame)
        if self._listener is not None:
            self._listener.frame(frame)
        self._speech_frames += int(speech)
        self._silent_run = 0 if speech else self._silent_run + 1
        too_long = len(self._frames) >= self.settings.max_utterance_s * 50
        paused = not self.hold and self._silent_run >= self.settings.end_silence_s * 50
        if paused or too_long:
            return self._finish()
        return None

    def _finish(self) -> PcmAudio | None:
        # Keep 0.3 s of the closing silence: recognisers need a little after the last word.
        keep = len(self._frames) - max(self._silent_run - 15, 0)
        frames, speech = self._frames[:keep], self._speech_frames
        self.speech_end_s = (self.frames_done - self._silent_run) / 50
        self._frames, self._speech_frames, self._silent_run = [], 0, 0
        if speech < self.settings.min_speech_s * 50:
            if self._listener is not None:
                self._listener.discarded()
            return None
        return PcmAudio(np.concatenate(frames), TARGET_RATE)

    def flush(self) -> PcmAudio | None:
        """End the current utterance now (capture stopped, or "done"); None if there is none."""
        return self._finish() if self._frames else None

    def discard(self) -> None:
        """Forget the open utterance without returning it (the candidate switched away)."""
        if self._frames:
            self._frames, self._speech_frames, self._silent_run = [], 0, 0
            if self._listener is not None:
                self._listener.discarded()

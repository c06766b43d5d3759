"""Hands-free audio: cut a live microphone stream into utterances with an energy VAD.

WebRTC delivers 10–20 ms frames (48 kHz, often stereo). They are reduced to 16 kHz
mono and cut into utterances by the voice-activity detector (``vad.py``). Finished
utterances wait until the page takes them (the frame callback runs on another thread).
The pause that sends an answer is configurable (``media.answer_pause_s``); the candidate
can hold the answer open ("still thinking") or send it at once ("done"). While the
interviewer speaks, the microphone is muted (its own voice must not become an answer).
With a live decoder, the speech is recognised while it arrives, so the transcript is
ready when the pause is heard.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import TARGET_RATE, PcmAudio, encode_wav, resample
from interview_platform.communication.live_decoding import LiveRecogniser
from interview_platform.communication.mic_track import MicTrack
from interview_platform.communication.pocketsphinx_pool import PartResult
from interview_platform.communication.vad import UtteranceSegmenter, VadSettings


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
class HeardUtterance:
    """An utterance heard hands-free, waiting to be transcribed and answered.

    Attributes:
        wav: The utterance (16 kHz mono WAV).
        speech_ended_at: Wall-clock time (``time.time()``) of its last speech frame.
        live: What the live decoder recognised, when one was listening.
        decoder: The live decoder that listened (its prompt can be set per session).
    """

    wav: bytes
    speech_ended_at: float
    live: Future[PartResult] | None = None
    decoder: LiveRecogniser | None = None


class ContinuousCapture:
    """Thread-safe front of :class:`UtteranceSegmenter` for a WebRTC frame callback.

    The callback thread calls :meth:`add`; the page calls :meth:`take` to collect
    finished utterances.

    Args:
        settings: Detector tuning.
        live_factory: Starts a live decoder (None: utterances are transcribed afterwards).
    """

    def __init__(
        self,
        settings: VadSettings | None = None,
        live_factory: Callable[[], LiveRecogniser] | None = None,
    ) -> None:
        self._segmenter = UtteranceSegmenter(settings, listener=self)
        self._ready: deque[HeardUtterance] = deque()
        self._lock = threading.Lock()
        self._live_factory = live_factory
        self._live: LiveRecogniser | None = None
        self._track: MicTrack | None = None
        self._last_frame_at = float("-inf")
        self._received_s = 0.0
        # Wall-clock time of stream time 0: frames can arrive late (in batches) but never
        # early, so the smallest estimate is the truest.
        self._origin = float("inf")
        self._suspended = False  # push-to-talk chosen: frames are ignored, nothing is sent
        self._muted_until = float("-inf")  # monotonic time; the interviewer is speaking

    def _decoder(self) -> LiveRecogniser | None:
        if self._live_factory is not None and (self._live is None or not self._live.usable):
            self._live = self._live_factory()  # started before speech: its model loads first
        return self._live

    def started(self, samples: npt.NDArray[np.int16]) -> None:
        """Listener: speech began (called under the capture's lock)."""
        if (decoder := self._decoder()) is not None:
            decoder.feed(samples)

    def frame(self, samples: npt.NDArray[np.int16]) -> None:
        """Listener: one more frame of the utterance."""
        if self._live is not None:
            self._live.feed(samples)

    def discarded(self) -> None:
        """Listener: too short to keep; the live decoder's result is dropped."""
        if self._live is not None:
            self._live.discard()

    def _keep(self, utterance: PcmAudio) -> None:
        ended = min(self._origin + self._segmenter.speech_end_s, time.time())
        live = self._live.finish() if self._live is not None else None
        self._ready.append(HeardUtterance(encode_wav(utterance), ended, live, self._live))

    def add(self, samples: npt.NDArray[np.int16]) -> None:
        """Feed 16 kHz mono samples from the microphone."""
        with self._lock:
            self._last_frame_at = time.monotonic()
            first_at = self._received_s
            self._received_s += len(samples) / TARGET_RATE
            self._origin = min(self._origin, time.time() - self._received_s)
            if self._track is not None:
                self._track.write(samples, self._origin + first_at)
            if self._suspended or time.monotonic() < self._muted_until:
                return
            self._decoder()
            for utterance in self._segmenter.feed(samples):
                self._keep(utterance)

    def start_track(self, folder: Path) -> None:
        """Keep everything heard from now on as one WAV in ``folder`` (camera recording)."""
        with self._lock:
            if self._track is None:
                self._track = MicTrack(folder)

    def stop_track(self) -> None:
        """Finish the continuous WAV, if one is being written."""
        with self._lock:
            if self._track is not None:
                self._track.close()
                self._track = None

    def hold(self, on: bool) -> None:
        """Keep the answer open through any pause ("still thinking"), or stop holding."""
        with self._lock:
            self._segmenter.hold = on

    @property
    def held(self) -> bool:
        """Whether the answer is being held open."""
        return self._segmenter.hold

    def done(self) -> bool:
        """Send the open answer now ("done"); False when nothing was being said."""
        with self._lock:
            self._segmenter.hold = False
            last = self._segmenter.flush()
            if last is not None:
                self._keep(last)
            return last is not None

    def suspend(self) -> None:
        """Push-to-talk was chosen: drop the open answer and ignore the microphone."""
        with self._lock:
            self._suspended = True
            self._segmenter.hold = False
            self._segmenter.discard()
            self._ready.clear()

    def resume(self) -> None:
        """Hands-free again: listen to the microphone."""
        with self._lock:
            self._suspended = False

    def mute(self, seconds: float) -> None:
        """Ignore the microphone for ``seconds`` (0: unmute); an open utterance is dropped.

        The limit protects against a lost "finished speaking" event from the browser.
        """
        with self._lock:
            if seconds > 0:
                self._segmenter.discard()
            self._muted_until = time.monotonic() + seconds if seconds > 0 else float("-inf")

    @property
    def muted(self) -> bool:
        """Whether the microphone is muted (the interviewer is speaking)."""
        return time.monotonic() < self._muted_until

    @property
    def pause_left_s(self) -> float | None:
        """Seconds until a pause sends the answer (a countdown), None when not pausing."""
        with self._lock:
            return self._segmenter.pause_left_s

    def stop(self) -> None:
        """Close a half-finished utterance and the live decoder (the microphone stopped)."""
        self.stop_track()
        with self._lock:
            last = None if self._suspended else self._segmenter.flush()
            if last is not None:
                self._keep(last)
            if self._live is not None:
                self._live.close()
                self._live = None
            self._origin = float("inf")  # a restarted stream has a new origin

    def take(self) -> list[HeardUtterance]:
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
    def receiving(self) -> bool:
        """Whether microphone audio arrived within the last second."""
        with self._lock:
            return time.monotonic() - self._last_frame_at < 1.0

    @property
    def speaking(self) -> bool:
        """Whether the candidate is in the middle of an utterance."""
        with self._lock:
            return self._segmenter.in_utterance

    @property
    def level_dbfs(self) -> float:
        """Level of the latest frame, for a microphone meter."""
        return self._segmenter.level_dbfs

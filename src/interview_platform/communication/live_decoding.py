"""Live decoding: recognise a hands-free answer while the candidate is still speaking.

Hands-free audio arrives in real time as 20 ms frames. Fed to a decoder process of its
own as it comes, an utterance is almost fully decoded by the time the pause that ends
it has been heard; only the last frames remain, so the transcript is ready within tens
of milliseconds instead of the second or more a whole 10-second clip takes afterwards.
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Protocol

import numpy as np
import numpy.typing as npt

from interview_platform.communication.pocketsphinx_pool import (
    CHUNK,
    END,
    DecoderProcess,
    PartResult,
)

_log = logging.getLogger("interview_platform.communication.transcription")


class LiveRecogniser(Protocol):
    """Recognises a hands-free utterance while it arrives (pocketsphinx or Whisper)."""

    @property
    def usable(self) -> bool:
        """False once it failed or was closed."""

    def feed(self, samples: npt.NDArray[np.int16]) -> None:
        """Add 16 kHz mono audio to the current utterance."""

    def finish(self) -> Future[PartResult]:
        """End the current utterance; the future gives what was recognised."""

    def discard(self) -> None:
        """Drop the current utterance."""

    def close(self, wait: float = 0.0) -> None:
        """Stop; ``wait`` seconds at most for work already queued."""


class _Close:
    """Queue marker: stop the process once the work queued before it is done."""


_Item = bytes | Future[PartResult] | _Close


class _Channel:
    """State shared by a :class:`LiveDecoder` and its writer thread.

    The thread holds this, not the decoder, so an abandoned decoder can be collected
    and its process stopped.
    """

    def __init__(self) -> None:
        self.items: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.broken: str | None = None
        self.closed = False

    def fail(self, reason: str) -> None:
        """Mark the channel broken and fail every result still waited for."""
        with self.lock:
            self.broken = self.broken or reason
        while True:
            try:
                item = self.items.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, Future):
                item.set_exception(OSError(reason))


def _serve(channel: _Channel, process_factory: Callable[[], DecoderProcess]) -> None:
    """Writer thread: start the process, then pass queued audio and requests to it."""
    process: DecoderProcess | None = None
    try:
        process = process_factory()
        with process.lock:
            process.wait_ready()
            while not isinstance(item := channel.items.get(), _Close):
                if isinstance(item, Future):
                    process.send(END)
                    item.set_result(process.receive())
                else:
                    process.send(CHUNK, item)
    except (OSError, ValueError) as exc:
        _log.warning("live decoder failed", extra={"error": str(exc)})
        channel.fail(str(exc) or type(exc).__name__)
    finally:
        with channel.lock:
            channel.closed = True
        channel.fail("stopped")  # anything queued after the close marker
        if process is not None:
            process.stop()


class LiveDecoder:
    """A pocketsphinx process fed from a writer thread, so the audio thread never waits.

    Args:
        process_factory: Starts the decoder process (tests inject a failing one).
    """

    def __init__(self, process_factory: Callable[[], DecoderProcess] | None = None) -> None:
        process_factory = process_factory or partial(DecoderProcess, live=True)
        self._channel = _Channel()
        self._thread = threading.Thread(
            target=_serve, args=(self._channel, process_factory), name="live-decoder", daemon=True
        )
        self._thread.start()
        # Dropped without close() (a browser tab went away): still stop the process.
        weakref.finalize(self, self._channel.items.put, _Close())

    @property
    def usable(self) -> bool:
        """False once the process failed or the decoder was closed."""
        with self._channel.lock:
            return self._channel.broken is None and not self._channel.closed

    def feed(self, samples: npt.NDArray[np.int16]) -> None:
        """Add 16 kHz mono audio to the current utterance (starts one if none is open)."""
        if self.usable:
            self._channel.items.put(samples.astype(np.int16).tobytes())

    def finish(self) -> Future[PartResult]:
        """End the current utterance; the future gives what was recognised in it."""
        result: Future[PartResult] = Future()
        with self._channel.lock:
            broken = self._channel.broken or ("closed" if self._channel.closed else None)
            if broken is None:
                self._channel.items.put(result)
        if broken is not None:
            result.set_exception(OSError(f"live decoder unavailable: {broken}"))
        return result

    def discard(self) -> None:
        """Drop the current utterance (too short to keep)."""
        self.finish()

    def close(self, wait: float = 0.0) -> None:
        """Stop the process after the work already queued (waiting up to ``wait`` s)."""
        with self._channel.lock:
            self._channel.closed = True
        self._channel.items.put(_Close())
        if wait:
            self._thread.join(wait)

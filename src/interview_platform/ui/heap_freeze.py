"""Freezing the heap after each run, except while a WebRTC connection is being set up.

Streamlit runs a full ``gc.collect(2)`` after every script and fragment run. Over the
~400,000 objects of a process that has loaded LangChain, the SDKs, PyAV and aiortc
that takes ~0.2 s, and with hands-free listening polling four times a second it held
the GIL most of the time: microphone frames reached the server up to 4 s late (py-spy,
bench/browser_transcript_bench.py). Frozen objects are skipped, so a collection only
walks what was made since.
"""

from __future__ import annotations

import gc
import threading
import time

_HEAP = {"frozen": False}
_SETTLING: dict[str, float] = {}  # WebRTC component key -> until when it may be settling
_HEAP_LOCK = threading.Lock()
SETUP_LIMIT_S = 60.0  # a set-up not done by then has failed: stop waiting for it
PLAYING_GRACE_S = 2.0


def webrtc_settling(key: str) -> None:
    """A WebRTC connection is being set up: let the garbage collector see everything.

    Set-ups failed (the browser retried every ~10 s and no audio arrived) whenever the
    heap was frozen or Streamlit's after-run collection was off; with full collections
    they succeed. Reason not found; the freeze waits until every set-up is done.
    """
    with _HEAP_LOCK:
        _SETTLING.setdefault(key, time.monotonic() + SETUP_LIMIT_S)
        if _HEAP["frozen"]:
            _HEAP["frozen"] = False
            gc.unfreeze()


def webrtc_settled(key: str, grace_s: float = PLAYING_GRACE_S) -> None:
    """The connection of ``key`` is up, or its component is gone.

    It stops holding the freeze after ``grace_s``.
    """
    with _HEAP_LOCK:
        if key in _SETTLING:
            _SETTLING[key] = min(_SETTLING[key], time.monotonic() + grace_s)


def freeze_heap() -> None:
    """Freeze the heap unless a WebRTC connection is being set up (called after each run)."""
    now = time.monotonic()
    with _HEAP_LOCK:
        for key in [k for k, until in _SETTLING.items() if until <= now]:
            del _SETTLING[key]
        if not _HEAP["frozen"] and not _SETTLING:
            _HEAP["frozen"] = True
            gc.freeze()

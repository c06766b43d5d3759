"""A total deadline on a stream of chunks, whatever the SDK underneath is doing.

An SDK blocked on a hung socket cannot be interrupted from the thread that reads
it, so the chunks are produced in a daemon worker thread and handed over through
a queue: the reader waits at most until the deadline and then raises
:class:`DeadlineExceededError`. The abandoned worker ends on its own when the
SDK's (shortened) request timeout fires or the stream finishes; whatever usage
it records then is still charged, as the provider will bill it.

Example::

    for chunk in within_deadline(lambda: engine.respond(ctx), 30.0):
        print(chunk, end="")
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

from interview_platform.exceptions import AIProviderError

__all__ = ["DeadlineExceededError", "within_deadline"]

_DONE = object()


class DeadlineExceededError(AIProviderError):
    """The stream did not finish within its deadline.

    Attributes:
        deadline_s: The deadline in seconds.
        streamed: Whether some chunks had already been handed over.
    """

    def __init__(self, deadline_s: float, streamed: bool) -> None:
        super().__init__(f"no complete reply within {deadline_s:g} s", kind="timeout")
        self.deadline_s = deadline_s
        self.streamed = streamed


def _pump(start: Callable[[], Iterator[str]], out: queue.Queue[object]) -> None:
    try:
        for chunk in start():
            out.put(chunk)
    except BaseException as exc:  # handed to the reader, which re-raises it
        out.put(exc)
        return
    out.put(_DONE)


def within_deadline(start: Callable[[], Iterator[str]], deadline_s: float) -> Iterator[str]:
    """Yield the chunks of ``start()`` until it ends, or raise once ``deadline_s`` has passed.

    ``start`` is called in the worker thread, so building the prompt and opening the
    connection count against the deadline too.

    Raises:
        DeadlineExceededError: The deadline passed (to the first chunk or the last).
        Exception: Whatever the stream raised, unchanged.
    """
    out: queue.Queue[object] = queue.Queue()
    worker = threading.Thread(target=_pump, args=(start, out), daemon=True, name="llm-stream")
    ends_at = time.monotonic() + deadline_s
    worker.start()
    streamed = False
    while True:
        try:
            item = out.get(timeout=max(ends_at - time.monotonic(), 0.0))
        except queue.Empty:
            raise DeadlineExceededError(deadline_s, streamed) from None
        if item is _DONE:
            return
        if isinstance(item, BaseException):
            raise item
        streamed = True
        yield str(item)

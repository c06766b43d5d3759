"""At most one line per interval for a warning that keeps repeating.

Some warnings come in bursts: with the microphone on, streamlit-webrtc warned about
unconsumed audio frames at every frame batch, and the console scrolled past everything
else (issue 13). :class:`RepeatLimiter` lets the first record of a message through,
drops its repeats for ``interval_s`` seconds, and puts the number it dropped on the
next one it lets through (the ``suppressed`` field: "12 similar suppressed").
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

SUPPRESSED_FIELD = "suppressed"
_MAX_MESSAGES = 1_000  # distinct messages remembered; the oldest are forgotten first


@dataclass
class _Seen:
    since: float
    suppressed: int = 0


class RepeatLimiter(logging.Filter):
    """A handler filter: one record per message and level per ``interval_s`` (thread-safe).

    A message is its logger, level and text: "request 8 failed" and "request 9 failed"
    are two messages, each kept. Records below ``min_level`` pass.
    Give each handler its own limiter: a shared one would drop on the second handler
    what the first let through.

    Args:
        interval_s: Seconds a message stays quiet after it was let through; 0 turns
            the limit off.
        min_level: Records below this level are never limited.
        clock: Monotonic seconds (tests pass a fake one).
    """

    def __init__(
        self,
        interval_s: float = 60.0,
        min_level: int = logging.WARNING,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.interval_s = interval_s
        self.min_level = min_level
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: OrderedDict[tuple[str, int, str], _Seen] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        """Whether the record is written; a repeat after a quiet spell carries the count."""
        if self.interval_s <= 0 or record.levelno < self.min_level:
            return True
        key = (record.name, record.levelno, record.getMessage())
        now = self._clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and now - seen.since < self.interval_s:
                seen.suppressed += 1
                return False
            dropped = seen.suppressed if seen is not None else 0
            self._seen[key] = _Seen(now)
            self._seen.move_to_end(key)
            while len(self._seen) > _MAX_MESSAGES:
                self._seen.popitem(last=False)
        if dropped:
            setattr(record, SUPPRESSED_FIELD, dropped)
        return True

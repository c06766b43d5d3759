"""The ``audit_logs`` sink: log records become audit rows, written off the request path.

A record goes to the audit table when it is marked ``extra={"audit": True}``
(at INFO or above) or when its level is ERROR or higher. The handler only turns
the record into an :class:`~interview_platform.models.AuditEvent` and puts it on
a bounded queue; a daemon thread writes batches through the audit repository.

Guarantees: a slow database never blocks the caller (a full queue drops the
event and counts it); a failing database never raises into the caller (the
failure is counted, never logged, so nothing recurses); records emitted *by*
the writer thread itself (e.g. the store's own retry warnings) are not audited.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from interview_platform.database.ports import AuditRepository
from interview_platform.models import AuditEvent
from interview_platform.observability.redaction import Redactor

DEFAULT_QUEUE_SIZE = 10_000
_BATCH = 200
_RECORD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_OWN_ATTRS = frozenset({"audit", "action", "session_id", "details"})


@dataclass(frozen=True)
class AuditStats:
    """Counters of the audit sink (for health pages and tests)."""

    written: int
    dropped: int
    failed: int
    pending: int
    last_error: str | None


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _details(record: logging.LogRecord) -> dict[str, Any]:
    details: dict[str, Any] = {}
    explicit = getattr(record, "details", None)
    if isinstance(explicit, dict):
        details.update(explicit)
    elif explicit is not None:
        details["details"] = explicit
    for key, value in record.__dict__.items():
        if key not in _RECORD_ATTRS and key not in _OWN_ATTRS:
            details[key] = value
    if record.exc_info and record.exc_info[0] is not None:
        details["exception"] = "".join(traceback.format_exception(*record.exc_info))
    elif record.exc_text:
        details["exception"] = record.exc_text
    return details


def _action(record: logging.LogRecord) -> str:
    for attr in ("action", "operation"):
        value = getattr(record, attr, None)
        if isinstance(value, str) and value:
            return value
    return "error" if record.levelno >= logging.ERROR else "log"


class AuditSinkHandler(logging.Handler):
    """Queues audit-worthy records and writes them from a background thread.

    Args:
        audit: Where rows are written (``write_audit_events``).
        redactor: Masks secrets in the message and details.
        queue_size: Events held while the database is slow; more are dropped.
    """

    def __init__(
        self, audit: AuditRepository, redactor: Redactor, queue_size: int = DEFAULT_QUEUE_SIZE
    ) -> None:
        super().__init__(level=logging.INFO)
        self._audit = audit
        self._redactor = redactor
        self._queue: queue.Queue[AuditEvent | None] = queue.Queue(maxsize=max(1, queue_size))
        self._cond = threading.Condition()
        self._pending = 0
        self._written = 0
        self._dropped = 0
        self._failed = 0
        self._last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="audit-log-writer", daemon=True)
        self._thread.start()

    # -- caller side ------------------------------------------------------------
    def wants(self, record: logging.LogRecord) -> bool:
        """Whether the record belongs in the audit table."""
        if threading.current_thread() is self._thread:
            return False
        return record.levelno >= logging.ERROR or (
            record.levelno >= logging.INFO and getattr(record, "audit", False) is True
        )

    def emit(self, record: logging.LogRecord) -> None:
        """Queue the record as an audit event; never blocks, never raises."""
        if not self.wants(record):
            return
        try:
            event = self._to_event(record)
        except Exception:  # a broken record must not break the request
            self._count_failure("could not convert a log record")
            return
        with self._cond:
            try:
                self._queue.put_nowait(event)
            except queue.Full:
                self._dropped += 1
                return
            self._pending += 1

    def _to_event(self, record: logging.LogRecord) -> AuditEvent:
        redact = self._redactor.redact
        session_id = getattr(record, "session_id", None)
        action = _action(record)
        details = _details(record)
        if details.get("operation") == action:
            del details["operation"]  # already the row's action
        return AuditEvent(
            level=record.levelname,
            component=record.name,
            action=redact(action),
            message=redact(record.getMessage()),
            session_id=str(session_id) if session_id is not None else None,
            details=self._redactor.redact_value(_jsonable(details)),
        )

    # -- writer side ------------------------------------------------------------
    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < _BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[AuditEvent]) -> None:
        try:
            self._audit.write_audit_events(batch)
        except BaseException as exc:  # swallowed on purpose: see module docstring
            self._count_failure(self._redactor.redact(f"{type(exc).__name__}: {exc}"))
        else:
            with self._cond:
                self._written += len(batch)
        finally:
            with self._cond:
                self._pending -= len(batch)
                self._cond.notify_all()

    def _count_failure(self, message: str) -> None:
        with self._cond:
            self._failed += 1
            self._last_error = message[:500]

    # -- control ----------------------------------------------------------------
    def flush(self, timeout: float = 5.0) -> bool:  # type: ignore[override]
        """Wait until every queued event is written (or failed); True if drained in time."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout=timeout)

    def stats(self) -> AuditStats:
        """Return the counters."""
        with self._cond:
            return AuditStats(
                self._written, self._dropped, self._failed, self._pending, self._last_error
            )

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued, then stop the writer thread; waits ``timeout`` s at most."""
        deadline = time.monotonic() + timeout
        if self._thread.is_alive():
            self.flush(timeout)
            # If the writer is stuck on a dead database, give up: it is a daemon thread.
            with contextlib.suppress(queue.Full):
                self._queue.put(None, timeout=max(0.0, deadline - time.monotonic()))
            self._thread.join(max(0.0, deadline - time.monotonic()))
        super().close()

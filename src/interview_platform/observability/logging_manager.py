"""Logging set-up: JSON lines to a rotating file, readable lines on the console, audit rows.

The console shows one readable line per record by default (``logging.console_format:
json`` writes the file's JSON lines there too); a warning that repeats is written at
most once per ``logging.repeat_interval_s`` with the count of the ones left out.

Call :func:`configure_logging` once at start (the application factory does).
Calling it again replaces the handlers it installed earlier; it never stacks
duplicates. Application code logs through the standard library::

    log = get_logger("interview_platform.session")
    with session_context(session.id):
        with timed(log, "ai.question", model="gpt-4o"):
            ...
        audit(log, "session.end", "candidate ended the interview", minutes=42)
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from interview_platform.config import LoggingSettings
from interview_platform.database.ports import AuditRepository
from interview_platform.exceptions import ConfigurationError
from interview_platform.observability.audit_sink import (
    DEFAULT_QUEUE_SIZE,
    AuditSinkHandler,
    AuditStats,
)
from interview_platform.observability.context import (
    SessionContextFilter,
    current_session_id,
    session_context,
)
from interview_platform.observability.json_format import RedactingJsonFormatter
from interview_platform.observability.redaction import Redactor
from interview_platform.observability.repeat_limit import RepeatLimiter
from interview_platform.observability.text_format import RedactingTextFormatter

__all__ = [
    "LoggingManager",
    "audit",
    "configure_logging",
    "current_session_id",
    "get_logger",
    "session_context",
    "timed",
]

_OWNER_ATTR = "_interview_platform_handler"


class _Registry:
    # The manager currently installed; configure_logging replaces it.
    lock = threading.Lock()
    active: LoggingManager | None = None


_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class _ConsoleHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at emit time (test runners and Streamlit swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the current ``sys.stderr`` is always used."""


class LoggingManager:
    """The handlers :func:`configure_logging` installed, and control over the audit sink."""

    def __init__(
        self,
        settings: LoggingSettings,
        redactor: Redactor,
        handlers: list[logging.Handler],
        sink: AuditSinkHandler | None,
    ) -> None:
        self.settings = settings
        self.redactor = redactor
        self.handlers = handlers
        self.sink = sink

    def add_secrets(self, *secrets: str) -> None:
        """Redact these values too from now on (e.g. an API key typed into the UI)."""
        self.redactor.add_secrets(secrets)

    def flush(self, timeout: float = 5.0) -> bool:
        """Flush the file/console handlers and drain the audit queue.

        Returns:
            True when every queued audit event was written (or failed) in time.
        """
        for handler in self.handlers:
            if handler is not self.sink:
                handler.flush()
        return self.sink.flush(timeout) if self.sink is not None else True

    def audit_stats(self) -> AuditStats | None:
        """Counters of the audit sink (None when audit rows are not written)."""
        return self.sink.stats() if self.sink is not None else None

    def shutdown(self, timeout: float = 5.0) -> None:
        """Drain the audit queue, detach and close every handler (idempotent)."""
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            if isinstance(handler, AuditSinkHandler):
                handler.close(timeout)
            else:
                handler.flush()
                handler.close()
        self.handlers = []
        with _Registry.lock:
            if _Registry.active is self:
                _Registry.active = None


def _make_file_handler(settings: LoggingSettings) -> logging.Handler:
    try:
        settings.file.parent.mkdir(parents=True, exist_ok=True)
        return logging.handlers.RotatingFileHandler(
            settings.file,
            maxBytes=settings.max_bytes,
            backupCount=settings.backup_count,
            encoding="utf-8",
        )
    except OSError as exc:
        raise ConfigurationError(
            "logging.file",
            f"cannot write the log file '{settings.file}': {exc}",
            "a path in a writable folder",
        ) from exc


def _build_handlers(
    settings: LoggingSettings, redactor: Redactor, audit: AuditRepository | None, queue_size: int
) -> tuple[list[logging.Handler], AuditSinkHandler | None]:
    file_handler = _make_file_handler(settings)
    file_handler.setFormatter(RedactingJsonFormatter(redactor))
    handlers: list[logging.Handler] = [file_handler]
    if settings.console:
        console = _ConsoleHandler()
        json_console = settings.console_format == "json"
        console.setFormatter(
            RedactingJsonFormatter(redactor) if json_console else RedactingTextFormatter(redactor)
        )
        handlers.append(console)
    for handler in handlers:
        # One limiter each: a shared one would drop in the file what the console let through.
        handler.addFilter(RepeatLimiter(settings.repeat_interval_s))
    sink = None
    if audit is not None and settings.audit_to_database:
        sink = AuditSinkHandler(audit, redactor, queue_size)
        handlers.append(sink)
    context_filter = SessionContextFilter()
    for handler in handlers:
        handler.addFilter(context_filter)
        setattr(handler, _OWNER_ATTR, True)
    return handlers, sink


def configure_logging(
    settings: LoggingSettings,
    audit: AuditRepository | None = None,
    secrets: Sequence[str] = (),
    *,
    audit_queue_size: int = DEFAULT_QUEUE_SIZE,
) -> LoggingManager:
    """Install file and console logging and the audit sink on the root logger.

    Idempotent: handlers of an earlier call are shut down and replaced.

    Args:
        settings: Level, file, rotation, console and audit switches.
        audit: Where audit rows go; None disables the audit sink.
        secrets: Values to mask everywhere (API keys, database URLs: only the
            password of a URL is masked).
        audit_queue_size: Audit events buffered while the database is slow.

    Returns:
        The manager of the installed handlers.

    Raises:
        ConfigurationError: The log file cannot be created.
    """
    with _Registry.lock:
        previous, _Registry.active = _Registry.active, None
    if previous is not None:
        previous.shutdown()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OWNER_ATTR, False):  # left by a manager we no longer know
            root.removeHandler(handler)
            handler.close()
    redactor = Redactor(secrets)
    handlers, sink = _build_handlers(settings, redactor, audit, audit_queue_size)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(settings.level)
    manager = LoggingManager(settings, redactor, handlers, sink)
    with _Registry.lock:
        _Registry.active = manager
    return manager


def get_logger(component: str) -> logging.Logger:
    """Return the logger of a component; its name is the ``component`` field of each line."""
    return logging.getLogger(component)


def _safe_fields(fields: dict[str, Any]) -> dict[str, Any]:
    # Names that clash with LogRecord attributes would make logging raise KeyError.
    return {(f"field_{k}" if k in _RESERVED else k): v for k, v in fields.items()}


@contextmanager
def timed(logger: logging.Logger, operation: str, **fields: Any) -> Iterator[dict[str, Any]]:
    """Log how long the block took, as ``operation`` with ``duration_ms``.

    The yielded dict may be filled with more fields to log (e.g. token counts).
    On an exception the line is logged at ERROR with the stack trace and the
    exception is re-raised.
    """
    extra_fields: dict[str, Any] = dict(fields)
    start = time.perf_counter()
    try:
        yield extra_fields
    except BaseException:
        elapsed = round((time.perf_counter() - start) * 1000, 3)
        extra = {**_safe_fields(extra_fields), "operation": operation, "duration_ms": elapsed}
        logger.error("%s failed", operation, exc_info=True, extra=extra)
        raise
    elapsed = round((time.perf_counter() - start) * 1000, 3)
    extra = {**_safe_fields(extra_fields), "operation": operation, "duration_ms": elapsed}
    logger.info("%s finished", operation, extra=extra)


def audit(logger: logging.Logger, action: str, message: str, **details: Any) -> None:
    """Log a user action at INFO and write it to the audit table.

    Args:
        logger: The component's logger.
        action: Short machine-readable name, e.g. ``session.start``.
        message: What happened, for people.
        **details: JSON-compatible facts stored with the row.
    """
    logger.info(
        message,
        extra={"audit": True, "action": action, "operation": action, "details": details},
    )

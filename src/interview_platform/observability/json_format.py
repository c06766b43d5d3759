"""One JSON object per log line, with secrets removed.

Fields, in order: ``timestamp`` (ISO 8601, UTC), ``level``, ``component`` (the
logger name), ``operation``, ``message``, ``session_id``, ``duration_ms`` (when
timed), ``exception`` (type, message and stack trace) and then any other
``extra`` values of the record.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS, merge_record_extra
from pythonjsonlogger.json import JsonFormatter

from interview_platform.observability.redaction import Redactor

# Attributes the formatter places itself, or that are internal bookkeeping.
_SKIP = frozenset({*RESERVED_ATTRS, "taskName", "session_id", "operation", "duration_ms", "audit"})


class RedactingJsonFormatter(JsonFormatter):
    """JSON-lines formatter whose every output passes through a :class:`Redactor`."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__(json_ensure_ascii=False)
        self._redactor = redactor
        self._last = threading.local()

    def add_fields(
        self,
        log_data: dict[str, Any],
        record: logging.LogRecord,
        message_dict: dict[str, Any],
    ) -> None:
        """Fill ``log_data`` with the platform's fields (see module docstring)."""
        log_data["timestamp"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        log_data["level"] = record.levelname
        log_data["component"] = record.name
        log_data["operation"] = getattr(record, "operation", None)
        log_data["message"] = record.message
        log_data["session_id"] = getattr(record, "session_id", None)
        duration = getattr(record, "duration_ms", None)
        if duration is not None:
            log_data["duration_ms"] = duration
        exception = message_dict.pop("exc_info", None)
        if exception:
            log_data["exception"] = exception
        if message_dict.get("stack_info"):
            log_data["stack_info"] = message_dict.pop("stack_info")
        log_data.update({k: v for k, v in message_dict.items() if k not in log_data})
        merge_record_extra(record, log_data, reserved=_SKIP)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        """Mask secrets in every value before it is encoded."""
        redacted: dict[str, Any] = self._redactor.redact_value(log_data)
        return redacted

    def format(self, record: logging.LogRecord) -> str:
        """Format the record; the encoded line is redacted once more as a last guard.

        ``RotatingFileHandler`` formats each record twice (once to decide on
        rollover); the last result is reused per thread so the work is done once.
        """
        last = getattr(self._last, "value", None)
        if last is not None and last[0] is record:
            return str(last[1])
        text = self._redactor.redact(super().format(record))
        self._last.value = (record, text)
        return text

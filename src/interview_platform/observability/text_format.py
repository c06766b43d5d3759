"""One readable line per log record, for a person watching the console.

``12:01:02 INFO  session started  session=ab12cd34… minutes=42`` — the local time,
the level, the message, then the session (shortened) and the record's other fields as
``key=value``. Warnings and errors also name their component; an exception's trace
follows on its own lines. Like the JSON lines, every output passes through the
:class:`~interview_platform.observability.redaction.Redactor`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from interview_platform.observability.redaction import Redactor
from interview_platform.observability.repeat_limit import SUPPRESSED_FIELD

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "session_id",
    "operation",
    "duration_ms",
    "audit",
    "action",
    SUPPRESSED_FIELD,
}
_MAX_VALUE_CHARS = 120  # a long field (a prompt, a traceback text) is cut in the console
_SESSION_CHARS = 8


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())  # one line per record
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    return f'"{text}"' if (" " in text or not text) else text


class RedactingTextFormatter(logging.Formatter):
    """Human-readable one-line-per-record formatter whose output is redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        """Format the record as described in the module docstring."""
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        parts = [f"{stamp} {record.levelname:<5} {record.getMessage()}"]
        fields = self._fields(record)
        if fields:
            parts.append(" ".join(fields))
        if record.levelno >= logging.WARNING:
            parts.append(f"[{record.name}]")
        suppressed = getattr(record, SUPPRESSED_FIELD, 0)
        if suppressed:
            parts.append(f"({suppressed} similar suppressed)")
        text = "  ".join(parts)
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            text += "\n" + self.formatStack(record.stack_info)
        return self._redactor.redact(text)

    @staticmethod
    def _fields(record: logging.LogRecord) -> list[str]:
        fields: list[str] = []
        session_id = getattr(record, "session_id", None)
        if session_id:
            sid = str(session_id)
            short = sid if len(sid) <= _SESSION_CHARS else sid[:_SESSION_CHARS] + "…"
            fields.append(f"session={short}")
        duration = getattr(record, "duration_ms", None)
        if duration is not None:
            fields.append(f"took={float(duration):.0f}ms")
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                fields.append(f"{key}={_short(value)}")
        return fields

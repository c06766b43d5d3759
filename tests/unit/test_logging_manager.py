"""Logging without a database: JSON lines, session ids, redaction, rotation, audit queue."""

from __future__ import annotations

import contextvars
import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from interview_platform.config import LoggingSettings
from interview_platform.database.protocol import IDataStore
from interview_platform.models import AuditEvent
from interview_platform.observability.logging_manager import (
    LoggingManager,
    configure_logging,
    current_session_id,
    get_logger,
    session_context,
    timed,
)

API_KEY = "sk-proj-TESTKEY0123456789abcdefXYZ"
DB_URL = "postgresql://app:Hunter2Secret@db.local:5432/interviews"


class _AuditRows:
    """Collects audit events; may fail or block on demand."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self.fail = False
        self.gate: threading.Event | None = None
        self.calls = 0

    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(30)
        if self.fail:
            raise ConnectionError(f"database is down ({DB_URL})")
        self.events.extend(events)


Configure = Callable[..., LoggingManager]


@pytest.fixture()
def configure(tmp_path: Path) -> Iterator[Configure]:
    root = logging.getLogger()
    level = root.level
    managers: list[LoggingManager] = []

    def _configure(store: Any = None, queue: int = 10_000, **settings: Any) -> LoggingManager:
        values = {"file": tmp_path / "logs" / "app.log", "level": "DEBUG", **settings}
        manager = configure_logging(
            LoggingSettings(**values),
            cast(IDataStore, store) if store is not None else None,
            secrets=[API_KEY, DB_URL],
            audit_queue_size=queue,
        )
        managers.append(manager)
        return manager

    yield _configure
    for manager in managers:
        manager.shutdown(timeout=1)
    root.setLevel(level)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _ours(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if getattr(h, "_interview_platform_handler", False)]


def test_lines_are_json_with_the_documented_fields(configure: Configure, tmp_path: Path) -> None:
    manager = configure()
    log = get_logger("interview_platform.test")
    with timed(log, "ai.question", model="gpt-4o") as fields:
        fields["input_tokens"] = 12
    manager.flush()
    line = _lines(tmp_path / "logs" / "app.log")[-1]
    assert list(line)[:7] == [
        "timestamp",
        "level",
        "component",
        "operation",
        "message",
        "session_id",
        "duration_ms",
    ]
    assert line["level"] == "INFO"
    assert line["component"] == "interview_platform.test"
    assert line["operation"] == "ai.question"
    assert line["message"] == "ai.question finished"
    assert line["duration_ms"] >= 0
    assert line["model"] == "gpt-4o" and line["input_tokens"] == 12
    assert line["timestamp"].endswith("+00:00")


def test_timed_failure_logs_error_with_stack_trace_and_reraises(
    configure: Configure, tmp_path: Path
) -> None:
    manager = configure()
    log = get_logger("interview_platform.test")

    def explode() -> None:
        raise ValueError("bad answer")

    with pytest.raises(ValueError, match="bad answer"):
        with timed(log, "ai.evaluate", name="clash-with-record-attribute"):
            explode()
    manager.flush()
    line = _lines(tmp_path / "logs" / "app.log")[-1]
    assert line["level"] == "ERROR"
    assert line["operation"] == "ai.evaluate"
    assert "duration_ms" in line
    assert "Traceback (most recent call last)" in line["exception"]
    assert "in explode" in line["exception"] and "ValueError: bad answer" in line["exception"]
    assert line["field_name"] == "clash-with-record-attribute"


def test_session_id_rides_on_records_inside_the_context_only(
    configure: Configure, tmp_path: Path
) -> None:
    manager = configure()
    log = get_logger("interview_platform.test")
    log.info("before")
    with session_context("sess-1"):
        assert current_session_id() == "sess-1"
        log.info("inside")
        with session_context("sess-2"):
            log.info("nested")
        ctx = contextvars.copy_context()
        copied = threading.Thread(target=ctx.run, args=(log.info, "copied thread"))
        plain = threading.Thread(target=log.info, args=("plain thread",))
        for thread in (copied, plain):
            thread.start()
        for thread in (copied, plain):
            thread.join()
        log.info("explicit wins", extra={"session_id": "other"})
    log.info("after")
    assert current_session_id() is None
    manager.flush()
    by_message = {
        line["message"]: line["session_id"] for line in _lines(tmp_path / "logs" / "app.log")
    }
    assert by_message == {
        "before": None,
        "inside": "sess-1",
        "nested": "sess-2",
        "copied thread": "sess-1",
        "plain thread": None,
        "explicit wins": "other",
        "after": None,
    }


def test_reconfiguring_replaces_handlers_instead_of_duplicating(
    configure: Configure, tmp_path: Path
) -> None:
    root = logging.getLogger()
    configure(_AuditRows())
    first = _ours(root)
    manager = configure(_AuditRows(), console=False)
    assert len(_ours(root)) == 2 and not set(first) & set(_ours(root))
    get_logger("interview_platform.test").info("once")
    manager.flush()
    assert [line["message"] for line in _lines(tmp_path / "logs" / "app.log")].count("once") == 1
    manager.shutdown()
    assert _ours(root) == []


def test_file_rotates_at_max_bytes_keeping_backup_count(
    configure: Configure, tmp_path: Path
) -> None:
    manager = configure(max_bytes=10_000, backup_count=2, console=False)
    log = get_logger("interview_platform.test")
    for i in range(400):
        log.info("line %d %s", i, "x" * 100)
    manager.flush()
    folder = tmp_path / "logs"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["app.log", "app.log.1", "app.log.2"]
    for path in folder.iterdir():
        assert path.stat().st_size <= 10_000
        assert all("message" in line for line in _lines(path))
    assert _lines(folder / "app.log")[-1]["message"].startswith("line 399 ")


def test_level_setting_filters_lower_records(configure: Configure, tmp_path: Path) -> None:
    manager = configure(level="WARNING")
    log = get_logger("interview_platform.test")
    log.info("hidden")
    log.warning("shown")
    manager.flush()
    assert [line["message"] for line in _lines(tmp_path / "logs" / "app.log")] == ["shown"]


def test_add_secrets_later_and_bad_session_context(configure: Configure, tmp_path: Path) -> None:
    manager = configure()
    manager.add_secrets("typed-into-the-ui-key-42")
    get_logger("t").info("key typed-into-the-ui-key-42 accepted")
    manager.flush()
    assert "typed-into-the-ui-key-42" not in (tmp_path / "logs" / "app.log").read_text()
    from interview_platform.exceptions import ValidationError

    with pytest.raises(ValidationError):
        with session_context(""):
            pass

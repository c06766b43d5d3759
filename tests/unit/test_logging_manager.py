"""Logging without a database: JSON lines, session ids, redaction, rotation, audit queue."""

from __future__ import annotations

import contextvars
import logging
import threading
from pathlib import Path

import pytest

from interview_platform.observability.logging_manager import (
    current_session_id,
    get_logger,
    session_context,
    timed,
)
from tests.unit.logging_support import (
    AuditRows,
    Configure,
    configure,
    lines,
    ours,
)

__all__ = ["configure"]  # a fixture used by this module


def test_lines_are_json_with_the_documented_fields(configure: Configure, tmp_path: Path) -> None:
    manager = configure()
    log = get_logger("interview_platform.test")
    with timed(log, "ai.question", model="gpt-4o") as fields:
        fields["input_tokens"] = 12
    manager.flush()
    line = lines(tmp_path / "logs" / "app.log")[-1]
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
    line = lines(tmp_path / "logs" / "app.log")[-1]
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
        line["message"]: line["session_id"] for line in lines(tmp_path / "logs" / "app.log")
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
    configure(AuditRows())
    first = ours(root)
    manager = configure(AuditRows(), console=False)
    assert len(ours(root)) == 2 and not set(first) & set(ours(root))
    get_logger("interview_platform.test").info("once")
    manager.flush()
    assert [line["message"] for line in lines(tmp_path / "logs" / "app.log")].count("once") == 1
    manager.shutdown()
    assert ours(root) == []


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
        assert all("message" in line for line in lines(path))
    assert lines(folder / "app.log")[-1]["message"].startswith("line 399 ")


def test_level_setting_filters_lower_records(configure: Configure, tmp_path: Path) -> None:
    manager = configure(level="WARNING")
    log = get_logger("interview_platform.test")
    log.info("hidden")
    log.warning("shown")
    manager.flush()
    assert [line["message"] for line in lines(tmp_path / "logs" / "app.log")] == ["shown"]


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

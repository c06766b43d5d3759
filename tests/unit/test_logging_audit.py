"""The audit sink without a database: what is audited, redaction, slow or failing stores."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from interview_platform.models import AuditEvent
from interview_platform.observability.logging_manager import (
    audit,
    get_logger,
    session_context,
)
from tests.unit.logging_support import (
    API_KEY,
    DB_URL,
    AuditRows,
    Configure,
    configure,
)

__all__ = ["configure"]  # a fixture used by this module


def test_secrets_never_reach_file_console_or_audit_rows(
    configure: Configure, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = AuditRows()
    manager = configure(rows)
    log = get_logger("interview_platform.test")
    other_key = "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv"
    with session_context("s1"):
        log.info("using key %s and %s", API_KEY, other_key)
        log.warning("connecting to %s", DB_URL, extra={"dsn": DB_URL, "nested": {"k": [API_KEY]}})
        log.info(
            "header", extra={"headers": {"Authorization": "Bearer abcdefghijklmnop1234567890"}}
        )
        audit(log, "provider.configure", f"key set to {API_KEY}", api_key=API_KEY, url=DB_URL)
        try:
            raise ConnectionError(f"could not connect to {DB_URL} with {API_KEY}")
        except ConnectionError:
            log.exception("database failed")
        log.error("other url postgresql://bob:pa%40ss@h/db and password=letmein")
    assert manager.flush()
    outputs = {
        "file": (tmp_path / "logs" / "app.log").read_text("utf-8"),
        "console": capsys.readouterr().err,
        "audit": json.dumps([e.__dict__ for e in rows.events], default=str),
    }
    for where, text in outputs.items():
        for secret in (
            API_KEY,
            "Hunter2Secret",
            other_key,
            "abcdefghijklmnop1234567890",
            "pa%40ss",
            "letmein",
        ):
            assert secret not in text, f"{secret} leaked into {where}"
    assert "postgresql://app:***@db.local:5432/interviews" in outputs["file"]
    assert "connecting to" in outputs["console"]
    assert len(rows.events) == 3  # the audit() call and the two errors
    audited = next(e for e in rows.events if e.action == "provider.configure")
    assert audited.details["api_key"].endswith("***") and audited.session_id == "s1"
    failed = next(e for e in rows.events if e.message == "database failed")
    assert "ConnectionError" in failed.details["exception"]


def test_only_audit_marked_records_and_errors_reach_the_audit_table(
    configure: Configure,
) -> None:
    rows = AuditRows()
    manager = configure(rows)
    log = get_logger("interview_platform.ui")
    log.debug("debug")
    log.info("plain info")
    log.warning("plain warning")
    log.info("marked", extra={"audit": True, "action": "page.view"})
    log.critical("boom")
    audit(log, "session.end", "ended", minutes=42)
    assert manager.flush()
    got = [(e.level, e.action, e.message) for e in rows.events]
    assert got == [
        ("INFO", "page.view", "marked"),
        ("CRITICAL", "error", "boom"),
        ("INFO", "session.end", "ended"),
    ]
    assert rows.events[2].details == {"minutes": 42}
    assert rows.events[2].component == "interview_platform.ui"


def test_failing_database_neither_breaks_nor_blocks_logging(
    configure: Configure, tmp_path: Path
) -> None:
    rows = AuditRows()
    rows.fail = True
    manager = configure(rows)
    log = get_logger("interview_platform.test")
    for i in range(50):
        log.error("request %d failed", i)
    audit(log, "session.start", "started")
    assert manager.flush(timeout=10)
    stats = manager.audit_stats()
    assert stats is not None
    assert stats.written == 0 and stats.failed >= 1 and stats.pending == 0
    assert stats.last_error is not None and "Hunter2Secret" not in stats.last_error
    log.info("still logging")
    manager.flush()
    text = (tmp_path / "logs" / "app.log").read_text("utf-8")
    assert "still logging" in text and "request 49 failed" in text
    assert "database is down" not in text  # sink failures are never logged (no recursion)


def test_slow_database_does_not_block_and_full_queue_drops(configure: Configure) -> None:
    rows = AuditRows()
    rows.gate = threading.Event()
    manager = configure(rows, queue=5)
    log = get_logger("interview_platform.test")
    try:
        for i in range(40):  # would hang here if emitting waited for the database
            log.error("error %d", i)
        stats = manager.audit_stats()
        assert stats is not None and stats.dropped > 0 and stats.written == 0
    finally:
        rows.gate.set()
    assert manager.flush(timeout=10)
    stats = manager.audit_stats()
    assert stats is not None
    assert stats.written == len(rows.events) >= 5
    assert stats.written + stats.dropped == 40


def test_records_logged_while_writing_audit_rows_do_not_recurse(configure: Configure) -> None:
    store_log = logging.getLogger("interview_platform.database.fake")

    class _ChattyRows(AuditRows):
        def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
            store_log.error("retrying write of %d rows", len(events))
            super().write_audit_events(events)

    rows = _ChattyRows()
    manager = configure(rows)
    log = get_logger("interview_platform.test")
    log.error("one")
    assert manager.flush()
    log.error("two")
    assert manager.flush()
    assert [e.message for e in rows.events] == ["one", "two"]
    assert rows.calls == 2

"""Logging into the real ``audit_logs`` table: session ids, redaction, failing database."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_platform.config import LoggingSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.observability.logging_manager import (
    LoggingManager,
    audit,
    configure_logging,
    get_logger,
    session_context,
    timed,
)

pytestmark = pytest.mark.integration

API_KEY = "sk-proj-IntegrationKey0123456789abcdef"
DB_URL = "postgresql://app:S3cr3tPassw0rd@127.0.0.1:5432/interviews"


@pytest.fixture()
def restore_root_level() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


def _configure(tmp_path: Path, store: PostgresDataStore) -> LoggingManager:
    settings = LoggingSettings(file=tmp_path / "logs" / "app.log", level="DEBUG")
    return configure_logging(settings, store.audit, secrets=[API_KEY, DB_URL])


@pytest.mark.usefixtures("restore_root_level")
def test_audit_rows_carry_session_and_never_secrets(
    store: PostgresDataStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manager = _configure(tmp_path, store)
    log = get_logger("interview_platform.session")
    try:
        with session_context("session-42"):
            audit(log, "provider.select", f"chose openai with key {API_KEY}", url=DB_URL)
            try:
                with timed(log, "db.connect", dsn=DB_URL):
                    raise ConnectionError(f"cannot reach {DB_URL} (key {API_KEY})")
            except ConnectionError:
                pass
        log.error("outside any session: %s", DB_URL)
        log.info("not audited")
        assert manager.flush(timeout=10)
    finally:
        manager.shutdown()
    rows = store.audit.list_audit_events(limit=10)
    assert sorted(r.action for r in rows) == ["db.connect", "error", "provider.select"]
    by_action = {r.action: r for r in rows}
    assert by_action["provider.select"].session_id == "session-42"
    assert by_action["db.connect"].session_id == "session-42"
    assert by_action["error"].session_id is None
    assert by_action["db.connect"].level == "ERROR"
    assert "ConnectionError" in by_action["db.connect"].details["exception"]
    assert [r.action for r in store.audit.list_audit_events(session_id="session-42")] == [
        "db.connect",
        "provider.select",
    ]
    everything = {
        "audit": json.dumps([r.__dict__ for r in rows], default=str),
        "file": (tmp_path / "logs" / "app.log").read_text("utf-8"),
        "console": capsys.readouterr().err,
    }
    for where, text in everything.items():
        assert API_KEY not in text, f"API key leaked into {where}"
        assert "S3cr3tPassw0rd" not in text, f"database password leaked into {where}"
        assert "postgresql://app:***@127.0.0.1:5432/interviews" in text
    lines = [json.loads(x) for x in everything["file"].splitlines()]
    assert {x["session_id"] for x in lines if x["message"].startswith("chose openai")} == {
        "session-42"
    }


@pytest.mark.usefixtures("restore_root_level")
def test_unreachable_database_does_not_break_logging(tmp_path: Path) -> None:
    dead = PostgresDataStore(
        "postgresql://postgres@127.0.0.1:1/nowhere", connect_timeout_s=1, retry_attempts=1
    )
    manager = configure_logging(
        LoggingSettings(file=tmp_path / "app.log", console=False), dead.audit, secrets=[API_KEY]
    )
    log = get_logger("interview_platform.ui")
    try:
        for i in range(20):
            log.error("request %d failed", i)
            audit(log, "page.view", f"page {i}")
        log.info("the request went on")
        assert manager.flush(timeout=30)
        stats = manager.audit_stats()
        assert stats is not None and stats.written == 0 and stats.failed >= 1
    finally:
        manager.shutdown(timeout=5)
        dead.close()
    text = (tmp_path / "app.log").read_text("utf-8")
    assert "the request went on" in text and "request 19 failed" in text

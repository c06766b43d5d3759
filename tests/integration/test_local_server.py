"""A private embedded PostgreSQL: the store survives a real server restart; the CLI drives it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_platform.database import local_server
from interview_platform.database.migrate import SCHEMA_VERSION
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import TransientDataStoreError
from interview_platform.models import Candidate, Message, MessageRole, Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture()
def datadir() -> Iterator[Path]:
    # Not under pytest's tmp root: pytest resets that to mode 0700, which locks out the
    # unprivileged user the server runs as when the tests run as root.
    base = Path(tempfile.mkdtemp(prefix="ip-embedded-pg-"))
    path = base / "pg"
    try:
        yield path
    finally:
        local_server.stop(path)
        shutil.rmtree(base, ignore_errors=True)


def _say(store: PostgresDataStore, session_id: str, text: str) -> Message:
    return store.conversation.append_message(Message(session_id, MessageRole.CANDIDATE, text))


def test_store_recovers_after_the_server_restarts(datadir: Path) -> None:
    server = local_server.start(datadir)
    store = PostgresDataStore(server.url(), pool_max=4, retry_base_delay_s=0.05)
    try:
        store.apply_schema()
        candidate = store.candidates.create_candidate(Candidate(name="Restart"))
        session = store.sessions.create_session(Session(candidate.id, "offline", "m"))
        acked = [_say(store, session.id, f"before {i}") for i in range(20)]
        with store.connection(), store.connection():
            pass  # two idle pooled connections that the restart will kill

        assert local_server.stop(datadir) is True
        assert local_server.running_server(datadir) is None
        with pytest.raises(TransientDataStoreError, match="PostgreSQL is running"):
            _say(store, session.id, "while down")

        restarted = local_server.start(datadir)
        assert restarted.url() == server.url()
        assert restarted.pid != server.pid

        acked += [_say(store, session.id, f"after {i}") for i in range(5)]
        stored = store.conversation.get_messages(session.id)
        assert [m.id for m in stored] == [m.id for m in acked]
        assert store.sessions.get_session(session.id) == session
        assert store.pool_in_use == 0
    finally:
        store.close()


def test_start_reuses_a_running_server(datadir: Path) -> None:
    first = local_server.start(datadir)
    again = local_server.start(datadir, database="second_db")
    assert again.pid == first.pid
    store = PostgresDataStore(again.url("second_db"))
    try:
        assert store.health_check()
    finally:
        store.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_platform", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_starts_a_server_that_outlives_the_command(datadir: Path) -> None:
    started = _cli("db", "local-start", "--datadir", str(datadir))
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().splitlines()[-1]
    assert url.startswith("postgresql://") and "interview_platform" in url

    # The starting process has exited; the server still answers.
    waited = _cli("db", "wait", "--url", url, "--timeout", "10")
    assert waited.returncode == 0, waited.stderr
    assert _cli("db", "check", "--url", url).returncode == 1  # no schema yet
    assert _cli("db", "init", "--url", url).returncode == 0
    checked = _cli("db", "check", "--url", url)
    assert checked.returncode == 0 and f"schema version {SCHEMA_VERSION}" in checked.stdout

    again = _cli("db", "local-start", "--datadir", str(datadir))
    assert again.stdout.strip().splitlines()[-1] == url
    assert "reusing" in again.stdout

    assert _cli("db", "local-stop", "--datadir", str(datadir)).returncode == 0
    gone = _cli("db", "wait", "--url", url, "--timeout", "1")
    assert gone.returncode == 1
    assert "refused" in gone.stderr and "fix:" in gone.stderr


def test_cli_wait_names_a_missing_database_at_once(datadir: Path) -> None:
    server = local_server.start(datadir)
    result = _cli("db", "wait", "--url", server.url("no_such_db"), "--timeout", "30")
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "unknown_database" in result.stderr

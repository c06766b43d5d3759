"""A canary API key never comes to rest: not in a table, a log line or a session file.

The run is hostile: the provider refuses the key and echoes it back in its error body
(as real providers echo part of it), the interview falls back to the offline engine, one
evaluation crashes with the key in its error (stored as pending), another ends normally.
Afterwards every table of the database, the log file and every file the sessions wrote
are searched for the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg2 import sql
from testkit.app_settings import app_settings
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.app_factory import App, create_app
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel

pytestmark = pytest.mark.integration

# Not key-shaped on purpose: only the configured-secret redaction can catch it.
CANARY = "canary-7f3e9d1c5b2a48e6a0d4c8b2e6f1a3d5"


@pytest.fixture()
def hostile_provider() -> Iterator[OpenAIStub]:
    server = OpenAIStub(api_key="sk-the-real-key-is-not-this-one-000000")
    with server:
        server.enqueue_error(401, times=20, message=f"Incorrect API key provided: {CANARY}.")
        yield server


@pytest.fixture()
def app(
    store: PostgresDataStore, database_url: str, tmp_path: Path, hostile_provider: OpenAIStub
) -> Iterator[App]:
    settings = app_settings(
        database_url,
        tmp_path,
        logging={"console": False},
        providers={
            "timeout_s": 5.0,
            "max_attempts": 1,
            "openai": {"api_key": CANARY, "base_url": hostile_provider.base_url},
        },
    )
    built = create_app(settings, apply_schema=False)
    yield built
    built.close()


def _interview(app: App, candidate_id: str) -> str:
    session = app.sessions.create(
        candidate_id,
        "openai",
        "gpt-4o",
        [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.SENIOR,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    stream = app.interviewer.reply(session.id, "I would shard the keys by hash.")
    stream.text()
    assert stream.notices, "the refused key must end in the offline fallback"
    return session.id


def _database_text(store: PostgresDataStore) -> str:
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        tables = [row[0] for row in cur.fetchall()]
        dumped = []
        for table in tables:
            cur.execute(sql.SQL("SELECT t::text FROM {} t").format(sql.Identifier(table)))
            dumped.extend(row[0] for row in cur.fetchall())
    assert len(tables) >= 8, tables  # the search saw the whole schema
    return "\n".join(dumped)


def test_the_key_is_nowhere_after_a_run_with_faults(
    app: App, store: PostgresDataStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Canary"))
    ended = _interview(app, candidate.id)
    app.sessions.end(ended)

    crashed = _interview(app, candidate.id)

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError(f"the provider said: key {CANARY} was refused")

    monkeypatch.setattr(app.evaluation, "evaluate_session", crash)
    app.sessions.end(crashed)
    pending = store.sessions.get_session(crashed)
    assert pending is not None and pending.metadata.get("evaluation_pending") is True
    assert "was refused" in str(pending.metadata.get("evaluation_error"))
    app.logging.flush()

    assert CANARY not in _database_text(store)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files) and any("sessions" in p.parts for p in files)
    leaked = [str(p) for p in files if CANARY.encode() in p.read_bytes()]
    assert not leaked

"""Versioned whiteboard saves: a tab saves only over the board it loaded."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2
import pytest

from interview_platform.communication.whiteboard_handler import BoardSave, WhiteboardHandler
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, Session
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration

MINE = {"objects": [{"type": "rect", "left": 10, "top": 10, "width": 90, "height": 40}]}
THEIRS = {"objects": [{"type": "circle", "left": 200, "top": 50, "radius": 30}]}


@pytest.fixture()
def board(store: PostgresDataStore, storage_root: Path) -> tuple[WhiteboardHandler, str]:
    candidate = store.candidates.create_candidate(Candidate(name="Two Tabs"))
    session = store.sessions.create_session(
        Session(candidate_id=candidate.id, provider="offline", model="m")
    )
    return WhiteboardHandler(store.media, FileStorage(storage_root, store.media)), session.id


def test_two_savers_of_the_same_version_one_conflicts(
    board: tuple[WhiteboardHandler, str],
) -> None:
    handler, sid = board
    assert handler.load_versioned(sid).version == 0
    first = handler.save_over(sid, MINE, 0)
    second = handler.save_over(sid, THEIRS, 0)
    assert first == BoardSave(1, conflict=False)
    assert second == BoardSave(1, conflict=True)
    stored = handler.load_versioned(sid)
    assert (stored.canvas, stored.version) == (MINE, 1)
    # The second tab overwrites deliberately, over the version it was told about.
    assert handler.save_over(sid, THEIRS, second.version) == BoardSave(2, conflict=False)
    assert handler.load(sid) == THEIRS
    # The first tab, still holding version 1, is now the stale one.
    assert handler.save_over(sid, {"objects": []}, 1).conflict
    assert handler.load(sid) == THEIRS


def _race(handler: WhiteboardHandler, sid: str, version: int, tabs: int) -> list[BoardSave]:
    """Let ``tabs`` threads save different drawings over one version at the same moment."""
    gate = threading.Barrier(tabs)

    def save(n: int) -> BoardSave:
        gate.wait()
        return handler.save_over(sid, {"objects": [{"type": "rect", "n": n}]}, version)

    with ThreadPoolExecutor(tabs) as pool:
        return list(pool.map(save, range(tabs)))


def test_racing_tabs_never_both_win(board: tuple[WhiteboardHandler, str]) -> None:
    handler, sid = board
    for version in range(5):
        results = _race(handler, sid, version, tabs=4)
        assert [r.conflict for r in results].count(False) == 1, version
        assert {r.version for r in results} == {version + 1}
        assert handler.load_versioned(sid).version == version + 1


def test_a_repeated_save_is_not_a_conflict(board: tuple[WhiteboardHandler, str]) -> None:
    handler, sid = board
    assert handler.save_over(sid, MINE, 0).version == 1
    # The same statement again (a retry after a lost reply) finds its own write.
    assert handler.save_over(sid, MINE, 0) == BoardSave(1, conflict=False)
    assert handler.save_over(sid, THEIRS, 0).conflict


def test_an_unconditional_save_makes_older_tabs_stale(
    board: tuple[WhiteboardHandler, str],
) -> None:
    handler, sid = board
    handler.save_over(sid, MINE, 0)
    handler.save(sid, THEIRS)  # e.g. the drawing saved when the interview ends
    assert handler.load_versioned(sid).version == 2
    assert handler.save_over(sid, MINE, 1).conflict


def test_an_old_table_gains_the_version_column(database_url: str) -> None:
    conn = psycopg2.connect(database_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE SCHEMA old_board")
        cur.execute("SET search_path TO old_board")
        cur.execute(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY);"
            "CREATE TABLE whiteboard_states (session_id TEXT PRIMARY KEY REFERENCES sessions,"
            " canvas JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());"
            "INSERT INTO sessions VALUES ('s1');"
            "INSERT INTO whiteboard_states (session_id, canvas) VALUES ('s1', '{}')"
        )
        schema = Path(__file__).resolve().parents[2] / "src/interview_platform/database/schema.sql"
        alters = [s for s in schema.read_text().split(";") if "whiteboard_states ADD" in s]
        assert len(alters) == 1
        cur.execute(alters[0])
        cur.execute(alters[0])
        cur.execute("SELECT version FROM whiteboard_states WHERE session_id = 's1'")
        assert cur.fetchone() == (0,)
        cur.execute("DROP SCHEMA old_board CASCADE")
    conn.close()

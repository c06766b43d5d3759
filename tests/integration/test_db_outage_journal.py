"""A process killed during a database outage loses neither the reply read nor the usage row.

A real child process builds the app with :func:`create_app` on a temporary storage root,
its database reached through :class:`testkit.db_proxy.DbProxy`. The proxy is cut while
the interviewer's reply streams to the candidate, the child records a paid call's usage,
both are held (and journaled), and the child is SIGKILLed. A new app instance on the
same storage root, with the database back, adopts and stores them exactly once, and the
journal folder ends empty.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit.app_settings import app_settings
from testkit.db_proxy import DbProxy

from interview_platform.app_factory import create_app
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.interviewer.turn_notices import NOT_SAVED_YET
from interview_platform.llm.held_writes import JOURNAL_FOLDER
from interview_platform.llm.journal_codec import decode_message, decode_usage
from interview_platform.models import MessageRole, Operation
from tests.integration.platform_rig import candidate, started

pytestmark = pytest.mark.integration

ANSWER = "Shard the links by their short code."
QUIET = {"console": False}

_ROOT_SETTINGS = """
from testkit.app_settings import app_settings
def settings(url, root):
    return app_settings(
        url, root, logging={"console": False}, jobs={"embedded_worker": False},
        database={"retry_base_delay_s": 0.01, "connect_timeout_s": 2},
    )
"""

# argv: database URL (the proxy), files root, session id, answer. Prints "streaming" once the
# reply's first chunk is out, waits for a line (the parent cuts the database), finishes.
CHILD = _ROOT_SETTINGS + """
import json, sys
from pathlib import Path
from interview_platform.app_factory import create_app
from interview_platform.models import Operation
app = create_app(settings(sys.argv[1], Path(sys.argv[2])), apply_schema=False)
session_id = sys.argv[3]
stream = app.interviewer.reply(session_id, sys.argv[4])
first = next(stream)
print("streaming", flush=True)
sys.stdin.readline()
text = first + "".join(stream)
usage = app.tracker.record(session_id=session_id, provider="openai", model="gpt-4o",
    operation=Operation.RESPONSE_ANALYSIS, input_tokens=1234, output_tokens=56)
held = {"reply": text, "reply_id": stream.message.id, "notices": stream.notices,
        "usage_id": usage.id, "usage_held": app.tracker.unsaved}
print(json.dumps(held), flush=True)
sys.stdin.readline()  # never answered: SIGKILL
"""


@pytest.fixture()
def proxy(database_url: str) -> Iterator[DbProxy]:
    """A proxy in front of the test database, closed after the test."""
    with DbProxy.around(database_url) as running:
        yield running


def _child(url: str, root: Path, session_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(root), session_id, ANSWER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _held_by_killed_child(proxy: DbProxy, root: Path, session_id: str) -> dict[str, Any]:
    child = _child(proxy.url, root, session_id)
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "streaming"
        proxy.cut()  # the candidate is reading the reply as it arrives
        child.stdin.write("go\n")
        child.stdin.flush()
        held: dict[str, Any] = json.loads(child.stdout.readline())
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        child.kill()
        child.wait(timeout=60)
    return held


def _store_journaled_items(journals: Path, store: PostgresDataStore) -> None:
    """Write what the journals hold, as the dead process may have done before dying."""
    for path in sorted(journals.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if "keep" not in entry:
                continue
            if path.name.startswith("reply."):
                store.conversation.append_if_active(decode_message(entry["item"]))
            else:
                store.usage.record_token_usage(decode_usage(entry["item"]))


def _assert_stored_once(store: PostgresDataStore, session_id: str, held: dict[str, Any]) -> None:
    messages = store.conversation.get_messages(session_id)
    assert [(m.role, m.content) for m in messages] == [
        (MessageRole.CANDIDATE, ANSWER),
        (MessageRole.INTERVIEWER, held["reply"]),
    ]
    assert messages[1].id == held["reply_id"]
    assert messages[1].metadata.get("engine") == "offline"  # the reply as it was kept
    usage = store.usage.get_token_usage_by_operation(session_id)
    assert list(usage) == [Operation.RESPONSE_ANALYSIS]
    analysis = usage[Operation.RESPONSE_ANALYSIS]
    assert (analysis.calls, analysis.input_tokens, analysis.output_tokens) == (1, 1234, 56)


@pytest.mark.parametrize("restart", ["database_back", "stored_before_death", "database_down"])
def test_a_reply_and_usage_held_by_a_killed_process_are_stored_once_by_the_next(
    store: PostgresDataStore, proxy: DbProxy, database_url: str, tmp_path: Path, restart: str
) -> None:
    setup = create_app(app_settings(database_url, tmp_path / "setup", logging=QUIET), False)
    session, other = started(setup, candidate(setup)), started(setup, candidate(setup, "Bo"))
    root = tmp_path / "app"
    held = _held_by_killed_child(proxy, root, session.id)
    journals = root / "sessions" / JOURNAL_FOLDER
    assert held["usage_held"] == 1
    assert NOT_SAVED_YET in held["notices"]
    assert sorted(p.name.split(".")[0] for p in journals.iterdir()) == ["reply", "usage"]
    assert [m.role for m in store.conversation.get_messages(session.id)] == [MessageRole.CANDIDATE]
    if restart == "stored_before_death":
        proxy.restore()
        _store_journaled_items(journals, store)  # committed, but never marked done
    if restart != "database_down":
        proxy.restore()
    # The new instance reaches the database through the proxy: cut, or back.
    heir = create_app(app_settings(proxy.url, root, logging=QUIET), apply_schema=False)
    try:
        if restart == "database_down":
            assert heir.tracker.unsaved == 1
            assert [m.id for m in heir.interviewer.unsaved(session.id)] == [held["reply_id"]]
            assert len(list(journals.iterdir())) == 2  # held again, journaled again
            proxy.restore()
            # Another session's turn flushes them: the killed session may never come here.
            heir.interviewer.save_unsaved(other.id)
        _assert_stored_once(store, session.id, held)
        assert list(journals.iterdir()) == []
        assert heir.tracker.unsaved == 0 and heir.interviewer.unsaved(session.id) == []
    finally:
        heir.close()
        setup.close()

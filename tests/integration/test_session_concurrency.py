"""One evaluation per session, nothing stored after the end, turns that do not interleave.

Real PostgreSQL, real threads, provider SDKs against the local wire-protocol stubs.
"Two processes" are two :class:`SessionManager` objects over the same database: they
share no in-process lock, so only what the database guarantees keeps them apart.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from testkit.stubs import OpenAIStub
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import STUB_MODELS, Rig
from testkit.stubs.openai_stub import prompt_text

from interview_platform.config import load_settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evaluation_manager import EvaluationManager
from interview_platform.evaluation.factory import build_evaluation_manager
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric
from interview_platform.exceptions import SessionStateError
from interview_platform.interviewer.reply_stream import NOT_SAVED
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import (
    Candidate,
    Evaluation,
    Message,
    MessageRole,
    Operation,
    Session,
    SessionStatus,
    utcnow,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.session.session_manager import SessionManager

pytestmark = pytest.mark.integration
SESSIONS = 10


def _valid_report() -> str:
    competency = {"score": 4, "confidence": "high", "evidence": ["a cache for hot links"]}
    return json.dumps(
        {
            "competencies": [{"competency": c, **competency} for c in COMPETENCY_IDS],
            "needs_improvement": [{"text": "Say more about abuse", "evidence": []}],
        }
    )


def _llm_evaluation(store: PostgresDataStore, stub: OpenAIStub) -> EvaluationManager:
    settings = load_settings(
        None,
        None,
        environ={},
        overrides={"providers": {"openai": {"api_key": "sk-test", "base_url": stub.base_url}}},
    )
    tracker = TokenTracker(store.usage, settings.pricing)
    gateway = ModelGateway(
        ProviderFactory(settings.providers, environ={}), tracker, settings.budget
    )
    return build_evaluation_manager(store, ProblemBank.load_default(), gateway)


def _active_openai_session(store: PostgresDataStore) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Grace"))
    session = store.sessions.create_session(
        Session(
            candidate.id,
            "openai",
            "gpt-4o",
            problem_id="url-shortener",
            status=SessionStatus.ACTIVE,
            started_at=utcnow(),
        )
    )
    text = "I would put a cache for hot links in front of the database."
    store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, text))
    return session


def _at_once(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run the calls on their own threads, released together; (results, errors)."""
    start = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        start.wait()
        try:
            value = call()
        except BaseException as exc:  # every failure is reported to the test
            with guard:
                errors.append(exc)
            return
        with guard:
            results.append(value)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.parametrize("processes", [1, 2], ids=["two-tabs", "two-processes"])
def test_ending_twice_at_once_evaluates_each_session_once(
    store: PostgresDataStore, processes: int
) -> None:
    with OpenAIStub(api_key="sk-test", default_text=_valid_report(), delay_s=0.05) as stub:
        evaluation = _llm_evaluation(store, stub)
        managers = [SessionManager(store, evaluation) for _ in range(processes)]
        ids = [_active_openai_session(store).id for _ in range(SESSIONS)]
        calls = [
            (lambda sid=sid, m=managers[tab % processes]: m.end(sid))
            for sid in ids
            for tab in range(2)
        ]
        results, errors = _at_once(calls)
        paid = len(stub.completion_requests())

    assert errors == []
    assert paid == SESSIONS, "one paid evaluation call per session"
    by_session: dict[str, set[tuple[str, Any]]] = {}
    for result in results:
        assert isinstance(result, Evaluation)
        by_session.setdefault(result.session_id, set()).add((result.engine, result.created_at))
    assert all(len(seen) == 1 for seen in by_session.values()), "both callers got one evaluation"
    assert sorted(by_session) == sorted(ids)
    for sid in ids:
        assert store.sessions.get_session(sid).status is SessionStatus.COMPLETED  # type: ignore[union-attr]
        usage = store.usage.get_token_usage_by_operation(sid)
        assert usage[Operation.EVALUATION].calls == 1
        stored = store.evaluations.get_evaluation(sid)
        assert stored is not None and stored.engine == "openai/gpt-4o"


def _offline_manager(store: PostgresDataStore) -> SessionManager:
    rubric, bank = load_rubric(), ProblemBank.load_default()
    evaluation = EvaluationManager(store, rubric, bank, OfflineRubricEvaluator(rubric, bank))
    return SessionManager(store, evaluation)


def test_ending_while_a_reply_streams_stores_nothing_after_the_end(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    session = rig.new_session(provider, STUB_MODELS[provider])
    manager = _offline_manager(rig.store)
    stub.enqueue_text("Good. Now, how would you shard the table of links?")
    stream = rig.interviewer.reply(session.id, "A cache in front.", creds=rig.creds(stub, provider))

    first = next(stream)  # the reply is half-way through its stream
    manager.end(session.id)
    rest = "".join(stream)

    assert first and rest and stream.engine == provider
    assert stream.discarded and stream.message is None
    assert NOT_SAVED in stream.notices
    messages = rig.store.conversation.get_messages(session.id)
    assert [m.role for m in messages] == [MessageRole.CANDIDATE]
    assert rig.store.sessions.get_session(session.id).status is SessionStatus.COMPLETED  # type: ignore[union-attr]


def test_two_tabs_answering_one_session_never_interleave(rig: Rig) -> None:
    session = rig.new_session("openai", "gpt-4o")
    with OpenAIStub(chunk_delay_s=0.002) as stub:
        creds = rig.creds(stub, "openai")

        def tab(name: str) -> None:
            for i in range(10):
                rig.interviewer.reply(session.id, f"[{name}-{i}] my answer", creds=creds).text()

        _, errors = _at_once([lambda: tab("A"), lambda: tab("B")])
        requests = stub.completion_requests()

    assert errors == []
    messages = rig.store.conversation.get_messages(session.id)
    roles = [m.role for m in messages]
    assert roles == [MessageRole.CANDIDATE, MessageRole.INTERVIEWER] * 20
    answers = [m.content.split("]")[0] + "]" for m in messages[::2]]
    assert len(set(answers)) == 20 and len(requests) == 20
    for j, request in enumerate(requests):  # reply j was asked for answer j, not a later one
        prompt = prompt_text(request.body)
        assert answers[j] in prompt
        assert not any(later in prompt for later in answers[j + 1 :])


def test_a_pause_read_before_an_end_cannot_undo_it(store: PostgresDataStore) -> None:
    manager = _offline_manager(store)
    session = _active_openai_session(store)
    stale = store.sessions.get_session(session.id)
    assert stale is not None
    manager.end(session.id)

    stale.status = SessionStatus.PAUSED  # the other tab's pause, written after the end
    with pytest.raises(SessionStateError, match="ended"):
        store.sessions.update_session(stale)
    assert store.sessions.get_session(session.id).status is SessionStatus.COMPLETED  # type: ignore[union-attr]
    assert manager.end(session.id).session_id == session.id, "ending again returns it"

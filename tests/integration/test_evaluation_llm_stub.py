"""The LLM evaluator through the real ChatOpenAI client against the local OpenAI stub."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.stubs import OpenAIStub

from interview_platform.config import load_settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.factory import build_evaluation_manager
from interview_platform.evaluation.rubric import COMPETENCY_IDS
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import (
    Candidate,
    ExperienceLevel,
    Message,
    MessageRole,
    Session,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.simulation.script import load_script

pytestmark = pytest.mark.integration
SCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "scripts" / "strong_url_shortener.yaml"


@pytest.fixture()
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(api_key="sk-test") as server:
        yield server  # type: ignore[misc]


def _session(store: PostgresDataStore) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Linus"))
    session = store.sessions.create_session(
        Session(candidate.id, "openai", "gpt-4o", problem_id="url-shortener",
                level=ExperienceLevel.SENIOR)
    )  # fmt: skip
    for turn in load_script(SCRIPT).turns:
        store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, turn))
    return session


def _manager(store: PostgresDataStore, stub: OpenAIStub):  # type: ignore[no-untyped-def]
    settings = load_settings(
        None, None, environ={},
        overrides={"providers": {"openai": {"api_key": "sk-test", "base_url": stub.base_url}}},
    )  # fmt: skip
    tracker = TokenTracker(store.usage, settings.pricing)
    providers = ProviderFactory(settings.providers, environ={})
    gateway = ModelGateway(providers, tracker, settings.budget)
    return build_evaluation_manager(store, ProblemBank.load_default(), gateway)


def _valid() -> str:
    return json.dumps(
        {
            "competencies": [
                {
                    "competency": c,
                    "score": 4,
                    "confidence": "high",
                    "evidence": ["Seven base62 characters give 62^7"],
                }
                for c in COMPETENCY_IDS
            ],
            "needs_improvement": [{"text": "Say more about abuse", "evidence": []}],
        }
    )


def test_malformed_then_valid_answer_through_chat_openai(
    store: PostgresDataStore, stub: OpenAIStub
) -> None:
    session = _session(store)
    stub.enqueue_text("Sorry, here is my view: great candidate.")
    stub.enqueue_text(_valid())
    evaluation = _manager(store, stub).evaluate_session(session.id)

    assert evaluation.engine == "openai/gpt-4o" and not evaluation.is_fallback
    assert [c.score for c in evaluation.competencies] == [4] * 8
    assert evaluation.overall_score == 75.0
    assert evaluation.competencies[0].evidence[0].quote == "Seven base62 characters give 62^7"
    requests = stub.completion_requests()
    assert len(requests) == 2
    assert "Rubric version" in json.dumps(requests[0].body)
    usage = evaluation.token_summary["by_operation"]["evaluation"]
    assert usage["calls"] == 2
    assert usage["input_tokens"] == sum(u.input_tokens for u in stub.usages)
    assert usage["output_tokens"] == sum(u.output_tokens for u in stub.usages)


def test_twice_malformed_answer_falls_back_labelled(
    store: PostgresDataStore, stub: OpenAIStub
) -> None:
    session = _session(store)
    stub.enqueue_text("not json")
    stub.enqueue_text('{"competencies": []}')
    evaluation = _manager(store, stub).evaluate_session(session.id)
    assert evaluation.is_fallback
    assert evaluation.engine.startswith("offline-rubric (fallback: malformed model answer")
    assert len(stub.completion_requests()) == 2
    assert store.evaluations.get_evaluation(session.id).is_fallback  # type: ignore[union-attr]

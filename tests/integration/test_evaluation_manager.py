from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evaluation_manager import EvaluationManager
from interview_platform.evaluation.llm_evaluator import LLMEvaluator
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric
from interview_platform.exceptions import NotFoundError
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    Message,
    MessageRole,
    Operation,
    Session,
    TokenUsage,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.simulation.script import load_script

pytestmark = pytest.mark.integration
SCRIPTS = Path(__file__).resolve().parents[1] / "fixtures" / "scripts"


@pytest.fixture(scope="module")
def bank() -> ProblemBank:
    return ProblemBank.load_default()


def _manager(
    store: PostgresDataStore, bank: ProblemBank, llm_answers: list[str] | None = None
) -> EvaluationManager:
    rubric = load_rubric()

    def factory(session: Session, creds: object = None) -> LLMEvaluator | None:
        if llm_answers is None:
            return None
        return LLMEvaluator(FakeListChatModel(responses=llm_answers), rubric, bank, name="fake/llm")

    return EvaluationManager(
        store, rubric, bank, OfflineRubricEvaluator(rubric, bank), llm_factory=factory
    )


def _session(store: PostgresDataStore, provider: str = "offline", **kw: object) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Grace"))
    fields: dict[str, object] = {
        "provider": provider,
        "model": "m",
        "modes": [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD, CommunicationMode.AUDIO],
        "problem_id": "url-shortener",
        "level": ExperienceLevel.SENIOR,
    }
    fields.update(kw)
    session = store.sessions.create_session(Session(candidate_id=candidate.id, **fields))  # type: ignore[arg-type]
    script = load_script(SCRIPTS / "strong_url_shortener.yaml")
    for turn in script.turns:
        store.conversation.append_message(Message(session.id, MessageRole.INTERVIEWER, "Go on."))
        store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, turn))
    assert script.whiteboard is not None
    store.media.save_whiteboard_state(session.id, script.whiteboard)
    return session


def test_offline_session_is_evaluated_and_stored_with_token_usage(
    store: PostgresDataStore, bank: ProblemBank
) -> None:
    session = _session(store)
    store.usage.record_token_usage(
        TokenUsage(
            session.id,
            "openai",
            "gpt-4o",
            Operation.QUESTION_GENERATION,
            1200,
            300,
            Decimal("0.006"),
        )
    )
    evaluation = _manager(store, bank).evaluate_session(session.id)

    stored = store.evaluations.get_evaluation(session.id)
    assert stored is not None and stored.overall_score == evaluation.overall_score
    assert evaluation.engine == "offline-rubric" and not evaluation.is_fallback
    assert evaluation.token_summary["input_tokens"] == 1200
    assert evaluation.token_summary["total_tokens"] == 1500
    assert Decimal(evaluation.token_summary["cost_usd"]) == Decimal("0.006")
    assert "question_generation" in evaluation.token_summary["by_operation"]
    said = [
        m.content
        for m in store.conversation.get_messages(session.id)
        if m.role is MessageRole.CANDIDATE
    ]
    for competency in evaluation.competencies:
        for evidence in competency.evidence:
            assert any(evidence.quote in turn for turn in said)
    assert evaluation.mode_analysis["whiteboard"]["components"] >= 6
    assert evaluation.mode_analysis["audio"]["note"] == "no audio recorded"


def test_provider_session_uses_the_llm_and_drops_invented_quotes(
    store: PostgresDataStore, bank: ProblemBank
) -> None:
    answer = {
        "competencies": [
            {
                "competency": c,
                "score": 4,
                "confidence": "medium",
                "evidence": ["I would shard by the phase of the moon.", "The system is read-heavy"],
            }
            for c in COMPETENCY_IDS
        ],
        "went_well": [{"text": "Estimates", "evidence": ["The system is read-heavy"]}],
    }
    session = _session(store, provider="openai")
    evaluation = _manager(store, bank, [json.dumps(answer)]).evaluate_session(session.id)
    assert evaluation.engine == "fake/llm"
    assert all(
        [e.quote for e in c.evidence] == ["The system is read-heavy"]
        for c in evaluation.competencies
    )
    assert evaluation.competencies[0].evidence[0].message_id


def test_provider_session_without_a_model_is_labelled_fallback(
    store: PostgresDataStore, bank: ProblemBank
) -> None:
    session = _session(store, provider="anthropic")
    evaluation = _manager(store, bank, None).evaluate_session(session.id)
    assert evaluation.is_fallback
    assert evaluation.engine.startswith("offline-rubric (fallback:")


def test_free_text_session_is_evaluated(store: PostgresDataStore, bank: ProblemBank) -> None:
    session = _session(store, problem_id=None, problem_text="Design a link shortening service")
    evaluation = _manager(store, bank).evaluate_session(session.id)
    assert evaluation.overall_score > 50 and len(evaluation.competencies) == 8


def test_unknown_session_is_not_found(store: PostgresDataStore, bank: ProblemBank) -> None:
    with pytest.raises(NotFoundError):
        _manager(store, bank).evaluate_session("00000000-0000-0000-0000-000000000000")


@pytest.mark.parametrize("whiteboard_on", [True, False])
def test_a_board_offered_and_left_empty_is_graded_as_empty(
    store: PostgresDataStore, bank: ProblemBank, whiteboard_on: bool
) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    modes = [CommunicationMode.TEXT] + ([CommunicationMode.WHITEBOARD] if whiteboard_on else [])
    session = store.sessions.create_session(
        Session(candidate_id=candidate.id, provider="offline", model="m", modes=modes)
    )
    said = "I would put a cache in front of the database and a load balancer before the API."
    store.conversation.append_message(Message(session.id, MessageRole.CANDIDATE, said))

    inp = _manager(store, bank).build_input(store.sessions.get_session(session.id) or session)

    if whiteboard_on:  # nothing saved, yet the board was there: its gaps are feedback
        assert inp.diagram is not None and not inp.diagram.components
        assert inp.gaps is not None and inp.gaps.missing_components
    else:
        assert inp.diagram is None and inp.gaps is None

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evaluation_manager import EvaluationManager
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import load_rubric
from interview_platform.exceptions import (
    InterviewPlatformError,
    NotFoundError,
    SessionStateError,
    ValidationError,
)
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    Evaluation,
    EvaluationStatus,
    MediaKind,
    Message,
    MessageRole,
    SessionStatus,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.session.session_manager import SessionManager
from interview_platform.storage.file_storage import FileStorage

pytestmark = pytest.mark.integration
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FlakyEvaluation(EvaluationManager):
    """A real evaluation manager that crashes while ``broken`` is set."""

    broken = True

    def evaluate_session(
        self, session_id: str, creds: ProviderCredentials | None = None
    ) -> Evaluation:
        if self.broken:
            raise RuntimeError("evaluator crashed")
        return super().evaluate_session(session_id, creds)


@pytest.fixture(scope="module")
def bank() -> ProblemBank:
    return ProblemBank.load_default()


@pytest.fixture()
def evaluation(store: PostgresDataStore, bank: ProblemBank) -> FlakyEvaluation:
    rubric = load_rubric()
    manager = FlakyEvaluation(store, rubric, bank, OfflineRubricEvaluator(rubric, bank))
    manager.broken = False
    return manager


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def sessions(
    store: PostgresDataStore, evaluation: FlakyEvaluation, clock: Clock, storage_root: Path
) -> SessionManager:
    return SessionManager(
        store, evaluation, clock=clock, storage=FileStorage(storage_root, store.media)
    )


@pytest.fixture()
def candidate(store: PostgresDataStore) -> Candidate:
    return store.candidates.create_candidate(Candidate(name="Ada"))


def _new(sessions: SessionManager, candidate: Candidate, **kw: object) -> str:
    args: dict[str, object] = {
        "candidate_id": candidate.id,
        "provider": "offline",
        "model": "rubric-interviewer",
        "modes": ["whiteboard"],
        "level": "senior",
        "problem_id": "url-shortener",
    }
    args.update(kw)
    return sessions.create(**args).id  # type: ignore[arg-type]


def _say(store: PostgresDataStore, session_id: str, text: str) -> None:
    store.conversation.append_message(Message(session_id, MessageRole.CANDIDATE, text))


def test_create_stores_a_validated_session(sessions: SessionManager, candidate: Candidate) -> None:
    session = sessions.get(_new(sessions, candidate, modes=["audio", "text", "audio"]))
    assert session.status is SessionStatus.CREATED
    assert session.modes == [CommunicationMode.TEXT, CommunicationMode.AUDIO]
    assert session.problem_id == "url-shortener"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"candidate_id": "00000000-0000-0000-0000-000000000000"}, "candidate"),
        ({"problem_id": "no-such-problem"}, "no-such-problem"),
        ({"problem_id": None, "problem_text": "hi"}, "at least 10"),
        ({"planned_minutes": 2}, "between 5 and 180"),
        ({"planned_minutes": 500}, "between 5 and 180"),
        ({"modes": ["telepathy"]}, "telepathy"),
        ({"level": "wizard"}, "wizard"),
        ({"model": ""}, "model"),
    ],
)
def test_create_rejects_bad_input(
    sessions: SessionManager, candidate: Candidate, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _new(sessions, candidate, **overrides)


def test_free_text_problem_is_accepted(sessions: SessionManager, candidate: Candidate) -> None:
    sid = _new(sessions, candidate, problem_id=None, problem_text="  Design a pastebin service ")
    session = sessions.get(sid)
    assert session.problem_id is None and session.problem_text == "Design a pastebin service"


def test_unknown_session_is_not_found(sessions: SessionManager) -> None:
    with pytest.raises(NotFoundError):
        sessions.get("00000000-0000-0000-0000-000000000000")


def test_pauses_do_not_count_towards_elapsed_time(
    sessions: SessionManager, candidate: Candidate, clock: Clock
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    clock.advance(300)
    sessions.pause(sid)
    with pytest.raises(SessionStateError, match="paused"):
        sessions.ensure_accepting_input(sid)
    clock.advance(600)
    assert sessions.elapsed_seconds(sessions.get(sid)) == 300
    sessions.resume(sid)
    clock.advance(60)
    assert sessions.elapsed_seconds(sessions.get(sid)) == 360
    sessions.ensure_accepting_input(sid)


def test_illegal_transitions_through_the_manager(
    sessions: SessionManager, candidate: Candidate
) -> None:
    sid = _new(sessions, candidate)
    with pytest.raises(SessionStateError, match="Cannot pause a session that is created"):
        sessions.pause(sid)
    with pytest.raises(SessionStateError, match="Cannot end a session that is created"):
        sessions.end(sid)
    sessions.start(sid)
    with pytest.raises(SessionStateError, match="Cannot start a session that is active"):
        sessions.start(sid)
    sessions.end(sid)
    with pytest.raises(SessionStateError, match="Cannot pause a session that is completed"):
        sessions.pause(sid)
    with pytest.raises(SessionStateError, match="Cannot resume a session that is completed"):
        sessions.resume(sid)


def test_end_refuses_input_keeps_the_recording_and_stores_the_evaluation(
    sessions: SessionManager,
    store: PostgresDataStore,
    candidate: Candidate,
    clock: Clock,
    storage_root: Path,
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    _say(store, sid, "I would put a Redis cache in front of the database for hot links.")
    sessions.save_whiteboard(sid, {"objects": [{"type": "rect"}]})
    clock.advance(1200)
    final = {"objects": [{"type": "rect"}, {"type": "line"}]}
    evaluation = sessions.end(sid, final_canvas=final)

    session = sessions.get(sid)
    assert session.status is SessionStatus.COMPLETED
    assert session.ended_at == T0 + timedelta(seconds=1200)
    assert sessions.elapsed_seconds(session) == 1200
    assert store.media.get_whiteboard_state(sid) == final
    assert session.metadata["recording"]["candidate_turns"] == 1
    assert session.metadata["recording"]["final_drawing_objects"] == 2
    assert evaluation.status is EvaluationStatus.COMPLETED
    assert store.evaluations.get_evaluation(sid) is not None
    transcripts = store.media.list_media_files(sid, MediaKind.TRANSCRIPT)
    assert [m.metadata.get("conversation") for m in transcripts] == [True]
    assert (storage_root / transcripts[0].path).is_file() or Path(transcripts[0].path).is_file()

    with pytest.raises(SessionStateError, match="ended"):
        sessions.ensure_accepting_input(sid)
    with pytest.raises(SessionStateError, match="ended"):
        sessions.save_whiteboard(sid, {"objects": []})


def test_ending_twice_returns_the_stored_evaluation(
    sessions: SessionManager, candidate: Candidate, store: PostgresDataStore
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    first = sessions.end(sid)
    second = sessions.end(sid)
    assert second.created_at == first.created_at and second.engine == first.engine
    assert len(store.media.list_media_files(sid, MediaKind.TRANSCRIPT)) == 1


def test_a_paused_session_can_be_ended(sessions: SessionManager, candidate: Candidate) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    sessions.pause(sid)
    sessions.end(sid)
    assert sessions.get(sid).status is SessionStatus.COMPLETED


def test_crash_during_evaluation_completes_with_pending_then_retry_works(
    sessions: SessionManager,
    evaluation: FlakyEvaluation,
    store: PostgresDataStore,
    candidate: Candidate,
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    _say(store, sid, "First I would clarify the requirements: shorten and redirect.")
    evaluation.broken = True
    pending = sessions.end(sid)

    session = sessions.get(sid)
    assert session.status is SessionStatus.COMPLETED
    assert session.metadata["evaluation_pending"] is True
    assert "evaluator crashed" in session.metadata["evaluation_error"]
    assert pending.status is EvaluationStatus.PENDING
    stored = store.evaluations.get_evaluation(sid)
    assert stored is not None and stored.status is EvaluationStatus.PENDING
    assert len(store.conversation.get_messages(sid)) == 1  # nothing lost

    with pytest.raises(InterviewPlatformError, match="evaluator crashed"):
        sessions.retry_evaluation(sid)
    evaluation.broken = False
    done = sessions.retry_evaluation(sid)
    assert done.status is EvaluationStatus.COMPLETED and done.competencies
    assert "evaluation_pending" not in sessions.get(sid).metadata
    assert store.evaluations.get_evaluation(sid).status is EvaluationStatus.COMPLETED  # type: ignore[union-attr]


def test_a_session_interrupted_while_ending_can_be_finished(
    sessions: SessionManager, candidate: Candidate, store: PostgresDataStore
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    session = sessions.get(sid)
    session.status = SessionStatus.ENDING  # the process died right after this was stored
    store.sessions.update_session(session)
    with pytest.raises(SessionStateError, match="ended"):
        sessions.ensure_accepting_input(sid)
    assert sessions.end(sid).status is EvaluationStatus.COMPLETED
    assert sessions.get(sid).status is SessionStatus.COMPLETED


def test_retry_refuses_a_session_that_has_not_ended(
    sessions: SessionManager, candidate: Candidate
) -> None:
    sid = _new(sessions, candidate)
    sessions.start(sid)
    with pytest.raises(SessionStateError, match="end it first"):
        sessions.retry_evaluation(sid)


def test_unfinished_sessions_are_listed_for_resume_or_end(
    sessions: SessionManager, candidate: Candidate
) -> None:
    done, open_, paused = (_new(sessions, candidate) for _ in range(3))
    for sid in (done, open_, paused):
        sessions.start(sid)
    sessions.pause(paused)
    sessions.end(done)
    unfinished = {s.id for s in sessions.list_unfinished(candidate.id)}
    assert unfinished == {open_, paused}
    sessions.resume(paused)
    sessions.end(paused)
    assert {s.id for s in sessions.list_unfinished(candidate.id)} == {open_}

"""Every repository method stores and returns what it was given, verbatim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import DataStoreError, NotFoundError
from interview_platform.models import (
    AuditEvent,
    Candidate,
    CommunicationMode,
    CompetencyScore,
    Confidence,
    Education,
    Evaluation,
    Evidence,
    ExperienceLevel,
    FeedbackItem,
    ImprovementStep,
    MediaFile,
    MediaKind,
    Message,
    MessageRole,
    Operation,
    ResumeData,
    Session,
    SessionStatus,
    TokenUsage,
    WhiteboardSnapshot,
    WorkExperience,
)

pytestmark = pytest.mark.integration

NASTY = [
    'it\'s "quoted" \\ backslash',
    "'; DROP TABLE messages; --",
    "Ünïcødé — 日本語 — emoji 🚀 — RTL עברית",
    "%s %(name)s {0} $1 ?",
    "x" * 1_000_000,
]


def _session(store: PostgresDataStore, **kwargs: object) -> Session:
    candidate = store.candidates.create_candidate(Candidate(name="Ada", email="ada@example.com"))
    session = Session(candidate_id=candidate.id, provider="offline", model="rubric-v1")
    for key, value in kwargs.items():
        setattr(session, key, value)
    return store.sessions.create_session(session)


def test_candidate_round_trip_and_listing_by_name(store: PostgresDataStore) -> None:
    bob = store.candidates.create_candidate(Candidate(name="Bob O'Brien", email="b@x.io"))
    ada = store.candidates.create_candidate(Candidate(name="Ada", email=""))
    assert store.candidates.get_candidate(bob.id) == bob
    assert [c.name for c in store.candidates.list_candidates()] == ["Ada", "Bob O'Brien"]
    assert store.candidates.get_candidate("missing") is None
    assert ada.created_at.tzinfo is not None


@pytest.mark.parametrize("text", NASTY, ids=["quotes", "injection", "unicode", "format", "1MB"])
def test_message_text_is_stored_verbatim(store: PostgresDataStore, text: str) -> None:
    session = _session(store)
    message = Message(
        session_id=session.id,
        role=MessageRole.CANDIDATE,
        content=text,
        mode=CommunicationMode.AUDIO,
        metadata={"note": text[:1000], "audio_id": "a1", "n": 3},
    )
    store.conversation.append_message(message)
    (loaded,) = store.conversation.get_messages(session.id)
    assert loaded == message
    assert loaded.created_at.utcoffset() == timedelta(0)


def test_resume_round_trip_keeps_raw_text_and_parsed_fields(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    data = ResumeData(
        raw_text=NASTY[1] + "\n" + NASTY[2] + "\n" + NASTY[4],
        name="Ada Lovelace",
        email="ada@example.com",
        experience_level=ExperienceLevel.STAFF,
        years_experience=12.5,
        domain_expertise=["payments", "search"],
        skills=["Kafka", "PostgreSQL"],
        work_experience=[WorkExperience(title="Staff Eng", company="Acme", years=4.0)],
        education=[Education(institution="MIT", degree="BSc", year="2010")],
        parser="llm",
    )
    first = store.candidates.save_resume(candidate.id, 'cv\'s "final".pdf', data)
    assert store.candidates.get_resume(first.id) == first
    newer = store.candidates.save_resume(candidate.id, "cv2.txt", ResumeData(raw_text="short"))
    latest = store.candidates.get_latest_resume(candidate.id)
    assert latest is not None and latest.id == newer.id
    assert store.candidates.get_latest_resume("nobody") is None
    assert store.candidates.get_resume("nope") is None


def test_session_round_trip_and_update(store: PostgresDataStore) -> None:
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    resume = store.candidates.save_resume(candidate.id, "cv.txt", ResumeData(raw_text="cv"))
    session = Session(
        candidate_id=candidate.id,
        provider="anthropic",
        model="claude",
        modes=[CommunicationMode.TEXT, CommunicationMode.WHITEBOARD, CommunicationMode.AUDIO],
        problem_id="url_shortener",
        problem_text=NASTY[1],
        level=ExperienceLevel.SENIOR,
        planned_minutes=60,
        resume_id=resume.id,
        metadata={"phase": "requirements", "budget": "1.50", "nested": {"a": [1, 2]}},
    )
    store.sessions.create_session(session)
    assert store.sessions.get_session(session.id) == session

    session.status = SessionStatus.COMPLETED
    session.started_at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    session.ended_at = session.started_at + timedelta(minutes=47)
    session.modes = []
    session.metadata["ended_by"] = "candidate"
    assert store.sessions.update_session(session) == session
    assert store.sessions.get_session(session.id) == session


def test_update_of_unknown_session_raises_not_found(store: PostgresDataStore) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        store.sessions.update_session(Session(candidate_id="c", provider="p", model="m"))


def test_message_for_unknown_session_is_a_clear_error(store: PostgresDataStore) -> None:
    with pytest.raises(DataStoreError, match="append_message"):
        store.conversation.append_message(
            Message(session_id="ghost", role=MessageRole.SYSTEM, content="x")
        )


def test_history_with_limit_returns_newest_in_order(store: PostgresDataStore) -> None:
    session = _session(store)
    sent = [
        store.conversation.append_message(
            Message(session_id=session.id, role=MessageRole.CANDIDATE, content=f"m{i}")
        )
        for i in range(10)
    ]
    assert [m.content for m in store.conversation.get_messages(session.id)] == [
        m.content for m in sent
    ]
    assert [m.content for m in store.conversation.get_messages(session.id, limit=3)] == [
        "m7",
        "m8",
        "m9",
    ]
    assert store.conversation.count_messages(session.id) == 10
    # Appending the same message again (a retried write) does not duplicate it.
    store.conversation.append_message(sent[0])
    assert store.conversation.count_messages(session.id) == 10


def test_whiteboard_state_upsert_and_snapshots(store: PostgresDataStore) -> None:
    session = _session(store)
    assert store.media.get_whiteboard_state(session.id) is None
    canvas = {"version": "5.3.0", "objects": [{"type": "rect", "text": NASTY[2]}]}
    store.media.save_whiteboard_state(session.id, canvas)
    store.media.save_whiteboard_state(session.id, {"objects": []})
    assert store.media.get_whiteboard_state(session.id) == {"objects": []}

    media = store.media.add_media_file(
        MediaFile(session.id, MediaKind.WHITEBOARD, "wb/1.png", 1234, "ab" * 32)
    )
    snaps = [
        store.media.add_whiteboard_snapshot(
            WhiteboardSnapshot(session.id, media.id, object_count=i, canvas_json=canvas)
        )
        for i in range(3)
    ]
    assert store.media.list_whiteboard_snapshots(session.id) == snaps


def test_media_files_filtered_by_kind(store: PostgresDataStore) -> None:
    session = _session(store)
    audio = store.media.add_media_file(
        MediaFile(session.id, MediaKind.AUDIO, "audio/1.wav", 10, "0" * 64, metadata={"s": 1.5})
    )
    video = store.media.add_media_file(
        MediaFile(session.id, MediaKind.VIDEO, "video/1.mp4", 2**40, "1" * 64)
    )
    assert store.media.list_media_files(session.id) == [audio, video]
    assert store.media.list_media_files(session.id, MediaKind.VIDEO) == [video]
    assert store.media.get_media_file(audio.id) == audio
    assert store.media.get_media_file("none") is None


def _evaluation(session_id: str, score: float = 3.5) -> Evaluation:
    quote = Evidence(quote=NASTY[0], message_id="m1", timestamp=datetime(2026, 1, 1, tzinfo=UTC))
    return Evaluation(
        session_id=session_id,
        engine="offline",
        rubric_version="2026.1",
        overall_score=score,
        hiring_signal="lean hire",
        competencies=[CompetencyScore("estimation", 4, Confidence.HIGH, [quote], "solid")],
        went_well=[FeedbackItem("clear APIs", [quote])],
        needs_improvement=[FeedbackItem(NASTY[1])],
        improvement_plan=[ImprovementStep("estimation", "practice", ["DDIA ch. 1"])],
        mode_analysis={"whiteboard": {"objects": 7, "gaps": ["cache"]}},
        is_fallback=True,
        token_summary={"cost_usd": "0.0123"},
    )


def test_evaluation_upsert_and_progress_listing(store: PostgresDataStore) -> None:
    session = _session(store)
    evaluation = store.evaluations.save_evaluation(_evaluation(session.id, 3.0))
    assert store.evaluations.get_evaluation(session.id) == evaluation
    better = store.evaluations.save_evaluation(_evaluation(session.id, 4.25))
    assert store.evaluations.get_evaluation(session.id) == better
    assert store.evaluations.list_evaluations(session.candidate_id) == [better]
    assert store.evaluations.get_evaluation("none") is None


def test_token_usage_and_audit_round_trip(store: PostgresDataStore) -> None:
    session = _session(store)
    usage = TokenUsage(
        session.id, "openai", "gpt-4o", Operation.EVALUATION, 1200, 300, Decimal("0.012345")
    )
    store.usage.record_token_usage(usage)
    store.usage.record_token_usage(usage)  # retried write: no duplicate
    summary = store.usage.get_token_summary(session.id)
    assert (summary.calls, summary.cost_usd, summary.input_tokens) == (1, Decimal("0.012345"), 1200)

    events = [
        AuditEvent("INFO", "ui", "start", NASTY[1], session_id=session.id, details={"k": NASTY[2]}),
        AuditEvent("ERROR", "ai", "call", "boom", details={"ms": 12.5}),
    ]
    store.audit.write_audit_events(events)
    store.audit.write_audit_events([])
    assert store.audit.list_audit_events(session_id=session.id) == [events[0]]
    assert len(store.audit.list_audit_events(limit=1)) == 1


def test_free_form_metadata_with_rich_values_is_stored_as_json(store: PostgresDataStore) -> None:
    when = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
    session = _session(
        store,
        metadata={
            "at": when,
            "cost": Decimal("0.10"),
            "level": ExperienceLevel.STAFF,
            "tags": ("a", "b"),
            "quote": Evidence(quote="q"),
        },
    )
    loaded = store.sessions.get_session(session.id)
    assert loaded is not None
    assert loaded.metadata == {
        "at": when.isoformat(),
        "cost": "0.10",
        "level": "staff",
        "tags": ["a", "b"],
        "quote": {"quote": "q", "message_id": "", "timestamp": None},
    }
    with pytest.raises(DataStoreError, match="NUL"):
        store.conversation.append_message(Message(session.id, MessageRole.SYSTEM, "nul \x00 byte"))
    with pytest.raises(DataStoreError, match="Cannot store a object in a JSON column"):
        store.conversation.append_message(
            Message(session.id, MessageRole.SYSTEM, "x", metadata={"bad": object()})
        )

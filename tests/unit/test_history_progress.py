"""History's progress read model: the interview's own date, the rubric's titles (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview_platform.application.competencies import competency_title, competency_titles
from interview_platform.application.history import progress_of
from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric
from interview_platform.evaluation_models import CompetencyScore, Confidence, Evaluation
from interview_platform.models import Session

DAY = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _session(started: datetime | None, created: datetime = DAY) -> Session:
    return Session(
        candidate_id="c1",
        provider="offline",
        model="m",
        created_at=created,
        started_at=started,
    )


def _report(session: Session, overall: float, scored: datetime, **scores: int) -> Evaluation:
    return Evaluation(
        session_id=session.id,
        engine="offline-rubric",
        rubric_version="v1",
        overall_score=overall,
        competencies=[CompetencyScore(cid, v, Confidence.HIGH) for cid, v in scores.items()],
        created_at=scored,
    )


def test_points_follow_the_interviews_not_when_they_were_scored() -> None:
    older = _session(DAY)
    newer = _session(DAY + timedelta(days=10))
    # The older interview was scored again a month later: it keeps its place and date.
    reports = [
        _report(newer, 60, DAY + timedelta(days=10), tradeoffs=3),
        _report(older, 80, DAY + timedelta(days=40), tradeoffs=4),
    ]
    progress = progress_of(reports, [newer, older])
    assert [p.held_at for p in progress.points] == [DAY, DAY + timedelta(days=10)]
    assert [p.overall for p in progress.points] == [80, 60]
    assert [p.scores["tradeoffs"] for p in progress.points] == [4, 3]


def test_an_interview_that_never_started_is_placed_when_it_was_created() -> None:
    never = _session(None, created=DAY - timedelta(days=3))
    started = _session(DAY)
    progress = progress_of(
        [_report(started, 50, DAY), _report(never, 10, DAY + timedelta(days=5))],
        [never, started],
    )
    assert [p.held_at for p in progress.points] == [DAY - timedelta(days=3), DAY]


def test_a_report_whose_session_is_gone_is_placed_when_it_was_written() -> None:
    kept = _session(DAY)
    gone = _session(DAY)
    written = DAY + timedelta(days=2)
    progress = progress_of([_report(gone, 40, written), _report(kept, 70, DAY)], [kept])
    assert [p.held_at for p in progress.points] == [DAY, written]


def test_a_competency_not_assessed_is_a_gap() -> None:
    session = _session(DAY)
    report = _report(session, 50, DAY, estimation=2)
    report.competencies[0].assessed = False
    [point] = progress_of([report], [session]).points
    assert point.scores == {"estimation": None}


def test_titles_are_the_rubrics_in_rubric_order() -> None:
    session = _session(DAY)
    report = _report(session, 50, DAY, communication=3, api_data_model=2, requirements=4)
    titles = progress_of([report, report], [session]).titles
    assert list(titles) == ["requirements", "api_data_model", "communication"]
    assert titles["api_data_model"] == "API and data model"  # not "Api and data model"
    assert titles["requirements"] == "Requirements and problem decomposition"


def test_every_rubric_competency_has_its_title_and_no_id_shows() -> None:
    rubric = load_rubric()
    for cid in COMPETENCY_IDS:
        assert competency_title(cid) == rubric.competency(cid).name
        assert "_" not in competency_title(cid)


def test_an_id_from_another_rubric_is_still_readable() -> None:
    assert competency_title("cost_awareness") == "Cost awareness"
    titles = competency_titles(["cost_awareness", "tradeoffs", "cost_awareness"])
    assert titles == {"tradeoffs": "Trade-offs", "cost_awareness": "Cost awareness"}


def test_no_reports_no_points() -> None:
    progress = progress_of([], [])
    assert progress.points == [] and progress.titles == {}

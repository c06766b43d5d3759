"""The claim-based grade: credit, red flags, estimates, not-assessed, feedback and plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from interview_platform.analysis.conversation import analyse
from interview_platform.diagram.model import DiagramGaps
from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.evaluation.feedback import MAX_PLAN_STEPS, overall_score
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import load_rubric
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    ExperienceLevel,
    Message,
    MessageRole,
    Session,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.knowledge import KnowledgeBase

BANK = ProblemBank.load_default()
PROBLEM = BANK.get("url-shortener")
KNOWLEDGE = KnowledgeBase.load_default().for_problem(PROBLEM)
RUBRIC = load_rubric()
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def conversation(*turns: tuple[str, str]) -> list[Message]:
    role = {"i": MessageRole.INTERVIEWER, "c": MessageRole.CANDIDATE}
    return [
        Message("s", role[who], text, id=f"m{i}", created_at=START + timedelta(minutes=i))
        for i, (who, text) in enumerate(turns)
    ]


def evaluate(messages: list[Message], level: ExperienceLevel = ExperienceLevel.SENIOR,
             gaps: DiagramGaps | None = None) -> Evaluation:  # fmt: skip
    session = Session("cand", "offline", "rubric", level=level, problem_id=PROBLEM.id, id="s")
    inp = EvaluationInput(session, PROBLEM, messages, gaps=gaps)
    return OfflineRubricEvaluator(RUBRIC, BANK).evaluate(inp)


def score_of(evaluation: Evaluation, competency: str) -> CompetencyScore:
    return next(c for c in evaluation.competencies if c.competency == competency)


def test_an_idea_the_interviewer_supplied_earns_half() -> None:
    answer = (
        "Put Redis in front of the database with LRU eviction, since a few links get most clicks."
    )
    own = conversation(("i", "How would you keep redirects fast?"), ("c", answer))
    given = conversation(
        ("i", "Here's a nudge. Put Redis in front of the database with LRU eviction. Why?"),
        ("c", answer),
    )
    assert analyse(own, PROBLEM, KNOWLEDGE).credit("caching") == 1.0
    assert analyse(given, PROBLEM, KNOWLEDGE).credit("caching") == 0.5


def test_a_wrong_claim_earns_no_credit_for_its_idea_and_is_flagged() -> None:
    messages = conversation(
        ("i", "Where do the mappings live?"),
        ("c", "We keep everything in Redis as the source of truth, we don't need a database."),
    )
    analysis = analyse(messages, PROBLEM, KNOWLEDGE)
    assert [h.flag.id for h in analysis.flags] == ["cache_as_source_of_truth"]
    assert analysis.credit("caching") <= 0.3


def test_wrong_arithmetic_and_far_off_estimates_are_found() -> None:
    wrong_step = (
        "100 million new links a day divided by 86,400 seconds is about 100,000 writes per second."
    )
    messages = conversation(
        ("i", "What load should we plan for?"),
        ("c", wrong_step),
        ("c", "Redirects run at about 50 redirects per second."),
    )
    kinds = sorted(i.kind for i in analyse(messages, PROBLEM, KNOWLEDGE).figure_issues)
    assert kinds == ["arithmetic", "off_reference"]


def test_a_competency_never_reached_is_not_assessed_and_earns_nothing() -> None:
    scope_only = "Users create short links and open them to be redirected."
    evaluation = evaluate(conversation(("i", "Scope?"), ("c", scope_only)))
    reliability = score_of(evaluation, "reliability")
    assert not reliability.assessed and reliability.confidence is Confidence.LOW
    assert "not assessed" in " ".join(i.text for i in evaluation.needs_improvement)
    assert evaluation.overall_score < 20


def test_overall_ignores_not_assessed_competencies_instead_of_counting_them_as_scores() -> None:
    scores = [CompetencyScore(c, 5, Confidence.HIGH) for c in RUBRIC.ids()]
    full = overall_score(RUBRIC, scores)
    scores[0] = CompetencyScore(scores[0].competency, 5, Confidence.LOW, assessed=False)
    assert full == 100.0 and overall_score(RUBRIC, scores) < full


def test_a_major_red_flag_caps_its_competency_and_is_explained_with_the_quote() -> None:
    strong_reliability = (
        "The store is replicated three ways with automatic failover, so if a node goes down "
        "another replica keeps serving redirects."
    )
    wrong = "We keep everything in Redis as the source of truth, we don't need a database."
    evaluation = evaluate(conversation(("c", strong_reliability), ("c", wrong)))
    assert score_of(evaluation, "reliability").score <= 2
    item = next(i for i in evaluation.needs_improvement if "cache holds a copy" in i.text)
    assert item.evidence and item.evidence[0].quote in wrong


def test_a_score_of_three_or_more_always_has_a_quote() -> None:
    turns = [
        ("c", "It's read heavy, roughly 100 to 1, so the redirect path is the one to optimise."),
        ("c", "10 million new links a day is about 115 writes per second, maybe 300 at peak."),
        ("c", "POST /shorten takes the long URL and GET /{code} returns a 302 redirect."),
    ]
    evaluation = evaluate(conversation(*turns))
    for score in evaluation.competencies:
        if score.assessed and score.score >= 3:
            assert score.evidence, score.competency


def test_the_plan_is_short_and_each_resource_appears_once() -> None:
    evaluation = evaluate(conversation(("c", "I'd use a database."), ("c", "Not sure.")))
    plan = evaluation.improvement_plan
    assert 1 <= len(plan) <= MAX_PLAN_STEPS
    resources = [r for step in plan for r in step.resources]
    assert len(resources) == len(set(resources))
    assert not any(step.step.startswith("Aim for: Mentions") for step in plan)


def test_a_strong_candidate_gets_growth_advice_from_the_level_above_and_the_diagram() -> None:
    from pathlib import Path

    from interview_platform.simulation.dry_run import dry_run
    from interview_platform.simulation.script import load_script

    path = Path(__file__).resolve().parents[1] / "fixtures/calibration/url-shortener/excellent.yaml"
    evaluation = dry_run(load_script(path), BANK).evaluation
    assert evaluation is not None
    steps = " ".join(s.step for s in evaluation.improvement_plan)
    assert "staff bar" in steps
    assert evaluation.improvement_plan, "even a top candidate gets something to grow"


@pytest.mark.parametrize("level", [ExperienceLevel.MID, ExperienceLevel.STAFF])
def test_targets_are_phrased_as_the_behaviour_wanted_at_the_level(level: ExperienceLevel) -> None:
    evaluation = evaluate(conversation(("c", "We need an API and a database.")), level=level)
    wanted = {c.id: c.expectations[level.value] for c in RUBRIC.competencies}
    assert any(
        step.step.startswith(wanted[step.competency]) for step in evaluation.improvement_plan
    )


def test_a_weak_candidate_is_not_sent_to_the_next_level() -> None:
    evaluation = evaluate(conversation(("c", "I'd use a database."), ("c", "Not sure.")))
    assert not any("bar:" in step.step for step in evaluation.improvement_plan)


def test_each_misconception_is_reported_once_however_often_it_is_said() -> None:
    wrong = "We keep everything in Redis as the source of truth, we don't need a database."
    evaluation = evaluate(conversation(("c", wrong), ("c", wrong), ("c", wrong)))
    items = [i for i in evaluation.needs_improvement if "cache holds a copy" in i.text]
    assert len(items) == 1
    steps = [s for s in evaluation.improvement_plan if "cache holds a copy" in s.step]
    assert len(steps) == 1


def test_a_question_asked_and_dodged_is_assessed_not_skipped() -> None:
    messages = conversation(
        ("i", "What request rate should the design handle at peak?"),
        ("c", "Can we skip the numbers part?"),
    )
    messages[0].metadata = {"topic": "traffic_estimate"}
    estimation = score_of(evaluate(messages), "estimation")
    assert estimation.assessed and estimation.score == 1

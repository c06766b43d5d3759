"""The evaluation report: the CLI's JSON document, the JSON download and the Markdown download."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.report import (
    evaluation_document,
    report_json,
    report_markdown,
)
from interview_platform.evaluation.rubric import load_rubric
from interview_platform.models import Evaluation, Message, MessageRole, Session
from interview_platform.problems.bank import ProblemBank

BANK = ProblemBank.load_default()
RUBRIC = load_rubric()
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ANSWER = (
    "I would put a load balancer in front of stateless API servers, store the short "
    "codes in a sharded key-value store keyed by code, and cache hot codes in Redis."
)


def graded() -> Evaluation:
    problem = BANK.get("url-shortener")
    session = Session("cand", "offline", "rubric", problem_id=problem.id, id="s")
    messages = [Message("s", MessageRole.CANDIDATE, ANSWER, id="m1", created_at=START)]
    return OfflineRubricEvaluator(RUBRIC, BANK).evaluate(
        EvaluationInput(session, problem, messages)
    )


def test_the_document_names_each_competency_and_keeps_its_quotes() -> None:
    evaluation = graded()
    document = evaluation_document(evaluation, RUBRIC)
    names = {c["id"]: c["name"] for c in document["competencies"]}
    assert names == {c.id: c.name for c in RUBRIC.competencies if c.id in names}
    assert len(names) == len(evaluation.competencies)
    quotes = [e["quote"] for c in document["competencies"] for e in c["evidence"]]
    assert quotes and all(q in ANSWER for q in quotes)
    assert all(e["message_id"] == "m1" for c in document["competencies"] for e in c["evidence"])
    json.dumps(document)  # the CLI prints it: it must be plain JSON data


def test_the_json_download_holds_every_stored_field() -> None:
    evaluation = graded()
    data = json.loads(report_json(evaluation))
    assert data["session_id"] == "s"
    assert data["overall_score"] == evaluation.overall_score
    assert [c["competency"] for c in data["competencies"]] == [
        c.competency for c in evaluation.competencies
    ]


def test_the_markdown_download_has_the_score_table_feedback_and_plan() -> None:
    evaluation = graded()
    text = report_markdown(evaluation, title="Sam's interview")
    assert text.startswith("# Sam's interview\n")
    assert f"**Overall score:** {evaluation.overall_score:.0f}/100" in text
    for score in evaluation.competencies:
        assert f"| {score.competency} | {score.label} | {score.confidence.value} |" in text
    for heading in ("Went well", "Went okay", "Needs improvement", "Improvement plan"):
        assert f"## {heading}\n" in text
    for step in evaluation.improvement_plan:
        assert f"- **{step.competency}:** {step.step}" in text

from __future__ import annotations

import json
from typing import Any

import pytest

from interview_platform.evaluation.grade_schema import (
    MalformedReportError,
    parse_report,
    schema_text,
)
from interview_platform.evaluation.rubric import COMPETENCY_IDS


def _report(**overrides: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "competencies": [
            {"competency": cid, "score": 3, "confidence": "medium", "evidence": []}
            for cid in COMPETENCY_IDS
        ],
        "went_well": [],
        "went_okay": [{"text": "ok", "evidence": []}],
        "needs_improvement": [],
        "improvement_plan": [],
    }
    data.update(overrides)
    return data


def test_valid_report_in_a_code_fence_is_parsed() -> None:
    report = parse_report("Here you go:\n```json\n" + json.dumps(_report()) + "\n```")
    assert [c.competency for c in report.competencies] == list(COMPETENCY_IDS)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("no json here", "not valid JSON"),
        (json.dumps(_report(competencies=[])), "competencies"),
        (
            json.dumps(
                _report(
                    competencies=[
                        {"competency": c, "score": 9, "confidence": "high"} for c in COMPETENCY_IDS
                    ]
                )
            ),
            "score",
        ),
    ],
)
def test_malformed_answers_are_rejected_saying_where(text: str, where: str) -> None:
    with pytest.raises(MalformedReportError, match=where):
        parse_report(text)


def test_the_schema_puts_evidence_and_rationale_before_the_score() -> None:
    schema = json.loads(schema_text())
    fields = list(schema["$defs"]["LLMCompetency"]["properties"])
    assert fields.index("evidence") < fields.index("rationale") < fields.index("score")


def test_not_assessed_is_a_null_score_and_an_assessed_one_needs_a_score() -> None:
    items: list[dict[str, Any]] = [
        {"competency": c, "evidence": [], "assessed": False, "score": None} for c in COMPETENCY_IDS
    ]
    report = parse_report(json.dumps(_report(competencies=items)))
    assert all(c.score is None and not c.assessed for c in report.competencies)
    items[0] = {"competency": COMPETENCY_IDS[0], "assessed": True, "score": None}
    with pytest.raises(MalformedReportError, match="score is required"):
        parse_report(json.dumps(_report(competencies=items)))

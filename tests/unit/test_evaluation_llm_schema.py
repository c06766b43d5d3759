from __future__ import annotations

import json

import pytest

from interview_platform.evaluation.llm_schema import MalformedReportError, parse_report
from interview_platform.evaluation.rubric import COMPETENCY_IDS


def _report(**overrides: object) -> dict:
    data = {
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

"""An improvement plan names each reading once (issue 13: the same books 2-3 times)."""

from __future__ import annotations

import json
from pathlib import Path

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from interview_platform.evaluation.llm_evaluator import LLMEvaluator
from interview_platform.evaluation.plan_resources import distinct_resources
from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric
from interview_platform.models import ImprovementStep
from interview_platform.problems.bank import ProblemBank
from interview_platform.simulation.script import load_script
from interview_platform.simulation.scripted import scripted_input

SCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "scripts" / "strong_url_shortener.yaml"
DDIA_6 = "Designing Data-Intensive Applications (Kleppmann), chapter 6: Partitioning"
DDIA_5 = "Designing Data-Intensive Applications (Kleppmann), chapter 5: Replication"


def _resources(steps: list[ImprovementStep]) -> list[list[str]]:
    return [step.resources for step in distinct_resources(steps)]


def test_a_reading_is_kept_only_where_it_is_first_cited() -> None:
    steps = [
        ImprovementStep("deep_dive_scalability", "Shard the store.", [DDIA_6, "Karger et al."]),
        ImprovementStep("deep_dive_scalability", "Cache hot keys.", [DDIA_6, "Karger et al."]),
        ImprovementStep("reliability", "Replicate.", [DDIA_5, DDIA_6]),
    ]
    assert _resources(steps) == [[DDIA_6, "Karger et al."], [], [DDIA_5]]
    assert [s.step for s in distinct_resources(steps)] == [s.step for s in steps]


def test_the_same_reading_spelled_differently_is_one_reading() -> None:
    spelled = "designing data intensive applications by Martin Kleppmann, Ch. 6"
    steps = [
        ImprovementStep("a", "x", [DDIA_6]),
        ImprovementStep("b", "y", [spelled]),
        ImprovementStep("c", "z", ["The Designing Data-Intensive Applications (M. Kleppmann)"]),
        ImprovementStep("d", "w", ["  the google SRE book  ", "Google SRE Book"]),
    ]
    assert _resources(steps) == [[DDIA_6], [], [], ["  the google SRE book  "]]


def test_different_chapters_and_different_practices_stay() -> None:
    practices = [
        "Practice: record a mock interview and count filler words",
        "Practice: estimate storage for a photo service",
    ]
    book = ["Designing Data-Intensive Applications", DDIA_5, DDIA_6]
    steps = [ImprovementStep("a", "x", book), ImprovementStep("b", "y", practices)]
    assert _resources(steps) == [book, practices]


def test_a_model_plan_with_one_competency_twice_cites_its_books_once() -> None:
    bank = ProblemBank.load_default()
    rubric = load_rubric()
    report = {
        "competencies": [
            {"competency": cid, "score": 3, "confidence": "high", "evidence": [], "rationale": "r"}
            for cid in COMPETENCY_IDS
        ],
        "went_well": [],
        "went_okay": [],
        "needs_improvement": [],
        "improvement_plan": [
            {"competency": "reliability", "step": "Set recovery objectives."},
            {"competency": "reliability", "step": "Plan for a region outage."},
            {"competency": "tradeoffs", "step": "Weigh it.", "resources": [DDIA_5, DDIA_6]},
        ],
    }
    model = FakeListChatModel(responses=[json.dumps(report)])
    evaluator = LLMEvaluator(model, rubric, bank, on_usage=lambda i, o: None, name="fake/model")
    evaluation = evaluator.evaluate(scripted_input(load_script(SCRIPT), bank, "llm"))
    plan = evaluation.improvement_plan
    assert not evaluation.is_fallback
    assert plan[0].resources == list(rubric.competency("reliability").resources)
    assert plan[1].resources == []  # the rubric's books again: already cited above
    assert plan[2].resources == [DDIA_6]  # chapter 5 is among reliability's readings
    cited = [r for step in plan for r in step.resources]
    assert len(cited) == len(set(cited))

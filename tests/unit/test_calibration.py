"""The grader on the calibration set: real candidates ranked right, gaming refused.

Each folder of tests/fixtures/calibration holds ten scripted candidates for one bank
problem (see its README). They run through the offline interviewer with a moving clock
and are graded by the offline rubric evaluator, exactly as ``calibrate`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_platform.cli.calibrate import Row, grade_folder, table
from interview_platform.problems.bank import ProblemBank
from interview_platform.simulation.dry_run import dry_run
from interview_platform.simulation.script import load_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ROOT = FIXTURES / "calibration"
# Written blind after the grader was tuned on ROOT; kept apart to show it generalises.
HELD_OUT = FIXTURES / "calibration_heldout"
PROBLEMS = sorted(p.name for p in ROOT.iterdir() if p.is_dir()) + sorted(
    p.name for p in HELD_OUT.iterdir() if p.is_dir()
)
BANK = ProblemBank.load_default()
FAIL_SIGNALS = {"no hire", "lean no hire"}


@pytest.fixture(scope="module")
def graded() -> dict[str, dict[str, Row]]:
    rows = grade_folder(ROOT, BANK) + grade_folder(HELD_OUT, BANK)
    result: dict[str, dict[str, Row]] = {}
    for row in rows:
        problem, archetype = row.candidate.split("/")
        result.setdefault(problem, {})[archetype] = row
    return result


def test_the_sets_cover_six_problems_with_ten_archetypes_each() -> None:
    assert len(PROBLEMS) >= 6
    for problem in PROBLEMS:
        folder = ROOT / problem if (ROOT / problem).is_dir() else HELD_OUT / problem
        assert len(list(folder.glob("*.yaml"))) == 10


@pytest.mark.parametrize("problem", PROBLEMS)
def test_real_candidates_are_ranked_in_order(
    graded: dict[str, dict[str, Row]], problem: str
) -> None:
    s = {name: row.score for name, row in graded[problem].items()}
    assert s["excellent"] >= s["good"] > s["mediocre"] > s["poor"] >= s["off_topic"]
    assert s["good"] - s["mediocre"] >= 15


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("gamer", ["keyword_stuffer", "verbose_wrong"])
def test_buzzwords_and_confident_errors_do_not_pay(
    graded: dict[str, dict[str, Row]], problem: str, gamer: str
) -> None:
    rows = graded[problem]
    assert rows[gamer].score <= rows["good"].score - 25
    assert rows[gamer].signal in FAIL_SIGNALS


@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_confident_wrong_candidate_is_caught_saying_wrong_things(
    graded: dict[str, dict[str, Row]], problem: str
) -> None:
    flags = [f for f in graded[problem]["verbose_wrong"].red_flags if not f.startswith("est")]
    assert len(flags) >= 2
    assert not [
        f for f in graded[problem]["good"].red_flags if not f.startswith("estimate:")
    ], "a correct candidate was flagged for a misconception"


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize(
    ("variant", "within"), [("terse_correct", 15), ("reworded", 10), ("noisy", 15)]
)
def test_form_does_not_move_the_grade_much(
    graded: dict[str, dict[str, Row]], problem: str, variant: str, within: float
) -> None:
    rows = graded[problem]
    assert abs(rows[variant].score - rows["good"].score) <= within


def test_grades_repeat_exactly() -> None:
    script = load_script(ROOT / "url-shortener" / "mediocre.yaml")
    first, second = dry_run(script, BANK), dry_run(script, BANK)
    assert first.evaluation is not None and second.evaluation is not None
    assert first.evaluation.overall_score == second.evaluation.overall_score
    assert [m.content for m in first.messages] == [m.content for m in second.messages]
    assert [c.score for c in first.evaluation.competencies] == [
        c.score for c in second.evaluation.competencies
    ]


def test_the_table_has_a_row_per_candidate_and_marks_not_assessed(
    graded: dict[str, dict[str, Row]],
) -> None:
    rows = list(graded["url-shortener"].values())
    text = table(rows)
    assert len(text.splitlines()) == len(rows) + 1
    off_topic = next(line for line in text.splitlines() if "off_topic" in line)
    assert " - " in off_topic and "no hire" in off_topic


def test_the_calibrate_command_prints_a_table_or_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from interview_platform.__main__ import main

    folder = ROOT / "rate-limiter"
    assert main(["calibrate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("candidate") and "verbose_wrong" in out
    assert main(["calibrate", str(folder), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["candidate"] for r in rows} >= {"good", "keyword_stuffer"}
    assert main(["calibrate", str(tmp_path)]) == 2
    assert "No candidate scripts" in capsys.readouterr().err

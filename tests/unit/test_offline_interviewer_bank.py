"""The offline interviewer over every problem of the shipped problem bank."""

from __future__ import annotations

import pytest
from testkit.simulated_candidates import CANDIDATES, repeated_questions, run_interview

from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.models import ExperienceLevel, MessageRole

problem_bank = pytest.importorskip("interview_platform.problems.bank")
PROBLEMS = problem_bank.ProblemBank.load_default().all()


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.id)
@pytest.mark.parametrize("script", ["average", "weak", "gibberish"])
def test_bank_problem_interview_asks_one_new_question_per_turn(problem, script) -> None:  # type: ignore[no-untyped-def]
    history, _ = run_interview(
        OfflineInterviewer(), problem, CANDIDATES[script], level=ExperienceLevel.STAFF
    )
    assert repeated_questions(history) == []
    for message in history:
        if message.role is MessageRole.INTERVIEWER:
            assert message.content.count("?") == 1, message.content

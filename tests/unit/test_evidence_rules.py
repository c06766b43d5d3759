"""A good score whose quotes were all invented is lowered once the evidence is checked."""

from __future__ import annotations

from interview_platform.evaluation.evidence_rules import demote_unsupported, enforce_evidence
from interview_platform.evaluation.rubric import COMPETENCY_IDS, load_rubric
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    Evidence,
    ExperienceLevel,
    Message,
    MessageRole,
)

SAID = "I would put Redis in front of the database so most redirects never reach it."
MESSAGES = [Message("s", MessageRole.CANDIDATE, SAID, id="c1")]
INVENTED = Evidence("I would store links on a blockchain.")


def _evaluation(first: CompetencyScore) -> Evaluation:
    others = [
        CompetencyScore(cid, 4, Confidence.HIGH, [Evidence(SAID)]) for cid in COMPETENCY_IDS[1:]
    ]
    return Evaluation("s", "llm", "x", overall_score=75.0, competencies=[first, *others])


def test_a_score_of_three_or_more_with_only_invented_quotes_is_lowered_to_two() -> None:
    before = _evaluation(CompetencyScore(COMPETENCY_IDS[0], 4, Confidence.HIGH, [INVENTED], "ok"))
    after = enforce_evidence(before, MESSAGES, load_rubric(), ExperienceLevel.SENIOR)

    lowered = after.competencies[0]
    assert (lowered.score, lowered.confidence, lowered.evidence) == (2, Confidence.LOW, [])
    assert lowered.rationale.startswith("ok Lowered:")
    assert [c.score for c in after.competencies[1:]] == [4] * 7
    assert after.overall_score < before.overall_score and after.hiring_signal


def test_a_score_keeping_one_real_quote_or_never_quoted_or_already_low_is_left_alone() -> None:
    cases = [
        CompetencyScore(COMPETENCY_IDS[0], 4, Confidence.HIGH, [INVENTED, Evidence(SAID)]),
        CompetencyScore(COMPETENCY_IDS[0], 3, Confidence.MEDIUM, []),
        CompetencyScore(COMPETENCY_IDS[0], 2, Confidence.MEDIUM, [INVENTED]),
        CompetencyScore(COMPETENCY_IDS[0], 1, Confidence.LOW, [INVENTED], assessed=False),
    ]
    for case in cases:
        before = _evaluation(case)
        after = enforce_evidence(before, MESSAGES, load_rubric(), ExperienceLevel.SENIOR)
        assert after.competencies[0].score == case.score, case
        assert after.competencies[0].confidence is case.confidence, case
        assert after.overall_score == before.overall_score


def test_demotion_compares_before_and_after_verification() -> None:
    before = _evaluation(CompetencyScore(COMPETENCY_IDS[0], 5, Confidence.HIGH, [INVENTED]))
    after = _evaluation(CompetencyScore(COMPETENCY_IDS[0], 5, Confidence.HIGH, []))
    assert demote_unsupported(before, after).competencies[0].score == 2
    assert demote_unsupported(after, after).competencies[0].score == 5

"""Problem knowledge: the shipped files are valid, complete, and their patterns really fire."""

from __future__ import annotations

import pytest

from interview_platform.analysis.claim_credit import Support, support_for
from interview_platform.analysis.claim_flags import flag_hits
from interview_platform.analysis.claims import (
    read_claim,
    split_claims,
)
from interview_platform.analysis.conversation import problem_vocabulary
from interview_platform.exceptions import ValidationError
from interview_platform.problems.bank import ProblemBank, general_problem
from interview_platform.problems.knowledge import (
    GENERAL_ID,
    KnowledgeBase,
    check_against,
    knowledge_from_yaml,
)

BANK = ProblemBank.load_default()
BASE = KnowledgeBase.load_default()
PROBLEMS = [p.id for p in BANK.all()]
FILES = [GENERAL_ID, *BASE.ids()]


def _own(problem_id: str):
    return BASE.general if problem_id == GENERAL_ID else BASE.own(problem_id)


def _problem(problem_id: str):
    return general_problem() if problem_id == GENERAL_ID else BANK.get(problem_id)


@pytest.mark.parametrize("problem_id", PROBLEMS)
def test_every_bank_problem_has_rich_knowledge(problem_id: str) -> None:
    own = BASE.own(problem_id)
    assert own is not None, f"no knowledge file for {problem_id}"
    assert len(own.key_points) >= 8
    assert len(own.figures) >= 1
    assert len(own.red_flags) >= 3
    assert {"mid", "senior", "staff"} <= set(own.level_bar)


@pytest.mark.parametrize("problem_id", FILES)
def test_key_points_name_concepts_of_their_problem(problem_id: str) -> None:
    check_against(_own(problem_id), _problem(problem_id))


@pytest.mark.parametrize("problem_id", FILES)
def test_key_point_examples_earn_reasoned_credit(problem_id: str) -> None:
    problem = _problem(problem_id)
    concepts = {c.id: c for c in problem.concepts}
    vocabulary = problem_vocabulary(problem, BASE.for_problem(problem))
    for point in _own(problem_id).key_points:
        keywords = concepts[point.concept].keywords
        for example in point.examples:
            claim = read_claim(example, vocabulary)
            got = support_for(claim, keywords, [point], vocabulary)
            assert got == Support.REASONED, f"{problem_id}/{point.id}: {example!r} earns {got}"


@pytest.mark.parametrize("problem_id", FILES)
def test_red_flag_examples_fire_and_counter_examples_do_not(problem_id: str) -> None:
    def fires(text: str, flag: object) -> bool:
        return any(flag in flag_hits(read_claim(c), [flag]) for c in split_claims(text))

    for flag in _own(problem_id).red_flags:
        for example in flag.examples:
            assert fires(example, flag), f"{flag.id}: {example!r}"
        for counter in flag.counter_examples:
            assert not fires(counter, flag), f"{flag.id}: {counter!r}"


@pytest.mark.parametrize("problem_id", PROBLEMS)
def test_problem_flags_do_not_shadow_general_ids(problem_id: str) -> None:
    own = BASE.own(problem_id)
    assert own is not None
    general_ids = {f.id for f in BASE.general.red_flags}
    assert not general_ids & {f.id for f in own.red_flags}


def test_free_text_problem_gets_only_the_general_set() -> None:
    custom = BANK.custom_problem("Design a real-time global leaderboard for a mobile game")
    knowledge = BASE.for_problem(custom)
    assert {f.id for f in knowledge.red_flags} == {f.id for f in BASE.general.red_flags}
    assert not knowledge.figures


def test_bank_problem_gets_its_own_and_the_general_flags() -> None:
    knowledge = BASE.for_problem(BANK.get("url-shortener"))
    ids = {f.id for f in knowledge.red_flags}
    assert "hash_without_collisions" in ids and "cache_as_source_of_truth" in ids
    assert knowledge.figures and knowledge.bar("senior")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("problem: x\nkey_points: [{id: a}]", "key_points"),
        ("problem: x\nred_flags: [{id: a, competency: nope}]", "competency"),
        ("problem: x\nsurprise: 1", "surprise"),
        ("- a list", "mapping"),
        ("problem: [", "not valid YAML"),
    ],
)
def test_invalid_knowledge_is_reported_with_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        knowledge_from_yaml(text, "bad.yaml")


def test_probe_must_be_one_question() -> None:
    text = """
problem: x
red_flags:
  - id: f
    competency: reliability
    claim: A claim that is wrong.
    all_of: [[a]]
    probe: Is this one? Or two?
    correction: The correction text.
    examples: [a]
"""
    with pytest.raises(ValidationError, match="probe"):
        knowledge_from_yaml(text, "bad.yaml")

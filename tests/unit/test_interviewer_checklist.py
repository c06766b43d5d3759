"""An experienced interviewer's checklist over simulated interviews of every bank problem.

For every bank problem, at mid and senior level, a candidate built from the problem's
own knowledge (its key-point examples, one of its red flags, a scale question and an
"I don't know") goes through a whole 45-minute interview with the clock moving. Every
interviewer turn is then checked as a demanding reviewer of transcripts would: one
question per turn, no praise after a wrong claim, no question about what was already
said, at most two turns in a row on one topic, a phase announcement that agrees with
its question, no reference numbers handed out, one requirement change at most, and no
template slips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import pytest

from interview_platform.analysis.conversation import analyse
from interview_platform.interviewer.offline_phrases import PHASE_LABELS
from interview_platform.models import ExperienceLevel, Message, MessageRole
from interview_platform.problems.bank import PHASES, Problem, ProblemBank
from interview_platform.problems.knowledge import KnowledgeBase
from interview_platform.simulation.dry_run import DryRun, dry_run
from interview_platform.simulation.script import SimulationScript

BANK = ProblemBank.load_default()
KNOWLEDGE = KnowledgeBase.load_default()
LEVELS = [ExperienceLevel.MID, ExperienceLevel.SENIOR]
SCALE_QUESTION = "Before I start: how many users and requests per second should we plan for?"
DONT_KNOW = "I don't know."
PRAISE = re.compile(
    r"\b(?:good|great|nice|solid|strong|excellent|perfect|exactly|correct|right|well done|"
    r"spot on|love|impressive|brilliant|kind of detail i was looking for)\b",
    re.IGNORECASE,
)
SLIPS = re.compile(
    r"\.\.|\s,|,\.|[{}]|\b(\w+) \1\b|\bcovers? (?:summarises|states)\b|\bon states\b|"
    r"\b(?:in|on|for|about) (?:summarises|states|what is|how)\b",
    re.IGNORECASE,
)


@dataclass
class Interview:
    """A finished simulated interview and what its candidate said on purpose."""

    run: DryRun
    flag_turn: int
    scale_turn: int
    dont_know_turn: int


def _candidate_turns(problem: Problem) -> tuple[list[str], int, int, int]:
    knowledge = KNOWLEDGE.for_problem(problem)
    order = {phase: i for i, phase in enumerate(PHASES)}
    points = sorted(
        (p for p in knowledge.key_points if p.examples),
        key=lambda p: order.get(problem_concept(problem, p.concept).phase, 9),
    )
    turns = [SCALE_QUESTION] + [p.examples[0] for p in points[:10]]
    flag = next(f for f in knowledge.red_flags if f.id in {r.id for r in own_flags(problem)})
    flag_turn = len(turns) // 2
    turns.insert(flag_turn, flag.examples[0])
    turns.insert(flag_turn + 2, DONT_KNOW)
    return turns, flag_turn, 0, flag_turn + 2


def problem_concept(problem: Problem, concept_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in problem.concepts if c.id == concept_id)


def own_flags(problem: Problem):  # type: ignore[no-untyped-def]
    own = KNOWLEDGE.own(problem.id)
    assert own is not None
    return own.red_flags


def interview(problem: Problem, level: ExperienceLevel) -> Interview:
    turns, flag_turn, scale_turn, dont_know_turn = _candidate_turns(problem)
    script = SimulationScript(problem=problem.id, level=level, planned_minutes=45, turns=turns)
    return Interview(dry_run(script, BANK), flag_turn, scale_turn, dont_know_turn)


CASES = [(p, level) for p in BANK.all() for level in LEVELS]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0].id}-{c[1].value}")
def done(request: pytest.FixtureRequest) -> Interview:
    problem, level = request.param
    return interview(problem, level)


def replies(done: Interview) -> list[Message]:
    """The interviewer's reply to each candidate turn (index = candidate turn)."""
    return done.run.interviewer_turns()[1:]


def test_one_question_per_turn_at_the_end(done: Interview) -> None:
    for message in done.run.interviewer_turns():
        assert message.content.count("?") == 1, message.content
        assert message.content.rstrip().endswith("?"), message.content


def test_a_wrong_claim_gets_a_neutral_probe_not_praise(done: Interview) -> None:
    reply = replies(done)[done.flag_turn]
    assert not PRAISE.search(reply.content), reply.content
    assert reply.metadata.get("move") == "red_flag", reply.content


def test_scale_questions_are_turned_back_without_numbers(done: Interview) -> None:
    reply = replies(done)[done.scale_turn].content
    assert not re.search(r"\d", reply), reply
    assert not re.search(r"\b(?:million|billion|thousand)\b", reply, re.IGNORECASE), reply


def test_i_dont_know_gets_a_hint(done: Interview) -> None:
    reply = replies(done)[done.dont_know_turn]
    assert reply.metadata.get("move") == "hint", reply.content


def test_no_question_about_a_point_already_made(done: Interview) -> None:
    run = done.run
    knowledge = KNOWLEDGE.for_problem(run.problem)
    concepts = {c.id for c in run.problem.concepts}
    for index, message in enumerate(run.messages):
        topic = message.metadata.get("topic")
        fresh_question = message.metadata.get("move") in (None, "transition", "clarify")
        if message.role is not MessageRole.INTERVIEWER or topic not in concepts:
            continue
        if not fresh_question or message.metadata.get("deeper"):
            continue  # going deeper into a point already made is the point
        before = analyse(run.messages[:index], run.problem, knowledge)
        assert not before.covered(str(topic)), f"asked again about {topic}: {message.content}"


def test_at_most_two_turns_in_a_row_on_one_topic(done: Interview) -> None:
    topics = [m.metadata.get("topic") for m in done.run.interviewer_turns()]
    streak, previous = 0, None
    for topic in topics:
        streak = streak + 1 if topic and topic == previous else 1
        previous = topic
        assert streak <= 2, topics


def test_an_announced_phase_matches_its_question(done: Interview) -> None:
    by_id = {c.id: c for c in done.run.problem.concepts}
    for message in done.run.interviewer_turns():
        if message.metadata.get("move") != "transition":
            continue
        phase = str(message.metadata["phase"])
        assert PHASE_LABELS[phase] in message.content, message.content
        topic = message.metadata.get("topic")
        if topic in by_id:
            assert by_id[str(topic)].phase == phase, message.content


def test_the_requirement_change_comes_once_and_only_for_senior(done: Interview) -> None:
    changes = [m for m in done.run.interviewer_turns() if "requirement_change" in m.metadata]
    if done.run.session.level is ExperienceLevel.MID:
        assert not changes
    else:
        # Every bank problem has a senior change; it comes once the design exists.
        assert len(changes) == 1, [m.content for m in changes]


def test_phases_move_on_during_the_interview(done: Interview) -> None:
    phases = [str(m.metadata.get("phase")) for m in done.run.interviewer_turns()]
    assert phases[0] == "requirements"
    assert PHASES.index(phases[-1]) >= PHASES.index("deep_dive"), phases
    assert all(PHASES.index(a) <= PHASES.index(b) for a, b in pairwise(phases))


QUESTION_FORM = re.compile(
    r"^(?:how|what|why|which|where|when|who|does|do|is|are|can|could|would|should)\b.*\.$",
    re.IGNORECASE,
)


def test_no_template_slips(done: Interview) -> None:
    for message in done.run.interviewer_turns():
        for sentence in re.split(r"(?<=[.!?])\s+", message.content):
            assert not SLIPS.search(sentence), sentence
            assert not QUESTION_FORM.match(
                sentence
            ), f"a question written as a statement: {sentence}"
            assert sentence[:1].isupper() or sentence[:1] in "\"'\u201c", sentence


def test_a_free_text_problem_is_interviewed_with_its_own_words_only() -> None:
    script = SimulationScript(
        problem_text="Design a real-time global leaderboard for a mobile game.",
        level=ExperienceLevel.SENIOR,
        turns=[
            "How many players should we plan for?",
            "Scores go into a Redis sorted set per region because ranking is a range query.",
            "I don't know.",
            "Each score update is a write to the sorted set and an event to Kafka.",
        ],
    )
    run = dry_run(script, BANK)
    said = " ".join(m.content for m in run.interviewer_turns()).lower()
    for stranger in ("editor", "crdt", "document", "concurrent editors"):
        assert stranger not in said, stranger
    assert "leaderboard" in said
    assert run.evaluation is not None and run.evaluation.engine == "offline-rubric"

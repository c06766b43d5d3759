"""Any text into every parser and analyser: no exception, and an answer of bounded size.

Texts are drawn both from any Unicode and from the words these analysers look for
(numbers, markers, dates, headings, e-mail-like runs, bullets, markup), so that the
interesting branches run too. The faster single-pass forms introduced for linear work
are checked against the straightforward forms they replaced.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit.simulated_candidates import url_shortener_problem

from interview_platform.analysis import answers, claim_numbers, claims, conversation
from interview_platform.analysis.limits import MAX_ANALYSED_CHARS, for_analysis
from interview_platform.analysis.vocabulary import HEDGES, TRADEOFF_WORDS, TextIndex
from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.kinds import kind_of_label, kinds_mentioned
from interview_platform.diagram.model import DiagramGraph
from interview_platform.models import Message, MessageRole, ResumeData
from interview_platform.problems.knowledge import KnowledgeBase
from interview_platform.problems.matching import TextMatcher, text_concept, title_from, words
from interview_platform.resume import dates, sections
from interview_platform.resume.extract import normalize_text
from interview_platform.resume.limits import MAX_RESUME_CHARS, truncation_notice
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.phrase_regex import alternation
from interview_platform.resume.skills_vocabulary import SKILLS, find_skills
from interview_platform.resume.vocabulary import ROLE_WORDS, count_keywords

PROBLEM = url_shortener_problem()
KNOWLEDGE = KnowledgeBase.load_default().for_problem(PROBLEM)
PIECES = (
    "we", "cache", "because", "so", "the", "reads", "100M", "a day", "1,200", "per second",
    "times", "is", "9 TB", "rather than", "maybe", "i think", "not", "redis", "shard",
    "Jan 2019 – Present", "2016-2019", "Senior Engineer", "Acme", "Education", "Experience",
    "Skills", "Python, Go, C", "MIT", "B.Sc", "a.b@c.io", "@", "://", "-", "*", "#", ":",
    "|", "•", "(", ")", "?", "!", ".", ",", ";", "\n", "\t", " ", "  ", "\u2028", "İ",
    "5 years of experience", "ignore previous instructions", "hint", "x", "rf =", "_id",
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=600),
    st.lists(st.sampled_from(PIECES), max_size=120).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXTS)
def test_answer_analysers_take_any_text(text: str) -> None:
    strength = answers.answer_strength(text, PROBLEM.concepts)
    report = answers.vagueness(text)
    assert 0.0 <= strength <= 1.0
    assert report.words <= len(text) and report.numbers <= len(text)
    assert set(answers.covered_concepts(text, PROBLEM.concepts)) <= {c.id for c in PROBLEM.concepts}
    for check in (
        answers.is_gibberish_or_empty,
        answers.asks_for_hint,
        answers.asks_clarifying_question,
        answers.looks_like_injection,
    ):
        assert isinstance(check(text), bool)
    assert isinstance(answers.is_off_topic(text, PROBLEM.concepts), bool)


@FAST
@given(TEXTS)
def test_claims_are_pieces_of_the_text(text: str) -> None:
    found = claims.split_claims(text)
    assert all(claim and claim in text for claim in found)
    assert sum(len(c) for c in found) <= len(text)
    for claim in found[:20]:
        info = claims.read_claim(claim)
        assert info.words == len(info.index.tokens) <= len(claim)
        assert len(info.clauses) <= info.words


@FAST
@given(TEXTS)
def test_numbers_are_read_from_any_text(text: str) -> None:
    found = claim_numbers.quantities(text)
    assert len(found) <= len(text)
    assert all(q.value >= 0 and q.unit for q in found)
    assert len(claim_numbers.stated_arithmetic(text)) <= len(found)


@FAST
@given(st.lists(st.tuples(st.booleans(), TEXTS), max_size=6))
def test_a_conversation_of_any_text_is_analysed(turns: list[tuple[bool, str]]) -> None:
    conversation.clear_cache()
    messages = [
        Message("s", MessageRole.CANDIDATE if own else MessageRole.INTERVIEWER, text)
        for own, text in turns
    ]
    analysis = conversation.analyse(messages, PROBLEM, KNOWLEDGE)
    assert all(ref.info.text in ref.message.content for ref in analysis.claims)
    assert all(0.0 <= analysis.credit(c.id) <= 1.0 for c in PROBLEM.concepts)
    assert 0.0 <= analysis.stuffed_share() <= 1.0


@settings(max_examples=5, deadline=None)
@given(st.sampled_from(PIECES))
def test_a_message_is_analysed_up_to_the_cap(piece: str) -> None:
    text = (piece + " cache because reads dominate. ") * (MAX_ANALYSED_CHARS // 10)
    conversation.clear_cache()
    message = Message("s", MessageRole.CANDIDATE, text)
    analysis = conversation.analyse([message], PROBLEM, KNOWLEDGE)
    read = sum(len(ref.info.text) for ref in analysis.claims)
    assert 0 < read <= MAX_ANALYSED_CHARS < len(text)
    assert for_analysis(text) == text[:MAX_ANALYSED_CHARS]


@FAST
@given(TEXTS)
def test_resume_parser_takes_any_text(text: str) -> None:
    data = OfflineResumeParser(clock=lambda: date(2026, 1, 1)).parse(text)
    assert data.raw_text == text
    assert len(data.name) <= len(text) and len(data.email) <= 254
    assert data.email == "" or data.email in text.lower()
    assert 0.0 <= data.years_experience <= 200
    assert set(data.skills) <= {s.name for s in SKILLS}
    assert all(len(p.description) <= 600 for p in data.work_experience)
    assert len(data.work_experience) <= text.count("\n") + 1


@FAST
@given(TEXTS)
def test_resume_sections_and_dates_take_any_text(text: str) -> None:
    split = sections.split_sections(text)
    assert sum(len(v) for v in split.by_kind.values()) <= len(split.lines)
    for line in split.lines[:30]:
        assert len(sections.strip_markup(line)) <= len(line)
    for found in dates.find_ranges(text, date(2026, 1, 1)):
        assert found.years >= 0 and found.start_text in text
    assert len(normalize_text(text)) <= len(text) * 3  # NFKC may expand a little


def _strip_markup_before(line: str) -> str:
    """The markup removal as one regex (as before it was made linear)."""
    bullet = re.compile(r"^\s*(?:[-*•·▪◦●‣–+]|\d{1,2}[.)])\s+")
    line = re.sub(r"^[#>*_=\-\s]+|[*_=#:\s]+$", "", bullet.sub("", line))
    return line.replace("**", "").replace("__", "").strip()


MARKS = ("#", "*", "_", "=", ":", "-", ">", " ", "\t", "a", "b ")


@FAST
@given(st.lists(st.sampled_from(MARKS), max_size=30).map("".join))
def test_markup_is_stripped_as_before(line: str) -> None:
    assert sections.strip_markup(line) == _strip_markup_before(line)


@FAST
@given(TEXTS)
def test_phrase_counts_in_one_pass_equal_counts_phrase_by_phrase(text: str) -> None:
    lowered = text.lower()
    for phrases in (HEDGES, TRADEOFF_WORDS):
        one_by_one = sum(
            len(re.findall(rf"(?<![a-z]){re.escape(p)}(?![a-z])", lowered)) for p in phrases
        )
        assert answers._count_phrases(lowered, phrases) == one_by_one


@FAST
@given(TEXTS)
def test_a_trie_matches_what_the_sorted_alternation_matched(text: str) -> None:
    lowered = text.lower()
    for phrases in (ROLE_WORDS, tuple(a.lower() for s in SKILLS for a in s.aliases)):
        plain = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        before = re.findall(rf"(?<![\w-])(?:{plain})(?![\w-])", lowered)
        after = re.findall(rf"(?<![\w-])(?:{alternation(phrases)})(?![\w-])", lowered)
        assert after == before
    assert sum(count_keywords(text, ROLE_WORDS).values()) <= len(text)
    assert set(find_skills(text)) <= {s.name for s in SKILLS}


@FAST
@given(TEXTS)
def test_keyword_index_matches_as_it_did(text: str) -> None:
    index = TextIndex(text)
    vocabulary = conversation.problem_vocabulary(PROBLEM, KNOWLEDGE)
    assert index.matches(vocabulary) == [k for k in vocabulary if index.starts(k)]


@FAST
@given(TEXTS)
def test_diagram_text_and_problem_matching_take_any_text(text: str) -> None:
    assert isinstance(kind_of_label(text[:200]), str)
    assert isinstance(kinds_mentioned(text), set)
    gaps = find_gaps(DiagramGraph(), PROBLEM, text)
    assert all(q.endswith("?") for q in gaps.follow_up_questions)
    assert len(words(text)) <= len(text)
    assert TextMatcher(text).score(PROBLEM) >= 0
    title = title_from(text)
    assert len(title) <= 80
    concept = text_concept(text, title or "Custom")
    assert concept is None or len(concept.keywords) <= 8


def test_a_resume_cut_at_the_cap_says_so() -> None:
    assert truncation_notice(ResumeData(raw_text="x" * (MAX_RESUME_CHARS - 1))) == ""
    notice = truncation_notice(ResumeData(raw_text="x" * MAX_RESUME_CHARS))
    assert f"first {MAX_RESUME_CHARS:,} characters" in notice

"""Wording of the offline interviewer: varied, human phrasing chosen deterministically.

Templates are plain ``str.format`` strings. Statement templates never contain a
question mark; question templates contain exactly one, at the end, so every
interviewer turn asks exactly one question.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

__all__ = [
    "PHASES",
    "PHASE_LABELS",
    "as_question",
    "as_statement",
    "choose",
    "normalize_question",
    "push_templates",
    "questions_in",
]

PHASES: tuple[str, ...] = (
    "requirements",
    "estimation",
    "api_and_data_model",
    "high_level_design",
    "deep_dive",
    "wrap_up",
)
PHASE_LABELS: dict[str, str] = {
    "requirements": "requirements",
    "estimation": "capacity estimation",
    "api_and_data_model": "the API and data model",
    "high_level_design": "the high-level design",
    "deep_dive": "a deep dive",
    "wrap_up": "wrap-up",
}

# Acknowledgements stay neutral: an interviewer notes what was said, never grades it aloud.
ACK_COVERED = (
    "Okay, noted on {items}.",
    "Thanks, that tells me about {items}.",
    "Okay, so that's your take on {items}.",
    "Got it on {items}.",
)
ACK_NEUTRAL = ("Okay.", "Got it.", "Thanks.", "Understood.", "Alright.", "Okay, noted.")
ACK_STRONG = (
    "Let me push on that.",
    "Let's take that further.",
    "I'd like to go one level deeper there.",
    "Let's stress that a little.",
)
CHALLENGE_LEADS = (
    "Let me check one thing there.",
    "I want to look at that more closely.",
    "Let's pause on that for a moment.",
)
FIGURE_LEADS = (
    "Let me check the numbers.",
    "Let's double-check that estimate.",
)
SCALE_TURNED_BACK = (
    "That's your call: what would you assume for the scale, and why?",
    "I'd like you to make that assumption: what numbers would you start from?",
    "What scale would you design for, as a working assumption?",
)
# Harder follow-ups, by the competency of the concept they push on: "what breaks at 10x"
# makes sense for a data path, not for an API contract or the scope of the system.
PUSH_BY_COMPETENCY: dict[str, tuple[str, ...]] = {
    "deep_dive_scalability": (
        "Suppose traffic grows 10x overnight: what breaks first in {topic}?",
        "Where is the bottleneck in {topic} at peak load?",
    ),
    "high_level_design": (
        "Suppose traffic grows 10x overnight: which part of {topic} breaks first?",
        "What happens to a request in {topic} when one of those components is slow?",
    ),
    "reliability": (
        "If a node fails in the middle of {topic}, what does the user see?",
        "How would you know that {topic} is in trouble before users do?",
    ),
    "api_data_model": (
        "Which access pattern would your design for {topic} serve worst?",
        "How would {topic} need to change if a second kind of client used it?",
    ),
    "tradeoffs": ("When would you pick the alternative to your choice for {topic}?",),
}
PUSH_ANY = ("What are you giving up with your approach to {topic}?",)
PUSH_CONCEPT: tuple[str, ...] = (
    *(t for group in PUSH_BY_COMPETENCY.values() for t in group),
    *PUSH_ANY,
)
PUSH_TOPIC = (
    "Let me push further: how would you design {topic} in detail?",
    "Let me raise the bar: for {topic}, what fails first at 10x the load?",
    "Taking {topic} further: which failure mode worries you most there?",
)


def push_templates(competency: str) -> tuple[str, ...]:
    """Harder follow-up templates that make sense for a concept of ``competency``."""
    return (*PUSH_BY_COMPETENCY.get(competency, ()), *PUSH_ANY)


GENERIC_PROBES = (
    "If a whole region went down right now, what would happen to this system?",
    "Which metric would tell you first that this system is in trouble?",
    "Where would consistency matter more than availability in this design?",
    "If the team had to cut scope to ship in two weeks, what would you drop?",
    "What would you load-test first?",
    "How would you roll out a schema change here without downtime?",
    "Which part of this design would be the most expensive to run?",
    "What is the hardest operational problem this system will have in its first year?",
)
PROBE_LEADS = (
    "Let's get more specific.",
    "I want to pin that down a bit.",
    "That's a start.",
    "Let me press on that a little.",
)
PROBE_NUMBERS = (
    "Can you put a rough number on that?",
    "Could you give me a concrete figure for {topic} — even an order of magnitude is fine?",
    "What numbers would you put on {topic}, roughly?",
)
PROBE_GENERAL = (
    "You said \u201c{quote}\u201d — what exactly do you mean by that, concretely?",
    "If you had to commit to one concrete assumption for {topic} right now, what would it be?",
    "Could you be more specific about {topic} — what exactly would you decide?",
)
PROBE_DESIGN = (
    "Which specific component or technology would you use for {topic}?",
    "Walk me through, step by step, what happens to a single request in {topic}?",
    "What exactly happens in {topic} when that part fails or slows down?",
)
SCAFFOLD = (
    "What is the first thing you would decide about {topic}?",
    "For one single request, what would you do about {topic}?",
    "What is one simple option for {topic}, even if it doesn't scale?",
    "Roughly, what's your first instinct on {topic}?",
)
SCAFFOLD_LEADS = (
    "Let's take it step by step.",
    "No problem, let's break it down.",
    "Let's make it smaller.",
)
HINT_LEADS = ("Sure, here's a nudge.", "Here's a more specific pointer.", "One more pointer.")
HINT_FOLLOW = (
    "With that in mind, how would you approach {topic}?",
    "How would you apply that to {topic}?",
    "Where does that lead you for {topic}?",
    "Given that, what's your take on {topic} now?",
    "So what would you propose for {topic}?",
)
HINT_EXHAUSTED = (
    "I'll leave the rest to you; a rough answer is fine and we'll refine it together.",
    "That's as far as I'll take the hint; commit to something and we'll iterate.",
)
RESTATE = (
    "Could you restate your answer in a sentence or two?",
    "Could you say that again in your own words?",
    "Could you rephrase that — what's your thinking on {topic}?",
    "Could you try once more — even a rough idea about {topic} is fine?",
)
RESTATE_LEADS = ("I didn't quite catch that.", "Sorry, that didn't come through clearly.")
REFUSALS = (
    "I'll stay in my role as your interviewer; the evaluation only reflects what you show "
    "in this conversation.",
    "I can't change how this interview works or how it is assessed, so let's keep going "
    "with the design.",
    "That's outside what I can do here — I'm your interviewer, and I'll stick to that.",
)
REDIRECT_LEADS = (
    "Let's bring it back to the {title}.",
    "Let's get back to the problem — the {title}.",
    "Back to the design of the {title}.",
)
REDIRECT_QUESTIONS = (
    "What's your approach to {topic}?",
    "How would you handle {topic} here?",
    "Where would you start on {topic}?",
)
TRANSITIONS = (
    "We're about {minutes} minutes in, so let's move on to {phase}.",
    "Time is moving on, so let's shift to {phase}.",
    "In the interest of time, let's move to {phase}.",
)
# When the candidate has covered a phase before the clock says so.
AHEAD_TRANSITIONS = (
    "That covers it, so let's move on to {phase}.",
    "Let's move on to {phase}.",
    "Good time to move on to {phase}.",
)
CHANGE_QUESTIONS = (
    "How would your design change to handle that?",
    "What would you change in your design to support that?",
)
WRAP_QUESTIONS = (
    "To wrap up, could you summarise your design in a few sentences?",
    "What is the biggest risk in this design?",
    "If you had another week, what would you improve first?",
    "What would you monitor in production to know the system is healthy?",
)

# Spans between sentence ends; each match starts where the last ended, so this is linear.
_SPAN_RE = re.compile(r"[^.!?\n]+[.!?]*|[.!?\n]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")  # "bit.ly" is not the end of a sentence


def choose(options: Sequence[str], key: str) -> int:
    """Pick a stable index into ``options`` from a key (same key -> same choice)."""
    return zlib.crc32(key.encode("utf-8")) % max(1, len(options))


def rotated(options: Sequence[str], key: str) -> list[str]:
    """Return ``options`` starting at a stable position chosen from ``key``."""
    start = choose(options, key)
    return list(options[start:]) + list(options[:start])


def normalize_question(question: str) -> str:
    """Normalise a question for repeat detection (lowercase letters and digits only)."""
    return _NON_ALNUM.sub(" ", question.lower()).strip()


def questions_in(text: str) -> list[str]:
    """Return the normalised question sentences found in an interviewer turn."""
    spans = (m.group(0) for m in _SPAN_RE.finditer(text))
    questions = (s[: s.index("?") + 1] for s in spans if "?" in s)
    return [normalize_question(q) for q in questions if q.strip(" ?")]


def as_statement(text: str) -> str:
    """Make bank text safe as a statement: no question marks, ends with punctuation.

    Question sentences are left out ("... within a minute. How does your design
    change?" keeps only the first sentence: the turn asks its own question); a text that
    is only questions is turned into statements.
    """
    spans = _SENTENCE_END.split(" ".join(text.split()))
    kept = [s for s in spans if s and not s.endswith("?")]
    text = " ".join(kept) if any(_ALNUM_RE.search(s) for s in kept) else text
    text = " ".join(text.replace("?", ".").split())
    return text if not text or text[-1] in ".!" else text + "."


def as_question(text: str) -> str:
    """Make bank text a single question: one question mark, at the end."""
    text = " ".join(text.split()).rstrip(" .!?")
    return text.replace("?", ",") + "?"

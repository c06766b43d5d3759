"""The bank of system-design problems the interviewer poses and the evaluator grades against.

Problems ship as package data (``problems/data/problems/*.yaml``, one file per problem) and are
validated strictly on load. The bank chooses a problem for a candidate's level, domains
and weakest competency, and turns a free-text problem into one that can be interviewed
and evaluated by borrowing the rubric of the closest problems in the bank.

Example::

    bank = ProblemBank.load_default()
    problem = bank.recommend(ExperienceLevel.SENIOR, domains=["payments"])
    custom = bank.custom_problem("Design a pastebin")
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from interview_platform.exceptions import ValidationError
from interview_platform.models import ExperienceLevel
from interview_platform.problems.matching import (
    TextMatcher,
    normalise_domain,
    text_concept,
    title_from,
    title_phrase,
    words,
)
from interview_platform.problems.schema import (
    COMPETENCIES,
    PHASES,
    Problem,
    RequirementChange,
    RubricConcept,
    problem_from_yaml,
)

__all__ = [
    "COMPETENCIES",
    "CUSTOM_PROBLEM_ID",
    "PHASES",
    "Problem",
    "ProblemBank",
    "RequirementChange",
    "RubricConcept",
    "general_problem",
    "normalise_domain",
    "words",
]

CUSTOM_PROBLEM_ID = "custom"
"""Id of every free-text problem built by :meth:`ProblemBank.custom_problem`."""

_DATA_PACKAGE = "interview_platform.problems.data"
_LEVELS = [level.value for level in ExperienceLevel]
# A tag (2) or a title word (3) is needed; a few shared rubric keywords alone are not.
_MIN_MATCH = 1.5


def _load_files(files: Iterable[Traversable]) -> list[Problem]:
    problems = []
    for file in sorted(files, key=lambda f: f.name):
        if not file.name.endswith((".yaml", ".yml")) or not file.is_file():
            continue
        problem = problem_from_yaml(file.read_text(encoding="utf-8"), file.name)
        stem = file.name.rsplit(".", 1)[0]
        if problem.id != stem:
            raise ValidationError(
                f"{file.name}: field 'id': '{problem.id}' must match the file name '{stem}'"
            )
        problems.append(problem)
    return problems


@lru_cache(maxsize=1)
def _default_problems() -> tuple[Problem, ...]:
    folder = resources.files(_DATA_PACKAGE).joinpath("problems")
    return tuple(_load_files(folder.iterdir()))


@lru_cache(maxsize=1)
def general_problem() -> Problem:
    """Return the general rubric free-text problems fall back on (``data/general.yaml``)."""
    file = resources.files(_DATA_PACKAGE).joinpath("general.yaml")
    return problem_from_yaml(file.read_text(encoding="utf-8"), "general.yaml")


class ProblemBank:
    """An immutable, validated collection of problems.

    Args:
        problems: The problems; ids must be unique.

    Raises:
        ValidationError: If two problems share an id.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        by_id: dict[str, Problem] = {}
        for problem in problems:
            if problem.id in by_id:
                raise ValidationError(f"Duplicate problem id '{problem.id}' in the problem bank")
            by_id[problem.id] = problem
        self._by_id = by_id

    @classmethod
    def load_default(cls) -> ProblemBank:
        """Load the problems shipped with the package (``problems/data/problems/*.yaml``)."""
        return cls(_default_problems())

    @classmethod
    def from_directory(cls, path: str | Path) -> ProblemBank:
        """Load every ``*.yaml`` problem file in ``path``.

        Raises:
            ValidationError: Naming the file and field at fault, or a missing folder.
        """
        folder = Path(path)
        if not folder.is_dir():
            raise ValidationError(f"Problem folder '{folder}' does not exist")
        return cls(_load_files(folder.iterdir()))

    def get(self, problem_id: str) -> Problem:
        """Return the problem with ``problem_id``.

        Raises:
            ValidationError: If there is none; the message lists the known ids.
        """
        try:
            return self._by_id[problem_id]
        except KeyError:
            known = ", ".join(sorted(self._by_id)) or "none"
            raise ValidationError(
                f"Unknown problem '{problem_id}'. Known problems: {known}"
            ) from None

    def all(self) -> list[Problem]:
        """Return every problem, ordered by id."""
        return [self._by_id[i] for i in sorted(self._by_id)]

    def domains(self) -> list[str]:
        """Return the distinct domains, sorted."""
        return sorted({p.domain for p in self._by_id.values()})

    def recommend(
        self,
        level: ExperienceLevel,
        domains: Sequence[str] = (),
        weakest_competency: str | None = None,
        exclude: Sequence[str] = (),
    ) -> Problem:
        """Choose the problem that best fits a candidate; deterministic.

        Scores domain match (the problem's domain or tags, case-insensitive; earlier
        domains count a little more), level suitability, and, when given, how much of
        the problem's rubric weighs on the weakest competency. Ties go to the smaller id.

        Args:
            level: The candidate's level.
            domains: The candidate's domains, strongest first.
            weakest_competency: A rubric competency id to practise, if any.
            exclude: Problem ids not to return (ignored if it would exclude all).

        Raises:
            ValidationError: If the bank is empty or the competency is unknown.
        """
        if weakest_competency is not None and weakest_competency not in COMPETENCIES:
            raise ValidationError(
                f"Unknown competency '{weakest_competency}'; expected one of "
                f"{', '.join(COMPETENCIES)}"
            )
        skipped = set(exclude)
        candidates = [p for p in self.all() if p.id not in skipped] or self.all()
        if not candidates:
            raise ValidationError("The problem bank is empty: no problem can be recommended")
        wanted = [normalise_domain(d) for d in domains if d.strip()]
        heaviest = max(_competency_weight(p, weakest_competency) for p in candidates) or 1.0

        def score(problem: Problem) -> float:
            total = 4.0 * _domain_fit(problem, wanted) + 3.0 * _level_fit(problem, level)
            total += 3.0 * _competency_weight(problem, weakest_competency) / heaviest
            return round(total, 6)

        return min(candidates, key=lambda p: (-score(p), p.id))

    def closest(self, text: str, n: int = 3) -> list[Problem]:
        """Return up to ``n`` problems that ``text`` describes best, best first.

        Only problems sharing a title word or a tag with ``text`` (rubric keywords
        alone are not enough) are returned, so the list may be empty. Ties go to the
        smaller id.
        """
        return [p for _, p in self._ranked(text)[: max(0, n)]]

    def custom_problem(self, text: str) -> Problem:
        """Turn a free-text problem into one that can be interviewed and evaluated.

        The result has id ``"custom"``, a title taken from ``text``, ``text`` as its
        statement, the general system-design rubric, and one concept drawn from the
        text itself (its core feature, named by the text's own words). Nothing comes from
        another bank problem but the domain label: a leaderboard must never be
        interviewed with a collaborative editor's numbers.

        Raises:
            ValidationError: If ``text`` is blank.
        """
        if not text.strip():
            raise ValidationError("Describe the problem to design: the text is empty")
        general = general_problem()
        ranked = self._ranked(text)
        title = title_from(text)
        core = text_concept(text, title)
        return replace(
            general,
            id=CUSTOM_PROBLEM_ID,
            title=title,
            domain=ranked[0][1].domain if ranked else general.domain,
            statement=text.strip(),
            deep_dive_topics=(f"the core of {title_phrase(title)}", *general.deep_dive_topics),
            concepts=(*general.concepts, core) if core is not None else general.concepts,
            levels=(),
        )

    def _ranked(self, text: str) -> list[tuple[float, Problem]]:
        matcher = TextMatcher(text)
        scored = [(matcher.score(p), p) for p in self.all()]
        kept = [(s, p) for s, p in scored if s >= _MIN_MATCH]
        return sorted(kept, key=lambda sp: (-sp[0], sp[1].id))


def _domain_fit(problem: Problem, wanted: Sequence[str]) -> float:
    own = {problem.domain, *problem.tags}
    for position, domain in enumerate(wanted):
        if domain in own:
            return 1.0 if position == 0 else 0.85
    return 0.0


def _level_fit(problem: Problem, level: ExperienceLevel) -> float:
    if not problem.levels:
        return 0.5
    if level in problem.levels:
        return 1.0
    distance = min(abs(_LEVELS.index(level.value) - _LEVELS.index(x.value)) for x in problem.levels)
    return 0.4 if distance == 1 else 0.0


def _competency_weight(problem: Problem, competency: str | None) -> float:
    if competency is None:
        return 0.0
    return sum(c.weight for c in problem.concepts_for_competency(competency))

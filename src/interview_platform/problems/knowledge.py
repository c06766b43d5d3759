"""Problem knowledge: key points, reference figures, red flags and the bar per level.

Ships as package data beside the problem bank (``problems/data/knowledge/<problem id>.yaml``
and ``general.yaml``), validated on load with :mod:`interview_platform.problems.knowledge_schema`.
The interviewer and the grader read a problem's knowledge through
:meth:`KnowledgeBase.for_problem`: a bank problem gets its own file plus the general
red flags; a free-text or tailored problem gets the general set only, never another
problem's facts.

Example::

    knowledge = KnowledgeBase.load_default().for_problem(problem)
    knowledge.red_flags          # general + problem-specific
    knowledge.points_for("caching")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import pydantic
import yaml

from interview_platform.exceptions import ValidationError
from interview_platform.problems.knowledge_model import Figure, KeyPoint, ProblemKnowledge, RedFlag
from interview_platform.problems.knowledge_schema import KnowledgeSpec
from interview_platform.problems.schema import Problem

__all__ = [
    "GENERAL_ID",
    "Figure",
    "KeyPoint",
    "KnowledgeBase",
    "ProblemKnowledge",
    "RedFlag",
    "knowledge_from_yaml",
]

GENERAL_ID = "general"
_DATA_PACKAGE = "interview_platform.problems.data"


def _from_spec(spec: KnowledgeSpec) -> ProblemKnowledge:
    return ProblemKnowledge(
        problem_id=spec.problem,
        key_points=tuple(
            KeyPoint(
                p.id, p.concept, p.point, p.because, tuple(p.terms), tuple(p.reasons),
                tuple(p.examples),
            )
            for p in spec.key_points
        ),
        figures=tuple(
            Figure(
                f.id, f.name, f.value, f.unit, f.tolerance, tuple(f.cues), f.assumption, f.question
            )
            for f in spec.figures
        ),
        red_flags=tuple(
            RedFlag(
                f.id, f.competency, f.severity, f.claim, tuple(tuple(g) for g in f.all_of),
                tuple(f.unless), f.probe, f.correction, tuple(f.examples),
                tuple(f.counter_examples),
            )
            for f in spec.red_flags
        ),
        level_bar={str(k): v for k, v in spec.level_bar.items()},
    )  # fmt: skip


def knowledge_from_yaml(text: str, source: str) -> ProblemKnowledge:
    """Parse and validate one knowledge document.

    Raises:
        ValidationError: Malformed YAML or an invalid field (the message names both).
    """
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping):
        raise ValidationError(f"{source}: a knowledge file must be a YAML mapping")
    try:
        spec = KnowledgeSpec.model_validate(dict(data))
    except pydantic.ValidationError as exc:
        errors = "; ".join(
            f"field '{'.'.join(str(p) for p in e['loc'])}': {e['msg']}" for e in exc.errors()
        )
        raise ValidationError(f"{source}: invalid knowledge: {errors}") from None
    return _from_spec(spec)


def check_against(knowledge: ProblemKnowledge, problem: Problem) -> None:
    """Check that every key point names a concept of ``problem``.

    Raises:
        ValidationError: A key point names an unknown concept.
    """
    concept_ids = {c.id for c in problem.concepts}
    unknown = sorted({p.concept for p in knowledge.key_points} - concept_ids)
    if unknown:
        raise ValidationError(
            f"knowledge of '{knowledge.problem_id}': key points name unknown concepts: "
            f"{', '.join(unknown)}"
        )


def _files(folder: Traversable) -> Iterable[Traversable]:
    return sorted(
        (f for f in folder.iterdir() if f.is_file() and f.name.endswith((".yaml", ".yml"))),
        key=lambda f: f.name,
    )


class KnowledgeBase:
    """Every knowledge file, by problem id, with the general set.

    Args:
        general: The knowledge that applies to every problem.
        by_problem: Problem id -> its own knowledge.
    """

    def __init__(
        self, general: ProblemKnowledge, by_problem: Mapping[str, ProblemKnowledge]
    ) -> None:
        self._general = general
        self._by_problem = dict(by_problem)

    @classmethod
    def load(cls, folder: Traversable) -> KnowledgeBase:
        """Load ``general.yaml`` and every problem file of a folder.

        Raises:
            ValidationError: A file is invalid, misnamed, or ``general.yaml`` is missing.
        """
        general: ProblemKnowledge | None = None
        by_problem: dict[str, ProblemKnowledge] = {}
        for file in _files(folder):
            knowledge = knowledge_from_yaml(file.read_text(encoding="utf-8"), file.name)
            stem = file.name.rsplit(".", 1)[0]
            if knowledge.problem_id != stem:
                raise ValidationError(
                    f"{file.name}: field 'problem': '{knowledge.problem_id}' must match "
                    f"the file name '{stem}'"
                )
            if stem == GENERAL_ID:
                general = knowledge
            else:
                by_problem[stem] = knowledge
        if general is None:
            raise ValidationError(f"{folder.name}: general.yaml is missing")
        return cls(general, by_problem)

    @classmethod
    def load_default(cls) -> KnowledgeBase:
        """The knowledge shipped with the package (loaded once per process)."""
        return _default()

    @property
    def general(self) -> ProblemKnowledge:
        """The knowledge that applies to every problem."""
        return self._general

    def ids(self) -> list[str]:
        """Problem ids with a knowledge file of their own."""
        return sorted(self._by_problem)

    def own(self, problem_id: str) -> ProblemKnowledge | None:
        """A problem's own file, without the general set (None when it has none)."""
        return self._by_problem.get(problem_id)

    def for_problem(self, problem: Problem) -> ProblemKnowledge:
        """What applies to ``problem``: its own file plus the general set.

        General key points join when their concept is one of the problem's; general red
        flags always join. A problem without a file of its own (free text, tailored)
        gets the general set only.
        """
        own = self._by_problem.get(problem.id)
        if own is None:
            return replace(self._general, problem_id=problem.id)
        concept_ids = {c.id for c in problem.concepts}
        flag_ids = {f.id for f in own.red_flags}
        point_ids = {p.id for p in own.key_points}
        general = self._general
        points = own.key_points + tuple(
            p for p in general.key_points if p.concept in concept_ids and p.id not in point_ids
        )
        flags = own.red_flags + tuple(f for f in general.red_flags if f.id not in flag_ids)
        bar = {**general.level_bar, **own.level_bar}
        return replace(own, key_points=points, red_flags=flags, level_bar=bar)


@lru_cache(maxsize=1)
def _default() -> KnowledgeBase:
    folder = resources.files(_DATA_PACKAGE).joinpath("knowledge")
    return KnowledgeBase.load(folder)

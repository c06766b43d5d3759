"""Which problem a session is about: a tailored document, a bank problem or free text.

A problem tailored to a candidate's resume is not in the bank: the validated document
is kept in the session's metadata (``session.metadata["tailored_problem"]``, plain JSON)
and the session's ``problem_id`` is its ``tailored-<slug>`` id. Every part of the app
that needs a session's problem (interviewer, evaluator, pages) resolves it here, so a
tailored problem is interviewed and graded exactly like a bank problem.

Example::

    problem = resolve_problem(session, bank)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Final

from interview_platform.exceptions import ValidationError
from interview_platform.models import Session
from interview_platform.problems.bank import CUSTOM_PROBLEM_ID, ProblemBank
from interview_platform.problems.matching import normalise_domain
from interview_platform.problems.schema import (
    Problem,
    ProblemSpec,
    parse_problem_spec,
    problem_from_spec,
)

__all__ = [
    "TAILORED_KEY",
    "TAILORED_PREFIX",
    "is_tailored_id",
    "normalise_document",
    "problem_document",
    "resolve_problem",
    "tailored_problem_from_document",
    "validated_document",
]

TAILORED_KEY: Final = "tailored_problem"
"""Session metadata key holding a tailored problem's validated document."""
TAILORED_PREFIX = "tailored-"
"""Every tailored problem id starts with this prefix (bank ids never do)."""
_DEFAULT_TEXT = "Design a scalable web service."

_log = logging.getLogger("interview_platform.ai")


def is_tailored_id(problem_id: str | None) -> bool:
    """Whether ``problem_id`` names a tailored (generated) problem."""
    return bool(problem_id) and str(problem_id).startswith(TAILORED_PREFIX)


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50].rstrip("-")
    return slug or "problem"


def _tidy_concept(concept: object) -> object:
    if not isinstance(concept, Mapping) or not isinstance(concept.get("keywords"), list):
        return concept
    # Capitalised or padded keywords are harmless slips, not worth a retry.
    keywords = [str(k).strip().lower() for k in concept["keywords"] if str(k).strip()]
    return {**concept, "keywords": list(dict.fromkeys(keywords))[:16]}


def normalise_document(data: Mapping[str, Any]) -> dict[str, Any]:
    """Force a generated document's id to ``tailored-<slug of the title>`` and tidy slips.

    Lowercases the domain and the concept keywords; everything else is left for
    :func:`validated_document` to judge.
    """
    document = dict(data)
    document["id"] = TAILORED_PREFIX + _slug(str(document.get("title") or ""))
    if isinstance(document.get("domain"), str):
        document["domain"] = normalise_domain(document["domain"])
    if isinstance(document.get("concepts"), list):
        document["concepts"] = [_tidy_concept(c) for c in document["concepts"]]
    return document


def _tailored_spec(document: Mapping[str, Any]) -> ProblemSpec:
    spec = parse_problem_spec(document, "tailored problem")
    if not is_tailored_id(spec.id):
        raise ValidationError(
            f"tailored problem: field 'id': '{spec.id}' must start with '{TAILORED_PREFIX}'"
        )
    return spec


def validated_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a tailored problem document and return it normalised as plain JSON.

    Raises:
        ValidationError: A field is invalid (unknown component kind, competency, phase...),
            or the id does not start with ``tailored-``.
    """
    data: dict[str, Any] = _tailored_spec(document).model_dump(mode="json")
    return data


def tailored_problem_from_document(document: Mapping[str, Any]) -> Problem:
    """Build the :class:`Problem` of a tailored document (validated with the bank's schema).

    Raises:
        ValidationError: The document is not a valid tailored problem.
    """
    return problem_from_spec(_tailored_spec(document))


def problem_document(problem: Problem) -> dict[str, Any]:
    """The document (YAML/JSON shape of a problem file) of ``problem``."""
    return {
        "id": problem.id,
        "title": problem.title,
        "domain": problem.domain,
        "levels": [level.value for level in problem.levels],
        "statement": problem.statement,
        "level_variants": dict(problem.level_variants),
        "functional_requirements": list(problem.functional_requirements),
        "non_functional_requirements": list(problem.non_functional_requirements),
        "scale": dict(problem.scale),
        "core_components": list(problem.core_components),
        "deep_dive_topics": list(problem.deep_dive_topics),
        "requirement_changes": [
            {"after_phase": c.after_phase, "min_level": c.min_level.value, "text": c.text}
            for c in problem.requirement_changes
        ],
        "concepts": [
            {
                "id": c.id,
                "name": c.name,
                "competency": c.competency,
                "phase": c.phase,
                "weight": c.weight,
                "keywords": list(c.keywords),
                "question": c.question,
                "hints": list(c.hints),
            }
            for c in problem.concepts
        ],
        "resources": list(problem.resources),
        "tags": list(problem.tags),
    }


def _tailored(session: Session) -> Problem | None:
    document = session.metadata.get(TAILORED_KEY)
    if not isinstance(document, Mapping):
        return None
    try:
        return tailored_problem_from_document(document)
    except ValidationError as exc:
        # A damaged document must not stop the interview: fall back to the text.
        _log.warning(
            "stored tailored problem is invalid; using the problem text",
            extra={"session_id": session.id, "error": str(exc)[:300]},
        )
        return None


def resolve_problem(session: Session, bank: ProblemBank) -> Problem:
    """Return the problem of ``session``.

    Order: the tailored document in the session's metadata; else the bank problem
    named by ``problem_id``; else a custom problem built from ``problem_text`` (also
    when the id is unknown but the session has a text).

    Raises:
        ValidationError: The id is unknown to the bank and the session has no text.
    """
    tailored = _tailored(session)
    if tailored is not None:
        return tailored
    if session.problem_id and session.problem_id != CUSTOM_PROBLEM_ID:
        try:
            return bank.get(session.problem_id)
        except ValidationError:
            if not session.problem_text.strip():
                raise
    return bank.custom_problem(session.problem_text.strip() or _DEFAULT_TEXT)

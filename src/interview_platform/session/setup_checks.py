"""Validation of what a new session is created with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from interview_platform.analysis.answers import is_gibberish_or_empty
from interview_platform.exceptions import ValidationError
from interview_platform.models import CommunicationMode, ExperienceLevel
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.resolution import TAILORED_KEY, validated_document
from interview_platform.session_metadata import SessionMetadata

MIN_MINUTES, MAX_MINUTES = 5, 180
MIN_PROBLEM_CHARS, MAX_PROBLEM_CHARS = 10, 4000
MAX_NAME_CHARS = 100
MAX_EMAIL_CHARS = 254  # the longest address SMTP carries (RFC 5321 with RFC 3696 erratum)
# C0 controls other than tab and newline (CR too: a browser sends CRLF as LF), DEL and
# the C1 range: a NUL truncates text in C libraries and PostgreSQL refuses it, escape
# sequences rewrite terminals that show logs; none of them is something a person types.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_plain_text(text: str, what: str, max_length: int | None = None) -> str:
    """Return ``text`` unchanged if it holds no control characters (tab and newline allowed).

    Args:
        text: A name or text the user typed.
        what: How the field is named in the message, e.g. ``"The name"``.
        max_length: The most characters accepted (e.g. :data:`MAX_NAME_CHARS`,
            :data:`MAX_EMAIL_CHARS`); None: no limit here.

    Raises:
        ValidationError: Longer than ``max_length``, or a control character (NUL,
            escape, ...) is present.
    """
    if max_length is not None and len(text or "") > max_length:
        raise ValidationError(
            f"{what} is too long ({len(text):,} characters; the limit is {max_length:,})."
        )
    found = _CONTROL.search(text or "")
    if found:
        raise ValidationError(
            f"{what} contains a control character (U+{ord(found.group()):04X}) at position "
            f"{found.start() + 1}; please remove it and type plain text."
        )
    return text


def validate_modes(modes: Iterable[CommunicationMode | str]) -> list[CommunicationMode]:
    """Return the modes as enum values, text first and always present, without repeats.

    Raises:
        ValidationError: A mode is unknown.
    """
    result = [CommunicationMode.TEXT]
    for mode in modes:
        try:
            value = CommunicationMode(mode)
        except ValueError:
            allowed = ", ".join(m.value for m in CommunicationMode)
            raise ValidationError(
                f"Unknown communication mode '{mode}'; choose from: {allowed}."
            ) from None
        if value not in result:
            result.append(value)
    return result


def validate_level(level: ExperienceLevel | str) -> ExperienceLevel:
    """Return the level as an enum value.

    Raises:
        ValidationError: The level is unknown.
    """
    try:
        return ExperienceLevel(level)
    except ValueError:
        allowed = ", ".join(lv.value for lv in ExperienceLevel)
        raise ValidationError(
            f"Unknown experience level '{level}'; choose from: {allowed}."
        ) from None


def validate_minutes(minutes: int) -> int:
    """Check the planned duration.

    Raises:
        ValidationError: Outside 5..180 minutes.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValidationError("The planned duration must be a whole number of minutes.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            f"The planned duration must be between {MIN_MINUTES} and {MAX_MINUTES} minutes "
            f"(got {minutes})."
        )
    return minutes


def validate_problem_text(text: str) -> str:
    """Check a free-text problem description and return it trimmed.

    Raises:
        ValidationError: Too short, too long, control characters or not readable text.
    """
    cleaned = check_plain_text((text or "").strip(), "The problem description")
    if len(cleaned) < MIN_PROBLEM_CHARS:
        raise ValidationError(
            "Pick a problem from the bank, or describe your own in a sentence "
            f"(at least {MIN_PROBLEM_CHARS} characters)."
        )
    if len(cleaned) > MAX_PROBLEM_CHARS:
        raise ValidationError(
            f"The problem description is too long ({len(cleaned)} characters; "
            f"the limit is {MAX_PROBLEM_CHARS})."
        )
    if is_gibberish_or_empty(cleaned):
        raise ValidationError("The problem description does not look like readable text.")
    return cleaned


def validate_tailored_problem(
    document: object, problem_id: str | None = None
) -> tuple[str, str, dict[str, Any]]:
    """Check a problem tailored to the resume (a problem document, as the bank's files).

    Returns:
        The tailored id, the title, and the validated document (plain JSON).

    Raises:
        ValidationError: Not a valid tailored problem, or ``problem_id`` names another one.
    """
    if not isinstance(document, Mapping):
        raise ValidationError("The tailored problem must be a document of problem fields.")
    data = validated_document(document)
    if problem_id and problem_id != data["id"]:
        raise ValidationError(
            f"The problem id '{problem_id}' does not match the tailored problem '{data['id']}'."
        )
    return str(data["id"]), str(data["title"]), data


def problem_fields(
    bank: ProblemBank, problem_id: str | None, problem_text: str, tailored: object | None
) -> tuple[str | None, str, SessionMetadata]:
    """Validated problem id, problem text and session metadata of a new session.

    A tailored document wins (its id and title; the document goes into the metadata),
    then a bank id (its title), then the free text.

    Raises:
        ValidationError: Unknown bank id, invalid tailored problem or unusable text.
    """
    if tailored is not None:
        tailored_id, title, document = validate_tailored_problem(tailored, problem_id)
        return tailored_id, title, {TAILORED_KEY: document}
    if problem_id:
        return problem_id, bank.get(problem_id).title, {}
    return None, validate_problem_text(problem_text), {}


def validate_provider(provider: str, model: str) -> tuple[str, str]:
    """Check that a provider and a model are named.

    Raises:
        ValidationError: Either is empty.
    """
    if not (provider or "").strip():
        raise ValidationError("Choose an AI provider for the interviewer.")
    if not (model or "").strip():
        raise ValidationError(f"Choose a model for the provider '{provider}'.")
    return provider.strip(), model.strip()

"""How much of a resume is read: the first :data:`MAX_RESUME_CHARS` characters.

A resume of a few pages is 5,000 to 20,000 characters; the cap leaves room for a long
one and keeps a hostile upload (a megabyte of text) from holding a worker. Extraction
keeps a little more than the cap (:data:`~interview_platform.resume.extract.MAX_CHARS`),
so a cut is noticed and the candidate told.
"""

from __future__ import annotations

from interview_platform.models import ResumeData

__all__ = ["MAX_RESUME_CHARS", "cap_resume", "truncation_notice"]

MAX_RESUME_CHARS = 100_000


def cap_resume(text: str) -> str:
    """The part of a resume's text that is parsed (and stored as its raw text)."""
    return text[:MAX_RESUME_CHARS]


def truncation_notice(data: ResumeData) -> str:
    """The message for a resume cut at the cap ("" when it was read whole).

    Args:
        data: A parsed resume (its ``raw_text`` is the text that was read).
    """
    if len(data.raw_text) < MAX_RESUME_CHARS:
        return ""
    return (
        f"Your resume is very long: only its first {MAX_RESUME_CHARS:,} characters were "
        "read. Check the parsed fields, or upload a shorter version."
    )

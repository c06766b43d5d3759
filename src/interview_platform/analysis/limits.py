"""How much text the analysers read: the caps applied where text enters analysis.

Every analyser is linear in its input, but linear in a megabyte is still seconds of
Python holding the GIL for every other user of the process. Text therefore enters
analysis capped: a candidate's answer (the interviewer refuses longer ones with a
message), a model's reply (stored and analysed up to :data:`MAX_REPLY_CHARS`; a provider
that ignores its output-token cap cannot make later turns read more) and a resume after
extraction (see :mod:`interview_platform.resume.limits`).

Example::

    text = for_analysis(message.content)               # at most MAX_ANALYSED_CHARS
    reply = for_analysis(reply_text, MAX_REPLY_CHARS)
"""

from __future__ import annotations

__all__ = ["MAX_ANALYSED_CHARS", "MAX_REPLY_CHARS", "cap_reply", "for_analysis"]

MAX_ANALYSED_CHARS = 20_000
"""Longest message one analysis reads (the longest answer a candidate may send)."""

MAX_REPLY_CHARS = 12_000
"""Longest model reply kept: an interviewer turn is capped at 800 output tokens
(about 3,500 characters), so only a provider ignoring its cap comes near this."""


def for_analysis(text: str, limit: int = MAX_ANALYSED_CHARS) -> str:
    """The part of ``text`` an analyser reads: its first ``limit`` characters.

    Args:
        text: Any text.
        limit: The most characters kept.

    Returns:
        ``text`` itself when short enough, else its prefix (a substring, so quotes
        taken from it are still the author's words).
    """
    return text if len(text) <= limit else text[:limit]


def cap_reply(text: str) -> str:
    """A model's reply as it is stored and later analysed (at most :data:`MAX_REPLY_CHARS`)."""
    return for_analysis(text, MAX_REPLY_CHARS)

"""Showing user-derived text as text: never as Markdown, HTML or Streamlit directives.

Candidate names, resume fields, problems typed by the user, file names and everything
a model wrote (feedback, plans, rationales, evidence quotes, interviewer replies) can
carry Markdown. Streamlit interprets Markdown in ``st.markdown``, ``st.write`` of a
string, ``st.caption``, the alerts, ``st.table`` cells, metric values and every widget
label, so ``![x](http://host/x.png)`` there makes the browser fetch an outside image.
Every such string goes through :func:`escape_markdown` (or :func:`show_text`) before it
reaches Streamlit; values put into ``unsafe_allow_html`` markup go through
:func:`html.escape` instead.
"""

from __future__ import annotations

import re

import streamlit as st

# A backslash before ASCII punctuation makes CommonMark take it literally. These are the
# characters that can open syntax anywhere in a line: links and images (``[``), emphasis,
# code, raw HTML and autolinks (``<``), entities (``&``), tables, strikethrough, LaTeX
# (``$``) and Streamlit directives (``:red[...]`` needs its ``[``). Other punctuation
# stays as typed so that messages read the same in tests and logs.
_INLINE = re.compile(r"([\\`*_\[\]<>#|$~&])")
# Syntax that only counts at the start of a line: lists, headings underlined with ``=``
# or ``-``, quotes, and ordered lists (``1.`` / ``1)``).
# The indent stops at the line's end ([^\S\n], not \s): from every line of a run of blank
# lines the rest of the run was scanned again (quadratic).
_LINE_START = re.compile(r"(?m)^([^\S\n]*)([-+=]|\d+(?=[.)]))")
# GitHub's autolink literals and Streamlit's shortcodes (``:material/home:``, emoji) are
# found in the parsed text, after escapes are resolved, so a backslash cannot stop them:
# an invisible word joiner after ``:`` and ``@`` and before the dot of ``www.`` breaks
# ``http://``, e-mail addresses, ``www.host`` and ``:name:`` patterns alike.
_JOINER = "\u2060"
_AFTER = re.compile(r"([:@])")
_WWW = re.compile(r"(?i)\b(www)\.")
# Characters that have no business in text shown on a page (NUL, escape sequences,
# bidi overrides are kept: they are readable text in right-to-left scripts).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker[0].isdigit():  # "1." stays "1." but is no longer a list item: "1\\."
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def escape_markdown(text: object) -> str:
    """Return ``text`` so that Streamlit Markdown shows it literally.

    Newlines are kept as hard line breaks, so multi-line text keeps its lines.

    Args:
        text: A user-derived value (converted with ``str``).

    Returns:
        Markdown that renders exactly the characters of ``text`` (plus invisible word
        joiners that stop links being recognised).
    """
    value = _CONTROL.sub("", str(text))
    value = _WWW.sub(r"\1" + _JOINER + ".", value)
    value = _INLINE.sub(r"\\\1", value)
    value = _LINE_START.sub(_escape_line_start, value)
    value = _AFTER.sub(r"\1" + _JOINER, value)
    return "  \n".join(value.splitlines()) if "\n" in value else value


def show_text(text: object, *, caption: bool = False) -> None:
    """Draw user-derived text as a paragraph (or a caption) without interpreting it.

    Args:
        text: The text to show.
        caption: Draw it small and grey, as ``st.caption``.
    """
    body = escape_markdown(text)
    if caption:
        st.caption(body)
    else:
        st.markdown(body)

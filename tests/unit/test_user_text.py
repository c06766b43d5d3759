"""User-derived text reaches Streamlit Markdown escaped: shown as typed, never interpreted."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from interview_platform.ui.user_text import escape_markdown

URL = "http://127.0.0.1:8765/x.png"
PAYLOADS = {
    "image": f"![x]({URL})",
    "link": f"[click me]({URL})",
    "bare url": f"see {URL} now",
    "www": "visit www.example.com today",
    "email": "write to eve@example.com",
    "autolink": f"<{URL}>",
    "html img": f'<img src="{URL}">',
    "colour directive": ":red[alarm] and :blue-badge[x]",
    "material icon": ":material/home: home",
    "latex": "costs $x$ and $$y$$",
    "heading": "# heading",
    "setext heading": "title\n===",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "code": "run `rm -rf /` or ```py\nx\n```",
    "emphasis": "**bold** _it_ ~~gone~~",
    "list": "- one\n1. two\n> quote\n+ plus\n2) three",
    "rule": "a\n---\n***",
    "entity": "&lt;b&gt; &amp;",
    "reference link": f"[a][r]\n\n[r]: {URL}",
}
# CommonMark with GFM tables and strikethrough: the Markdown that Streamlit's renderer
# shares with markdown-it (autolink literals and Streamlit directives are checked below).
_RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TAG = re.compile(r"<(?!/?(p|br)\s*/?>)[^>]+>")


def _visible(rendered: str) -> str:
    """The text a reader sees: tags other than paragraphs and breaks would fail first."""
    text = re.sub(r"</?p>|<br\s*/?>", "", rendered)
    return html.unescape(text).replace("\u2060", "")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_renders_as_its_own_text_and_nothing_else(payload: str) -> None:
    rendered = _RENDERER.render(escape_markdown(payload))

    assert _TAG.search(rendered) is None, rendered
    visible = _visible(rendered)
    # Blank lines become a paragraph break; every other line is shown as typed.
    assert _lines(visible) == _lines(payload)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_pattern_left_for_text_level_plugins(payload: str) -> None:
    escaped = escape_markdown(payload)

    # Autolink literals and shortcodes are found after escapes are resolved.
    plain = escaped.replace("\\", "")
    assert not re.search(r"https?://", plain)
    assert not re.search(r"(?i)www\.", plain)
    assert not re.search(r"\w@\w", plain)
    assert not re.search(r":[\w/-]+[:\[]", plain)
    # Dollars (LaTeX) are escaped; every colon is followed by the word joiner.
    assert not re.search(r"(?<!\\)\$", escaped)
    assert not re.search(":(?!\u2060)", escaped)


def test_readable_text_is_unchanged() -> None:
    for text in ("Ada Lovelace", "Zoë 🚀 résumé", "مرحبا بالعالم", "שלום", "日本語の名前"):
        assert escape_markdown(text) == text


def test_control_characters_are_dropped_but_lines_kept() -> None:
    escaped = escape_markdown("a\x00b\x1b[31mc\nnext\tline")

    assert "\x00" not in escaped and "\x1b" not in escaped
    assert escaped.splitlines() == ["ab\\[31mc  ", "next\tline"]


def test_non_strings_are_shown_with_str() -> None:
    assert escape_markdown(ValueError("bad [x](y)")) == "bad \\[x\\](y)"


def test_messages_keep_their_ordinary_punctuation() -> None:
    notice = "Couldn't generate it (HTTP 401); using Payment system, v1.2 - ok?"
    assert escape_markdown(notice) == notice

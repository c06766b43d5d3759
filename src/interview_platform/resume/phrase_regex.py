r"""Many literal phrases as one regular expression that stays fast on long text.

``a|b|c`` over a hundred phrases makes the regex engine try every phrase at every
position of the text; written as a trie (``ca(?:che|ssandra)``) it follows one branch
per character, which made keyword search over a 1 MB resume about 20 times faster.
Among phrases that match at the same place the longest wins, as with an alternation
sorted longest first.

Example::

    re.compile(rf"\b(?:{alternation(['cache', 'cassandra', 'cdn'])})\b")
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

__all__ = ["alternation", "lowered_if_same_length"]

_END = ""  # the key that marks the end of a phrase in a trie node
_Node: TypeAlias = "dict[str, _Node]"


def alternation(phrases: Iterable[str]) -> str:
    """The regex source matching any of ``phrases`` literally (no group around it).

    Args:
        phrases: Literal phrases (empty ones are ignored).

    Returns:
        A pattern source; ``"(?!)"`` (never matches) when there is no phrase.
    """
    root: _Node = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _source(root) or "(?!)"


def _source(node: _Node) -> str:
    branches = [re.escape(char) + _source(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # Greedy: a longer phrase is tried before the shorter one that ends here.
    return f"(?:{body})?" if _END in node else body


def lowered_if_same_length(text: str) -> str | None:
    """``text.lower()`` when it keeps every position (else None: match case-insensitively).

    Matching lowercase phrases in lowered text is several times faster than a
    case-insensitive pattern; a few characters ("İ") lower to two, which would shift
    the positions of matches.
    """
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None

"""What a stub server is told to answer and what it records (used by both stubs).

Deterministic token counts (:func:`count_tokens`) let tests compare usage exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_TEXT = "Thanks. How would you estimate the peak read traffic for this system?"


def count_tokens(text: str) -> int:
    """Deterministic token count used by both stubs: one token per 4 characters (min 1)."""
    return max(1, (len(text) + 3) // 4)


def split_chunks(text: str) -> list[str]:
    """Split a reply into stream chunks: one word each, keeping the spaces."""
    words = text.split(" ")
    return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words) if w or i == 0]


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes = b""


@dataclass(frozen=True)
class Usage:
    """Tokens the stub reported for one successful completion."""

    input_tokens: int
    output_tokens: int


@dataclass
class ScriptedReply:
    """What the next completion request gets: text, or an HTTP error."""

    text: str = DEFAULT_TEXT
    status: int = 200
    message: str = ""
    delay_s: float | None = None
    chunk_delay_s: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    retry_after_ms: int | None = 1
    extra: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False
    """Answer as cut off at the output limit (OpenAI ``length``, Anthropic ``max_tokens``)."""

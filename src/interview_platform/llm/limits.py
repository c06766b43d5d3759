"""Provider limits: output-token caps per operation, worst-case input, per-request timeouts.

Every model the gateway builds carries an output cap sized to its operation, so
no reply can cost more than the cap allows (an uncapped OpenAI reply once cost
more than the whole session budget). ``providers.max_output_tokens`` in config
overrides the defaults below per operation name.

Example::

    cap = output_cap(settings.providers, Operation.RESPONSE_ANALYSIS)   # 700
    timeout, retries = request_timeout(settings.providers, deadline_s=30.0)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from interview_platform.config import ProvidersSettings
from interview_platform.models import Operation

__all__ = [
    "CUT_MARK",
    "DEFAULT_OUTPUT_CAPS",
    "CapWatch",
    "estimate_tokens",
    "output_cap",
    "request_timeout",
]

DEFAULT_OUTPUT_CAPS: Mapping[Operation, int] = {
    # Interviewer turns are a few sentences; 700-800 tokens is several paragraphs.
    Operation.QUESTION_GENERATION: 800,
    Operation.RESPONSE_ANALYSIS: 700,
    Operation.WHITEBOARD_ANALYSIS: 700,
    Operation.SCREEN_ANALYSIS: 700,
    # A full report is about 3,000 tokens (evaluation/llm_call.py retries a cut one larger).
    Operation.EVALUATION: 4096,
    # A parsed resume is a JSON document of one to two thousand tokens.
    Operation.RESUME_PARSING: 2048,
}
_FALLBACK_CAP = 1024
CUT_MARK = " …"
"""Appended to a streamed reply stopped by its output cap, so it visibly ends there."""


def output_cap(settings: ProvidersSettings, operation: Operation) -> int:
    """The output-token cap of one ``operation`` (config first, then the default table)."""
    configured = settings.max_output_tokens.get(operation.value)
    if configured is not None and configured > 0:
        return configured
    return DEFAULT_OUTPUT_CAPS.get(operation, _FALLBACK_CAP)


def estimate_tokens(texts: Iterable[str], allowance: int = 0) -> int:
    """An estimate of the input tokens of ``texts``: 1 per 3 characters plus ``allowance``.

    On the high side (English averages about 4 characters a token): it prices a worst case.
    """
    return allowance + sum(len(text) for text in texts) // 3


def request_timeout(settings: ProvidersSettings, deadline_s: float | None) -> tuple[float, int]:
    """The SDK's per-request timeout and retry count for a call with a total deadline.

    Without a deadline: ``providers.timeout_s`` and ``max_attempts - 1`` retries. With one,
    the timeout is shortened so that every attempt fits inside it (the SDK's back-off
    between attempts, under a second for the first retries, is what the deadline's own
    watchdog absorbs).
    """
    retries = settings.max_attempts - 1
    if deadline_s is None:
        return settings.timeout_s, retries
    return min(settings.timeout_s, deadline_s / settings.max_attempts), retries


class CapWatch:
    """Passes a streamed call's usage on and notes whether the reply used its whole cap.

    A reply stopped by the cap reports exactly the cap as its output tokens (OpenAI
    ``finish_reason == "length"``, Anthropic ``stop_reason == "max_tokens"``), which is
    what a stream's usage tells on both providers alike.

    Args:
        record: The ``(operation, input_tokens, output_tokens)`` usage recorder.
        cap: The output-token cap the model was built with.
    """

    def __init__(self, record: Callable[[Operation, int, int], None], cap: int) -> None:
        self._record = record
        self.cap = cap
        self.cut = False

    def record(self, operation: Operation, input_tokens: int, output_tokens: int) -> None:
        """Note whether the cap was reached, then record the usage."""
        self.cut = output_tokens >= self.cap
        self._record(operation, input_tokens, output_tokens)

    def notice(self) -> str:
        """The notice shown under a reply that was cut at the cap."""
        return (
            f"The AI interviewer's reply reached its {self.cap}-token length limit "
            "and was cut short."
        )

"""Classification of SDK and transport exceptions into :class:`AIProviderError`.

The OpenAI and Anthropic SDKs (and LangChain's subclasses of their errors)
raise many types; the interviewer only needs to know *what kind* of failure it
was, whether retrying later may help, and a message a person can read. The
message holds the kind, the HTTP status and, for connection failures, the base
URL: never the key, and never the text of the response (a server named by a user
could be anything, so its words are not ours to print).
"""

from __future__ import annotations

import anthropic
import httpx
import httpx2
import openai

from interview_platform.exceptions import AIProviderError

__all__ = ["classify", "describe"]

_TRANSIENT_KINDS = frozenset({"rate_limited", "server_error", "timeout", "unreachable"})
_STATUS_KINDS = {
    400: "bad_request",
    401: "invalid_key",
    403: "invalid_key",
    404: "unknown_model",
    408: "timeout",
    413: "bad_request",
    422: "bad_request",
    429: "rate_limited",
}
_DESCRIPTIONS = {
    "missing_key": "no API key",
    "invalid_key": "invalid API key",
    "unknown_model": "unknown model",
    "unreachable": "host unreachable",
    "rate_limited": "rate limited",
    "server_error": "server error",
    "timeout": "timed out",
    "bad_request": "request rejected",
    "bad_response": "unreadable response",
    "budget_exceeded": "budget reached",
    "refused": "address not allowed",
    "unknown": "unexpected error",
}
_TIMEOUTS = (
    openai.APITimeoutError,
    anthropic.APITimeoutError,
    httpx.TimeoutException,
    httpx2.TimeoutException,
    TimeoutError,
)
_CONNECTION = (
    openai.APIConnectionError,
    anthropic.APIConnectionError,
    httpx.TransportError,
    httpx2.TransportError,
    ConnectionError,
)


def describe(kind: str) -> str:
    """Short human phrase for a failure kind ("rate limited", "invalid API key")."""
    return _DESCRIPTIONS.get(kind, kind.replace("_", " "))


def _status_kind(status: int) -> str:
    if status >= 500:
        return "server_error"
    return _STATUS_KINDS.get(status, "bad_request")


def _kind_of(exc: BaseException) -> tuple[str, int | None]:
    """Return (kind, HTTP status or None); timeouts are checked before connection errors."""
    if isinstance(exc, openai.APIStatusError | anthropic.APIStatusError):
        return _status_kind(exc.status_code), exc.status_code
    if isinstance(exc, _TIMEOUTS):
        return "timeout", None
    if isinstance(exc, _CONNECTION):
        return "unreachable", None
    if isinstance(exc, openai.APIResponseValidationError | anthropic.APIResponseValidationError):
        return "bad_response", None
    return "unknown", None


def classify(
    exc: BaseException, provider: str = "", base_url: str | None = None
) -> AIProviderError:
    """Map an SDK, httpx or transport exception to an :class:`AIProviderError`.

    Args:
        exc: The exception raised by a model call.
        provider: Provider label for the message ("OpenAI").
        base_url: Endpoint, named in messages about unreachable hosts.

    Returns:
        An error whose ``kind`` is one of the documented kinds and whose
        ``transient`` says whether a later retry may succeed. An
        :class:`AIProviderError` passed in is returned unchanged.
    """
    if isinstance(exc, AIProviderError):
        return exc
    kind, status = _kind_of(exc)
    who = provider or "The AI provider"
    detail = f"{who}: {describe(kind)}"
    if status is not None:
        detail += f" (HTTP {status})"
    if kind in ("unreachable", "timeout") and base_url:
        detail += f" at {base_url}"
    return AIProviderError(detail, kind=kind, transient=kind in _TRANSIENT_KINDS)

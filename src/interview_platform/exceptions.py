"""Exception hierarchy of the interview platform.

Every error the platform raises on purpose derives from
:class:`InterviewPlatformError`, so callers (the UI, the CLI) can catch one
type and show its message to the user. Messages are written for people: they
say what went wrong and, where possible, how to fix it.
"""

from __future__ import annotations


class InterviewPlatformError(Exception):
    """Base class of every error raised on purpose by the platform."""


class ConfigurationError(InterviewPlatformError):
    """A configuration value is missing or invalid.

    Attributes:
        key: The dotted configuration key at fault (for example ``database.pool_size``).
        allowed: A description of the values that would be accepted.
    """

    def __init__(self, key: str, problem: str, allowed: str = "") -> None:
        self.key = key
        self.allowed = allowed
        message = f"Invalid configuration '{key}': {problem}"
        if allowed:
            message += f" (allowed: {allowed})"
        super().__init__(message)


class DataStoreError(InterviewPlatformError):
    """The database could not complete an operation."""


class TransientDataStoreError(DataStoreError):
    """A database failure that may succeed when retried (lost connection, restart)."""


class NotFoundError(DataStoreError):
    """A requested record does not exist."""


class StorageError(InterviewPlatformError):
    """A file could not be written, read or removed in local storage."""


class AIProviderError(InterviewPlatformError):
    """An AI provider call failed.

    Attributes:
        kind: A short machine-readable reason: ``missing_key``, ``invalid_key``,
            ``unknown_model``, ``unreachable``, ``rate_limited``, ``server_error``,
            ``timeout``, ``bad_response``, ``budget_exceeded``, ``refused`` or ``unknown``.
        transient: Whether retrying later may succeed.
    """

    def __init__(self, message: str, kind: str = "unknown", transient: bool = False) -> None:
        self.kind = kind
        self.transient = transient
        super().__init__(message)


class OutboundRefusedError(AIProviderError):
    """A base URL names an address the operator does not allow calls to; nothing was sent.

    Attributes:
        host: The host the URL named (empty when the URL could not be read).
    """

    def __init__(self, message: str, host: str = "") -> None:
        self.host = host
        super().__init__(message, kind="refused")


class CommunicationError(InterviewPlatformError):
    """Capturing or processing audio, video, whiteboard or screen input failed."""


class ValidationError(InterviewPlatformError):
    """User input (an upload, a form field, a script) is invalid."""


class SessionStateError(InterviewPlatformError):
    """An operation is not allowed in the session's current state."""

"""Which AI provider answers: the one enum every layer names providers by.

A :class:`Provider` is a ``StrEnum``, so it compares equal to the plain strings
stored in the database (``sessions.provider``, ``token_usage.provider``) and in
config files, and needs no migration.

Example::

    Provider.parse("openai").label   # 'OpenAI'
    Provider.OFFLINE == "offline"    # True
"""

from __future__ import annotations

from enum import StrEnum

from interview_platform.exceptions import ValidationError

__all__ = ["Provider"]

_LABELS = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "openai_compatible": "OpenAI-compatible server",
    "offline": "Offline interviewer",
}


class Provider(StrEnum):
    """An AI provider the platform can call (or the built-in offline interviewer)."""

    OFFLINE = "offline"
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    OPENAI_COMPATIBLE = "openai_compatible"

    @property
    def label(self) -> str:
        """Human name of the provider, e.g. ``OpenAI-compatible server``."""
        return _LABELS[self.value]

    @property
    def is_offline(self) -> bool:
        """True for the built-in offline interviewer (no key, no network, no cost)."""
        return self is Provider.OFFLINE

    @classmethod
    def parse(cls, value: object) -> Provider:
        """Return the provider named ``value`` (case and spaces ignored).

        Raises:
            ValidationError: With the allowed names when ``value`` names none.
        """
        name = str(value or "").strip().lower()
        try:
            return cls(name)
        except ValueError:
            allowed = ", ".join(p.value for p in cls)
            raise ValidationError(f"Unknown provider {value!r} (allowed: {allowed}).") from None


def label_of(provider: str) -> str:
    """Human name of a provider name, or the name itself when it is unknown."""
    return _LABELS.get(provider, provider)

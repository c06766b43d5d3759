"""Credentials for one AI provider, kept out of reprs, logs and the database.

Example::

    creds = ProviderCredentials("openai", "gpt-4o", api_key=SecretStr("sk-..."))
    repr(creds)  # the key is shown as '**********'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr

from interview_platform.provider import Provider, label_of

__all__ = ["CredentialCheck", "ProviderCredentials"]


@dataclass(frozen=True)
class ProviderCredentials:
    """Which provider and model to call, with an optional key and base URL.

    Attributes:
        provider: ``openai``, ``anthropic``, ``openai_compatible`` or ``offline``.
        model: Model name as the provider knows it.
        api_key: The secret key; ``SecretStr`` so it never shows in a repr.
        base_url: Endpoint override (required in practice for local servers).
        operator_key: Whether a blank key may be filled with the operator's (from config
            or the environment); False for accounts the operator has not allowed.
    """

    provider: str
    model: str
    api_key: SecretStr | None = field(default=None, repr=False)
    base_url: str | None = None
    operator_key: bool = True

    @property
    def label(self) -> str:
        """Human name of the provider."""
        return label_of(self.provider)

    @property
    def is_offline(self) -> bool:
        """True for the built-in offline interviewer (no key, no network)."""
        return self.provider == Provider.OFFLINE

    def secret(self) -> str:
        """Return the key in clear text, or an empty string (only for SDK clients)."""
        return self.api_key.get_secret_value() if self.api_key is not None else ""


@dataclass(frozen=True)
class CredentialCheck:
    """Outcome of a credential check.

    Attributes:
        ok: True when the provider accepted the key and knows the model.
        kind: ``ok`` or an :class:`~interview_platform.exceptions.AIProviderError` kind
            (``missing_key``, ``invalid_key``, ``unknown_model``, ``unreachable``,
            ``rate_limited``, ``server_error``, ``timeout``...).
        message: What a person should read; never contains the key.
    """

    ok: bool
    kind: str
    message: str

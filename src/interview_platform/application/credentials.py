"""Which credentials an interview's model calls use: the session's, with a typed key."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import SecretStr

from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import Session


@dataclass(frozen=True)
class TypedKey:
    """An API key typed in one browser for one provider (never stored, never shown).

    Attributes:
        provider: The provider the key was typed for.
        api_key: The key; empty when none was typed.
    """

    provider: str
    api_key: str = field(default="", repr=False)


def credentials_for(session: Session, typed: TypedKey | None) -> ProviderCredentials:
    """Credentials for an interview: its own provider, model and base URL, plus a typed key.

    A typed key is used only for the provider it was typed for; otherwise the
    provider's key from the environment or config applies (filled in later).

    Args:
        session: The interview.
        typed: The key this browser typed, if any.

    Returns:
        Credentials for the session's model calls.
    """
    key = (
        typed.api_key
        if typed is not None and typed.provider == session.provider and typed.api_key
        else None
    )
    base_url = session.metadata.get("base_url") or None
    return ProviderCredentials(
        provider=session.provider,
        model=session.model,
        api_key=SecretStr(key) if key else None,
        base_url=str(base_url) if base_url else None,
    )

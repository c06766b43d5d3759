"""Settings of sign-in: who may use the platform and how long a sign-in lasts.

``single_user`` is the laptop mode: no sign-in, one local administrator, and the
app answers only browsers on this computer (the server is bound to 127.0.0.1 and
a request from another address is refused). ``accounts`` is the shared mode:
sign-up and sign-in with a password, every profile and interview owned by an account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

AuthMode = Literal["single_user", "accounts"]


class AuthSettings(BaseModel):
    """Sign-in, lockout, expiry and who may spend the operator's API keys.

    Attributes:
        mode: ``single_user`` (no sign-in, this computer only) or ``accounts``.
        allow_sign_up: Whether anyone reaching the app may create an account.
        admin_emails: Accounts with these e-mail addresses are administrators.
        idle_minutes: A sign-in expires after this long without use.
        max_hours: A sign-in expires this long after it began, used or not.
        max_failed_attempts: Wrong passwords in a row before the account is locked.
        lockout_minutes: How long a locked account refuses every password.
        operator_keys_by_default: Whether new accounts may spend the operator's keys.
        daily_spend_usd: Per account and UTC day, the most the operator's keys may spend.
    """

    model_config = ConfigDict(extra="forbid")

    mode: AuthMode = "single_user"
    allow_sign_up: bool = True
    admin_emails: list[str] = Field(default_factory=list)
    idle_minutes: int = Field(default=120, ge=5, le=7 * 24 * 60)
    max_hours: int = Field(default=12, ge=1, le=24 * 30)
    max_failed_attempts: int = Field(default=5, ge=1, le=100)
    lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    operator_keys_by_default: bool = False
    daily_spend_usd: Decimal = Field(default=Decimal("5.00"), ge=0)

    @field_validator("admin_emails")
    @classmethod
    def _lower_case(cls, emails: list[str]) -> list[str]:
        return [e.strip().lower() for e in emails if e.strip()]

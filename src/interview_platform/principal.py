"""Who is acting: an account and what it may do.

Every use case of the application layer is bound to a :class:`Principal`; it checks
that what is read or changed belongs to that account (an administrator may reach
everything). In single-user mode the principal is :data:`LOCAL_PRINCIPAL`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from interview_platform.model_values import new_id, utcnow


class Role(StrEnum):
    """What an account may do."""

    MEMBER = "member"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """The signed-in account a request acts for.

    Attributes:
        account_id: The account's id.
        email: The account's e-mail address (its sign-in name).
        role: Member or administrator.
        may_use_operator_keys: Whether this account's interviews may use the API keys
            the operator configured (otherwise only keys typed in the browser).
    """

    account_id: str
    email: str
    role: Role = Role.MEMBER
    may_use_operator_keys: bool = False

    @property
    def is_admin(self) -> bool:
        """Whether the account is an administrator (reaches every account's data)."""
        return self.role is Role.ADMIN

    def owns(self, owner_id: str | None) -> bool:
        """Whether data owned by ``owner_id`` (None: from before accounts) is reachable."""
        return self.is_admin or (owner_id is not None and owner_id == self.account_id)


@dataclass
class Account:
    """An account as stored (the password hash never leaves the database layer's callers).

    Attributes:
        email: Sign-in name, kept as typed; compared case-insensitively.
        password_hash: Argon2id hash ('' when the account cannot sign in by password).
        role: Member or administrator.
        may_use_operator_keys: See :class:`Principal`.
        failed_attempts: Wrong passwords since the last success.
        locked_until: When a lockout ends (None: not locked).
        id: Client-generated id.
        created_at: When the account was made.
    """

    email: str
    password_hash: str = field(default="", repr=False)
    role: Role = Role.MEMBER
    may_use_operator_keys: bool = False
    failed_attempts: int = 0
    locked_until: datetime | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)

    def principal(self) -> Principal:
        """The principal this account acts as."""
        return Principal(self.id, self.email, self.role, self.may_use_operator_keys)


LOCAL_ACCOUNT_ID = "00000000-0000-4000-8000-000000000001"
LOCAL_PRINCIPAL = Principal(
    account_id=LOCAL_ACCOUNT_ID,
    email="you@this-computer",
    role=Role.ADMIN,
    may_use_operator_keys=True,
)

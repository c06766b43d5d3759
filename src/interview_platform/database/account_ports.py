"""The protocol of the accounts repository (beside :mod:`.ports`, which holds the rest)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

from interview_platform.database.accounts import Owner
from interview_platform.principal import Account, Role


class AccountRepository(Protocol):
    """Accounts, their sign-ins, ownership lookups and spending."""

    def create(self, account: Account) -> bool:
        """Insert an account; False when its e-mail address is taken."""

    def by_email(self, email: str) -> Account | None:
        """The account signing in as ``email`` (case-insensitive), or None."""

    def get(self, account_id: str) -> Account | None:
        """The account with this id, or None."""

    def list_accounts(self) -> list[Account]:
        """Every account, by e-mail address."""

    def record_failure(self, account_id: str, limit: int, lock_until: datetime) -> Account | None:
        """Count a wrong password; the ``limit``-th in a row locks until ``lock_until``."""

    def record_success(self, account_id: str, password_hash: str) -> None:
        """Clear the failure count and any lockout; store the (maybe re-hashed) hash."""

    def update_rights(self, account_id: str, role: Role, may_use_operator_keys: bool) -> None:
        """Change an account's role and its right to the operator's keys."""

    def add_sign_in(
        self, token_sha256: str, account_id: str, now: datetime, expires_at: datetime
    ) -> None:
        """Record a new sign-in by the hash of its token."""

    def touch_sign_in(
        self, token_sha256: str, now: datetime, idle_until: datetime, max_age_s: int
    ) -> Account | None:
        """The account of a live sign-in (its idle expiry moved on), or None."""

    def delete_sign_in(self, token_sha256: str) -> None:
        """End one sign-in (sign-out)."""

    def delete_sign_ins_of(self, account_id: str) -> int:
        """End every sign-in of an account; return how many there were."""

    def delete_expired(self, now: datetime) -> int:
        """Forget sign-ins that expired; return how many."""

    def session_owner(self, session_id: str) -> Owner:
        """Who owns a session."""

    def candidate_owner(self, candidate_id: str) -> Owner:
        """Who owns a candidate profile."""

    def spent_since(self, account_id: str, since: datetime) -> Decimal:
        """What the account's interviews cost since ``since`` (priced usage only)."""

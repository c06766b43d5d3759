"""Accounts: sign-up, sign-in with lockout, sign-ins that expire, sign-out, rights.

Passwords are hashed with Argon2id (``argon2-cffi``). A sign-in is a random token
the browser keeps; the database keeps only its SHA-256, with an idle expiry that
slides on use and an absolute one that does not.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from interview_platform.application.actions import user_action
from interview_platform.application.attempts import AttemptLimiter
from interview_platform.config_auth import AuthSettings
from interview_platform.database.account_ports import AccountRepository
from interview_platform.exceptions import ValidationError
from interview_platform.model_values import utcnow
from interview_platform.principal import LOCAL_ACCOUNT_ID, Account, Principal, Role
from interview_platform.session.setup_checks import MAX_EMAIL_CHARS as MAX_EMAIL
from interview_platform.session.setup_checks import check_plain_text

MIN_PASSWORD = 10
MAX_PASSWORD = 256
WRONG = "The e-mail address or the password is wrong."
# Anchored, no nested quantifiers: linear in the (already capped) length.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in: the token the browser keeps and who it acts as."""

    token: str = field(repr=False)  # a credential: never in a repr, a log or a traceback
    principal: Principal


def token_hash(token: str) -> str:
    """The SHA-256 of a sign-in token (what the database keeps)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccountService:
    """Signs people up, in and out, and lets administrators change rights.

    Args:
        accounts: Where accounts and sign-ins are kept.
        settings: Lockout, expiry and administrator settings.
        clock: Current time (tests move it).
        hasher: The password hasher (Argon2id with the library's defaults).
        limiter: Failed attempts per source address.
    """

    def __init__(
        self,
        accounts: AccountRepository,
        settings: AuthSettings,
        clock: Callable[[], datetime] = utcnow,
        hasher: PasswordHasher | None = None,
        limiter: AttemptLimiter | None = None,
    ) -> None:
        self._limiter = limiter or AttemptLimiter()
        self._accounts = accounts
        self._settings = settings
        self._clock = clock
        self._hasher = hasher or PasswordHasher()

    @cached_property
    def _decoy(self) -> str:
        # Verified against for unknown e-mails, so they take as long as known ones.
        return self._hasher.hash(secrets.token_urlsafe(16))

    def sign_up(self, email: str, password: str) -> SignIn:
        """Create an account and sign it in.

        Raises:
            ValidationError: Sign-up is closed, the e-mail or password is not
                acceptable, or the address already has an account.
        """
        if not self._settings.allow_sign_up:
            raise ValidationError("New accounts are not accepted here; ask the operator.")
        email = _checked_email(email)
        _check_password(password, email)
        admin = email.lower() in self._settings.admin_emails
        account = Account(
            email=email,
            password_hash=self._hasher.hash(password),
            role=Role.ADMIN if admin else Role.MEMBER,
            may_use_operator_keys=admin or self._settings.operator_keys_by_default,
        )
        if not self._accounts.create(account):
            raise ValidationError("This e-mail address already has an account: sign in instead.")
        user_action("account.sign_up", "account created", account=account.id)
        return self._start(account)

    def sign_in(self, email: str, password: str, source: str = "local") -> SignIn:
        """Sign in with a password.

        Args:
            email: The account's e-mail address.
            password: Its password.
            source: Where the attempt comes from (the client's address), rate-limited.

        Raises:
            ValidationError: Wrong e-mail or password, the account is locked, or the
                source made too many failed attempts lately.
        """
        wait = self._limiter.wait_s(source)
        if wait > 0:
            raise ValidationError(_locked_message(timedelta(seconds=wait), "from your address"))
        account = self._accounts.by_email(email.strip()[:MAX_EMAIL])
        if account is None:
            self._verify(self._decoy, password)
            self._limiter.failed(source)
            raise ValidationError(WRONG)
        now = self._clock()
        if account.locked_until is not None and account.locked_until > now:
            raise ValidationError(_locked_message(account.locked_until - now))
        if not self._verify(account.password_hash, password):
            self._limiter.failed(source)
            self._fail(account, now)
        new_hash = account.password_hash
        if self._hasher.check_needs_rehash(account.password_hash):
            new_hash = self._hasher.hash(password)
        self._accounts.record_success(account.id, new_hash)
        if account.email.lower() in self._settings.admin_emails:
            account.role = Role.ADMIN
            self._accounts.update_rights(account.id, Role.ADMIN, True)
            account.may_use_operator_keys = True
        user_action("account.sign_in", "signed in", account=account.id)
        self._accounts.delete_expired(now)  # sign-ins are few; forget the dead ones here
        return self._start(account)

    def resume(self, token: str) -> Principal | None:
        """Who a browser's token signs in as, or None when it is unknown or expired."""
        if not token or len(token) > 200:
            return None
        now = self._clock()
        idle_until = now + timedelta(minutes=self._settings.idle_minutes)
        max_age_s = self._settings.max_hours * 3600
        account = self._accounts.touch_sign_in(token_hash(token), now, idle_until, max_age_s)
        return None if account is None else account.principal()

    def sign_out(self, token: str) -> None:
        """End this browser's sign-in."""
        self._accounts.delete_sign_in(token_hash(token))
        user_action("account.sign_out", "signed out")

    def accounts(self, actor: Principal) -> list[Account]:
        """Every account people sign in to (administrators only; not the local one).

        Raises:
            ValidationError: The actor is not an administrator.
        """
        _require_admin(actor)
        return [a for a in self._accounts.list_accounts() if a.id != LOCAL_ACCOUNT_ID]

    def set_rights(
        self, actor: Principal, account_id: str, role: Role, may_use_operator_keys: bool
    ) -> None:
        """Change an account's role and its right to the operator's keys (administrators).

        Its sign-ins end, so the change applies at its next sign-in.

        Raises:
            ValidationError: The actor is not an administrator, or demotes itself.
        """
        _require_admin(actor)
        if account_id == actor.account_id and role is not Role.ADMIN:
            raise ValidationError("You cannot take the administrator role from yourself.")
        self._accounts.update_rights(account_id, role, may_use_operator_keys)
        self._accounts.delete_sign_ins_of(account_id)
        user_action(
            "account.rights",
            "account rights changed",
            account=account_id,
            role=role.value,
            operator_keys=may_use_operator_keys,
            by=actor.account_id,
        )

    def _verify(self, password_hash: str, password: str) -> bool:
        if not password_hash or len(password) > MAX_PASSWORD:
            return False
        try:
            return bool(self._hasher.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def _fail(self, account: Account, now: datetime) -> NoReturn:
        lock_until = now + timedelta(minutes=self._settings.lockout_minutes)
        after = self._accounts.record_failure(
            account.id, self._settings.max_failed_attempts, lock_until
        )
        user_action("account.sign_in_failed", "wrong password", account=account.id)
        if after is not None and after.locked_until is not None and after.locked_until > now:
            user_action("account.locked", "account locked", account=account.id)
            raise ValidationError(_locked_message(after.locked_until - now))
        raise ValidationError(WRONG)

    def _start(self, account: Account) -> SignIn:
        token = secrets.token_urlsafe(32)
        now = self._clock()
        expires = now + timedelta(minutes=self._settings.idle_minutes)
        expires = min(expires, now + timedelta(hours=self._settings.max_hours))
        self._accounts.add_sign_in(token_hash(token), account.id, now, expires)
        return SignIn(token, account.principal())


def _checked_email(email: str) -> str:
    email = email.strip()
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        raise ValidationError("Please enter an e-mail address like name@example.com.")
    check_plain_text(email, "The e-mail address")
    return email


def _check_password(password: str, email: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"Please choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"A password may have at most {MAX_PASSWORD} characters.")
    if password.strip().lower() == email.lower():
        raise ValidationError("Please choose a password that is not your e-mail address.")


def _locked_message(left: timedelta, who: str = "") -> str:
    minutes = max(1, math.ceil(left.total_seconds() / 60))
    if who:
        return f"Too many wrong passwords {who}: please wait {minutes} minutes."
    return f"Too many wrong passwords: this account is locked for {minutes} more minutes."


def _require_admin(actor: Principal) -> None:
    if not actor.is_admin:
        raise ValidationError("Only an administrator may manage accounts.")

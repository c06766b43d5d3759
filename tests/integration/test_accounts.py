"""Accounts on the real database: hashing, lockout, expiry, sign-out, rights."""

from __future__ import annotations

import pytest

from interview_platform.application.accounts import WRONG, AccountService, token_hash
from interview_platform.application.attempts import AttemptLimiter
from interview_platform.config_auth import AuthSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import ValidationError
from interview_platform.principal import Role
from tests.integration.platform_rig import Clock

PASSWORD = "correct horse battery"


def _service(
    store: PostgresDataStore, clock: Clock, limiter: AttemptLimiter | None = None, **auth: object
) -> AccountService:
    settings = AuthSettings.model_validate({"mode": "accounts", **auth})
    return AccountService(store.accounts, settings, clock=clock, limiter=limiter)


def _column(store: PostgresDataStore, query: str) -> list[str]:
    with store.connection() as conn, conn.cursor() as cur:
        cur.execute(query)
        return [str(row[0]) for row in cur.fetchall()]


def test_passwords_are_argon2id_hashes_and_tokens_are_kept_as_hashes(
    store: PostgresDataStore, clock: Clock
) -> None:
    accounts = _service(store, clock)
    signed = accounts.sign_up("Ada@Example.com", PASSWORD)
    [stored] = _column(store, "SELECT password_hash FROM accounts WHERE email = 'Ada@Example.com'")
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    tokens = _column(store, "SELECT token_sha256 FROM sign_ins")
    assert tokens == [token_hash(signed.token)] and signed.token not in tokens
    assert accounts.resume(signed.token) == signed.principal
    assert signed.token not in repr(signed)  # a credential never reaches a log via a repr
    again = accounts.sign_in("ada@example.COM", PASSWORD)  # e-mail is case-insensitive
    assert again.principal.account_id == signed.principal.account_id


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "e-mail address like"),
        ("a@b.io", "short", "at least 10"),
        ("a@b.io", "x" * 257, "at most 256"),
        ("a\x00b@b.io", PASSWORD, "e-mail address"),
        ("a" * 300 + "@b.io", PASSWORD, "e-mail address like"),
        ("samesame@b.io", "SameSame@b.io", "not your e-mail"),
    ],
)
def test_bad_sign_ups_are_refused_with_a_reason(
    store: PostgresDataStore, clock: Clock, email: str, password: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _service(store, clock).sign_up(email, password)
    assert _column(store, "SELECT email FROM accounts WHERE email <> 'you@this-computer'") == []


def test_one_account_per_address(store: PostgresDataStore, clock: Clock) -> None:
    accounts = _service(store, clock)
    accounts.sign_up("ada@example.com", PASSWORD)
    with pytest.raises(ValidationError, match="already has an account"):
        accounts.sign_up("ADA@example.com", "another password!")


def test_wrong_passwords_lock_the_account_for_a_while(
    store: PostgresDataStore, clock: Clock
) -> None:
    accounts = _service(store, clock, max_failed_attempts=3, lockout_minutes=15)
    accounts.sign_up("ada@example.com", PASSWORD)
    for _ in range(2):
        with pytest.raises(ValidationError, match=WRONG):
            accounts.sign_in("ada@example.com", "guess guess guess")
    with pytest.raises(ValidationError, match="locked for 15 more minutes"):
        accounts.sign_in("ada@example.com", "guess guess guess")
    with pytest.raises(ValidationError, match="locked"):
        accounts.sign_in("ada@example.com", PASSWORD)  # even the right one, while locked
    clock.advance(15 * 60 + 1)
    assert accounts.sign_in("ada@example.com", PASSWORD).principal.email == "ada@example.com"


def test_an_unknown_address_gets_the_same_answer(store: PostgresDataStore, clock: Clock) -> None:
    with pytest.raises(ValidationError, match=WRONG):
        _service(store, clock).sign_in("nobody@example.com", PASSWORD)


def test_one_address_trying_many_accounts_is_slowed_down(
    store: PostgresDataStore, clock: Clock
) -> None:
    ticks = [0.0]
    limiter = AttemptLimiter(limit=3, window_s=60, clock=lambda: ticks[0])
    accounts = _service(store, clock, limiter=limiter)
    accounts.sign_up("ada@example.com", PASSWORD)
    for n in range(3):
        with pytest.raises(ValidationError, match=WRONG):
            accounts.sign_in(f"user{n}@example.com", PASSWORD, source="203.0.113.9")
    with pytest.raises(ValidationError, match="from your address"):
        accounts.sign_in("ada@example.com", PASSWORD, source="203.0.113.9")
    assert accounts.sign_in("ada@example.com", PASSWORD, source="198.51.100.7")
    ticks[0] = 61.0
    assert accounts.sign_in("ada@example.com", PASSWORD, source="203.0.113.9")


def test_sign_ins_expire_when_idle_and_at_their_age_limit(
    store: PostgresDataStore, clock: Clock
) -> None:
    accounts = _service(store, clock, idle_minutes=30, max_hours=2)
    idle = accounts.sign_up("ada@example.com", PASSWORD)
    clock.advance(31 * 60)
    assert accounts.resume(idle.token) is None
    busy = accounts.sign_in("ada@example.com", PASSWORD)
    for step in range(4):  # used every 25 minutes: the idle expiry slides on
        clock.advance(25 * 60)
        assert accounts.resume(busy.token) is not None, step
    clock.advance(25 * 60)  # 2 h 5 min after signing in, though used 25 minutes ago
    assert accounts.resume(busy.token) is None


def test_sign_out_ends_the_sign_in(store: PostgresDataStore, clock: Clock) -> None:
    accounts = _service(store, clock)
    signed = accounts.sign_up("ada@example.com", PASSWORD)
    accounts.sign_out(signed.token)
    assert accounts.resume(signed.token) is None
    assert accounts.resume("") is None and accounts.resume("x" * 10_000) is None


def test_administrators_manage_rights_and_members_cannot(
    store: PostgresDataStore, clock: Clock
) -> None:
    accounts = _service(store, clock, admin_emails=["Op@Example.com"])
    operator = accounts.sign_up("op@example.com", PASSWORD).principal
    member = accounts.sign_up("ada@example.com", PASSWORD)
    assert operator.is_admin and operator.may_use_operator_keys
    assert not member.principal.is_admin and not member.principal.may_use_operator_keys
    with pytest.raises(ValidationError, match="administrator"):
        accounts.accounts(member.principal)
    with pytest.raises(ValidationError, match="administrator"):
        accounts.set_rights(member.principal, member.principal.account_id, Role.ADMIN, True)
    accounts.set_rights(operator, member.principal.account_id, Role.MEMBER, True)
    assert accounts.resume(member.token) is None  # rights apply from the next sign-in
    again = accounts.sign_in("ada@example.com", PASSWORD).principal
    assert again.may_use_operator_keys and not again.is_admin
    with pytest.raises(ValidationError, match="from yourself"):
        accounts.set_rights(operator, operator.account_id, Role.MEMBER, True)
    emails = [a.email for a in accounts.accounts(operator)]
    assert "ada@example.com" in emails and "op@example.com" in emails


def test_sign_up_can_be_closed(store: PostgresDataStore, clock: Clock) -> None:
    with pytest.raises(ValidationError, match="not accepted"):
        _service(store, clock, allow_sign_up=False).sign_up("ada@example.com", PASSWORD)

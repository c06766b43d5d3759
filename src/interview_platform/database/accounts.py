"""PostgreSQL repository of accounts, their sign-ins and who owns what.

Sign-ins are stored by the SHA-256 of their token, so a copy of the database does
not let anyone sign in. Ownership runs candidate → account: a session, its
messages, drawings, files, evaluation and usage belong to the account that owns
the session's candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from interview_platform.database.rows import Row, utc
from interview_platform.database.statements import Statements
from interview_platform.principal import Account, Role

_COLUMNS = (
    "id, email, password_hash, role, may_use_operator_keys, failed_attempts, "
    "locked_until, created_at"
)
INSERT_ACCOUNT = f"""
INSERT INTO accounts ({_COLUMNS})
VALUES (%(id)s, %(email)s, %(password_hash)s, %(role)s, %(may_use_operator_keys)s,
        %(failed_attempts)s, %(locked_until)s, %(created_at)s)
ON CONFLICT DO NOTHING
"""
SELECT_BY_EMAIL = f"SELECT {_COLUMNS} FROM accounts WHERE lower(email) = lower(%s)"
SELECT_BY_ID = f"SELECT {_COLUMNS} FROM accounts WHERE id = %s"
LIST_ACCOUNTS = f"SELECT {_COLUMNS} FROM accounts ORDER BY lower(email)"
# A failure that reaches the limit locks the account and starts the count again.
RECORD_FAILURE = f"""
UPDATE accounts SET
    failed_attempts = CASE WHEN failed_attempts + 1 >= %(limit)s THEN 0
                           ELSE failed_attempts + 1 END,
    locked_until = CASE WHEN failed_attempts + 1 >= %(limit)s THEN %(lock_until)s
                        ELSE locked_until END
WHERE id = %(id)s
RETURNING {_COLUMNS}
"""
RECORD_SUCCESS = """
UPDATE accounts SET failed_attempts = 0, locked_until = NULL, password_hash = %s WHERE id = %s
"""
UPDATE_RIGHTS = "UPDATE accounts SET role = %s, may_use_operator_keys = %s WHERE id = %s"
INSERT_SIGN_IN = """
INSERT INTO sign_ins (token_sha256, account_id, created_at, last_seen_at, expires_at)
VALUES (%s, %s, %s, %s, %s)
"""
# One statement finds a live sign-in, slides its idle expiry and returns its account.
TOUCH_SIGN_IN = f"""
UPDATE sign_ins AS s
SET last_seen_at = %(now)s,
    expires_at = LEAST(%(idle_until)s, s.created_at + %(max_age)s * interval '1 second')
FROM accounts AS a
WHERE s.token_sha256 = %(token)s AND s.account_id = a.id AND s.expires_at > %(now)s
RETURNING {", ".join("a." + c.strip() for c in _COLUMNS.split(","))}
"""
DELETE_SIGN_IN = "DELETE FROM sign_ins WHERE token_sha256 = %s"
DELETE_SIGN_INS_OF = "DELETE FROM sign_ins WHERE account_id = %s"
DELETE_EXPIRED = "DELETE FROM sign_ins WHERE expires_at <= %s"
SESSION_OWNER = """
SELECT c.account_id FROM sessions AS s JOIN candidates AS c ON c.id = s.candidate_id
WHERE s.id = %s
"""
CANDIDATE_OWNER = "SELECT account_id FROM candidates WHERE id = %s"
SPEND_SINCE = """
SELECT COALESCE(sum(u.cost_usd), 0) AS spent
FROM token_usage AS u
JOIN sessions AS s ON s.id = u.session_id
JOIN candidates AS c ON c.id = s.candidate_id
WHERE c.account_id = %s AND u.created_at >= %s
"""


def account_from_row(row: Row) -> Account:
    """Build an Account from an ``accounts`` row."""
    return Account(
        id=row["id"],
        email=row["email"],
        password_hash=row["password_hash"],
        role=Role(row["role"]),
        may_use_operator_keys=bool(row["may_use_operator_keys"]),
        failed_attempts=int(row["failed_attempts"]),
        locked_until=utc(row["locked_until"]),
        created_at=utc(row["created_at"]) or row["created_at"],
    )


@dataclass(frozen=True, slots=True)
class Owner:
    """The result of an ownership lookup.

    Attributes:
        found: Whether the session or candidate exists.
        account_id: Its owner (None when it exists but predates accounts).
    """

    found: bool
    account_id: str | None


class PostgresAccounts:
    """Accounts, sign-ins and ownership (implements ``account_ports.AccountRepository``).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def create(self, account: Account) -> bool:
        """Insert an account; False when its e-mail address is taken."""
        params = {
            "id": account.id,
            "email": account.email,
            "password_hash": account.password_hash,
            "role": account.role.value,
            "may_use_operator_keys": account.may_use_operator_keys,
            "failed_attempts": account.failed_attempts,
            "locked_until": account.locked_until,
            "created_at": account.created_at,
        }
        return self._sql.execute("create_account", INSERT_ACCOUNT, params) == 1

    def by_email(self, email: str) -> Account | None:
        """The account signing in as ``email`` (case-insensitive), or None."""
        return self._sql.map_one("account_by_email", SELECT_BY_EMAIL, (email,), account_from_row)

    def get(self, account_id: str) -> Account | None:
        """The account with this id, or None."""
        return self._sql.map_one("get_account", SELECT_BY_ID, (account_id,), account_from_row)

    def list_accounts(self) -> list[Account]:
        """Every account, by e-mail address."""
        return self._sql.map_all("list_accounts", LIST_ACCOUNTS, None, account_from_row)

    def record_failure(self, account_id: str, limit: int, lock_until: datetime) -> Account | None:
        """Count a wrong password; the ``limit``-th in a row locks until ``lock_until``."""
        params = {"id": account_id, "limit": limit, "lock_until": lock_until}
        return self._sql.map_one("account_failure", RECORD_FAILURE, params, account_from_row)

    def record_success(self, account_id: str, password_hash: str) -> None:
        """Clear the failure count and any lockout; store the (maybe re-hashed) hash."""
        self._sql.execute("account_success", RECORD_SUCCESS, (password_hash, account_id))

    def update_rights(self, account_id: str, role: Role, may_use_operator_keys: bool) -> None:
        """Change an account's role and its right to the operator's keys."""
        params = (role.value, may_use_operator_keys, account_id)
        self._sql.execute("account_rights", UPDATE_RIGHTS, params)

    def add_sign_in(
        self, token_sha256: str, account_id: str, now: datetime, expires_at: datetime
    ) -> None:
        """Record a new sign-in by the hash of its token."""
        params = (token_sha256, account_id, now, now, expires_at)
        self._sql.execute("add_sign_in", INSERT_SIGN_IN, params)

    def touch_sign_in(
        self, token_sha256: str, now: datetime, idle_until: datetime, max_age_s: int
    ) -> Account | None:
        """The account of a live sign-in (its idle expiry moved on), or None."""
        params = {"token": token_sha256, "now": now, "idle_until": idle_until, "max_age": max_age_s}
        return self._sql.map_one("touch_sign_in", TOUCH_SIGN_IN, params, account_from_row)

    def delete_sign_in(self, token_sha256: str) -> None:
        """End one sign-in (sign-out)."""
        self._sql.execute("delete_sign_in", DELETE_SIGN_IN, (token_sha256,))

    def delete_sign_ins_of(self, account_id: str) -> int:
        """End every sign-in of an account; return how many there were."""
        return self._sql.execute("delete_sign_ins_of", DELETE_SIGN_INS_OF, (account_id,))

    def delete_expired(self, now: datetime) -> int:
        """Forget sign-ins that expired; return how many."""
        return self._sql.execute("delete_expired_sign_ins", DELETE_EXPIRED, (now,))

    def session_owner(self, session_id: str) -> Owner:
        """Who owns a session."""
        row = self._sql.fetch_one("session_owner", SESSION_OWNER, (session_id,))
        return Owner(row is not None, None if row is None else row["account_id"])

    def candidate_owner(self, candidate_id: str) -> Owner:
        """Who owns a candidate profile."""
        row = self._sql.fetch_one("candidate_owner", CANDIDATE_OWNER, (candidate_id,))
        return Owner(row is not None, None if row is None else row["account_id"])

    def spent_since(self, account_id: str, since: datetime) -> Decimal:
        """What the account's interviews cost since ``since`` (priced usage only)."""
        row = self._sql.fetch_one("account_spend", SPEND_SINCE, (account_id, since))
        return Decimal(str(row["spent"])) if row is not None else Decimal(0)

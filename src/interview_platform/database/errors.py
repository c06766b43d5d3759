"""Translate psycopg2 errors into the platform's exceptions, without leaking secrets.

A failure is *transient* when retrying on a fresh connection may succeed: the
connection was lost, the server is shutting down or restarting, or the
transaction lost a serialization/deadlock race. Messages are redacted so a
password given in the DSN never reaches a log line or an exception.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import errors as pg_errors

from interview_platform.exceptions import DataStoreError, TransientDataStoreError

# A scheme is short: unbounded, every letter of a long word before "://" began a new scan.
# The password ends at "/" as well (userinfo cannot hold one), so a long line of "x://u:"
# without "@" is scanned once, not once per "://".
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]{0,31}://[^:/@\s]*:)(?P<pw>[^@\s/]*)@", re.I)
_KV_PASSWORD = re.compile(r"(?P<head>password\s*=\s*)(?P<pw>'[^']*'|\S+)", re.I)

# SQLSTATEs that mean "try again": connection exceptions (class 08), operator
# intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect
# now), serialization failure and deadlock.
_TRANSIENT_CODES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})
# Codes that show the backend went away: idle pooled connections are dead too.
_CONNECTION_LOST_CODES = frozenset({"57P01", "57P02", "57P03"})


def redact_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``.

    Args:
        url: A libpq URL (``postgresql://user:pw@host/db``) or key=value DSN.

    Returns:
        The same text with passwords masked.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return _redact_text(url, None)
    if not parts.password or not parts.scheme:
        return _redact_text(url, None)
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _redact_text(text: str, password: str | None) -> str:
    if password:
        text = text.replace(password, "***")
    text = _URL_PASSWORD.sub(lambda m: f"{m.group('head')}***@", text)
    return _KV_PASSWORD.sub(lambda m: f"{m.group('head')}***", text)


def dsn_password(dsn: str) -> str | None:
    """Return the password embedded in a DSN, or None (never raises)."""
    try:
        value = psycopg2.extensions.parse_dsn(dsn).get("password")
    except (psycopg2.Error, ValueError, TypeError):
        return None
    return value or None


def redact(text: str, dsn: str) -> str:
    """Mask the DSN's password (and any URL/key=value password) inside ``text``."""
    return _redact_text(text, dsn_password(dsn))


_CONNECT_PROBLEMS = (
    ("auth", ("password authentication failed", "no pg_hba.conf entry", 'role "')),
    ("unknown_database", ('database "',)),
    ("timeout", ("timeout expired",)),
    (
        "refused",
        ("connection refused", "could not connect", "no such file or directory", "is the server"),
    ),
)

CONNECT_HINTS = {
    "auth": "the server rejected the user or password; check the user and password in the URL",
    "unknown_database": "the database does not exist; create it (createdb NAME) or fix the URL",
    "timeout": "the server did not answer in time; check host, port and firewall",
    "refused": "nothing accepts connections there; start PostgreSQL or fix host/port",
    "other": "see the message above",
}


def classify_connect_error(exc: BaseException) -> str:
    """Name why a connection attempt failed.

    Returns:
        ``auth``, ``unknown_database``, ``timeout``, ``refused`` or ``other``.
    """
    text = str(exc).lower()
    for kind, needles in _CONNECT_PROBLEMS:
        if any(needle in text for needle in needles) and (
            kind != "unknown_database" or "does not exist" in text
        ):
            return kind
    return "other"


def is_transient(exc: BaseException) -> bool:
    """Whether retrying the operation on a fresh connection may succeed."""
    if isinstance(exc, psycopg2.OperationalError) and exc.pgcode is None:
        # Connect-time failures carry no SQLSTATE; wrong credentials or a
        # missing database will not fix themselves on retry.
        return classify_connect_error(exc) not in ("auth", "unknown_database")
    if isinstance(exc, psycopg2.Error) and exc.pgcode is not None:
        return exc.pgcode in _TRANSIENT_CODES or exc.pgcode.startswith("08")
    return isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError)


def is_connection_lost(exc: BaseException) -> bool:
    """Whether the failure shows the server dropped connections (restart, kill)."""
    if isinstance(exc, pg_errors.AdminShutdown | pg_errors.CrashShutdown):
        return True
    if isinstance(exc, psycopg2.Error) and exc.pgcode is not None:
        return exc.pgcode in _CONNECTION_LOST_CODES or exc.pgcode.startswith("08")
    return isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError)


def describe(exc: BaseException) -> str:
    """A one-line, human description of a database error (first line of its text)."""
    text = str(exc).strip() or type(exc).__name__
    first = text.splitlines()[0].strip()
    return first.removeprefix("ERROR:").strip()


def translate(exc: BaseException, dsn: str, action: str) -> DataStoreError:
    """Wrap a psycopg2 error as DataStoreError or TransientDataStoreError.

    Args:
        exc: The original error.
        dsn: The DSN in use; its password is removed from the message.
        action: What was being done, e.g. ``"append_message"``.

    Returns:
        The exception to raise (the caller raises it).
    """
    detail = redact(describe(exc), dsn)
    if is_transient(exc):
        return TransientDataStoreError(
            f"Database unavailable during {action}: {detail}. "
            "Check that PostgreSQL is running and reachable; the operation can be retried."
        )
    if isinstance(exc, psycopg2.OperationalError) and exc.pgcode is None:
        hint = CONNECT_HINTS[classify_connect_error(exc)]
        return DataStoreError(f"Cannot connect during {action}: {detail}. Fix: {hint}.")
    return DataStoreError(f"Database error during {action}: {detail}")

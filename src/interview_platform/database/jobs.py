"""PostgreSQL job queue: enqueue once per session, claim with ``SKIP LOCKED``, leases.

Why a table of our own rather than a queue library: the work is a handful of job kinds
tied to a session, the app already speaks psycopg2 through one pool (procrastinate needs
psycopg 3 and its own migrations), and the two rules that matter here — *one open job per
session* (a partial unique index) and *a dead worker's job is taken over* (a lease renewed
by a heartbeat) — are a few statements each. Times are the database's ``now()``, so the
clocks of worker machines do not matter.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from interview_platform.database.rows import Row, jsonb
from interview_platform.database.statements import Statements
from interview_platform.job_models import Job, JobStatus

_COLUMNS: Final = (
    "id, kind, session_id, payload, status, attempts, max_attempts, locked_by, last_error"
)
ENQUEUE: Final = f"""
INSERT INTO jobs (id, kind, session_id, payload, max_attempts)
VALUES (%(id)s, %(kind)s, %(session_id)s, %(payload)s, %(max_attempts)s)
ON CONFLICT (kind, session_id) WHERE status IN ('queued', 'running') DO NOTHING
RETURNING {_COLUMNS}"""
OPEN_JOB: Final = f"""
SELECT {_COLUMNS} FROM jobs
WHERE kind = %s AND session_id = %s AND status IN ('queued', 'running')"""
# The inner SELECT locks one ready row and skips rows other workers hold, so two workers
# never claim the same job; a running job whose lease lapsed is ready again.
CLAIM: Final = f"""
UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = %(worker)s,
    lease_until = now() + make_interval(secs => %(lease_s)s), updated_at = now()
WHERE id = (
    SELECT id FROM jobs
    WHERE kind = ANY(%(kinds)s)
      AND ((status = 'queued' AND run_after <= now())
           OR (status = 'running' AND lease_until < now()))
    ORDER BY run_after, created_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED)
RETURNING {_COLUMNS}"""
_MINE: Final = "WHERE id = %(id)s AND locked_by = %(worker)s AND status = 'running'"
HEARTBEAT: Final = f"""
UPDATE jobs SET lease_until = now() + make_interval(secs => %(lease_s)s), updated_at = now()
{_MINE}"""
FINISH: Final = f"""
UPDATE jobs SET status = 'done', lease_until = NULL, updated_at = now()
{_MINE}"""
RETRY_LATER: Final = f"""
UPDATE jobs SET status = 'queued', locked_by = NULL, lease_until = NULL,
    run_after = now() + make_interval(secs => %(delay_s)s), last_error = %(error)s,
    updated_at = now()
{_MINE}"""
FAIL: Final = f"""
UPDATE jobs SET status = 'failed', lease_until = NULL, last_error = %(error)s,
    updated_at = now()
{_MINE}"""
LATEST: Final = f"""
SELECT {_COLUMNS} FROM jobs WHERE kind = %s AND session_id = %s
ORDER BY created_at DESC, id DESC LIMIT 1"""


def _job(row: Row) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        session_id=row["session_id"],
        payload=dict(row["payload"] or {}),
        status=JobStatus(row["status"]),
        attempts=int(row["attempts"]),
        max_attempts=int(row["max_attempts"]),
        locked_by=row["locked_by"],
        last_error=row["last_error"],
    )


class PostgresJobs:
    """The ``jobs`` table.

    Args:
        statements: Runs statements on the store's pool (each one its own transaction).
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def enqueue(
        self, kind: str, session_id: str, payload: dict[str, Any], max_attempts: int
    ) -> tuple[Job, bool]:
        """Queue a job unless the session already has an open one of this kind.

        Returns:
            The open job and whether this call created it.
        """
        params = {
            "id": str(uuid.uuid4()),
            "kind": kind,
            "session_id": session_id,
            "payload": jsonb(payload),
            "max_attempts": max_attempts,
        }
        while True:
            created = self._sql.map_one("enqueue_job", ENQUEUE, params, _job)
            if created is not None:
                return created, True
            existing = self._sql.map_one("open_job", OPEN_JOB, (kind, session_id), _job)
            if existing is not None:
                return existing, False
            # The open job finished between the two statements: queueing again is right.

    def claim(self, worker: str, kinds: list[str], lease_s: float) -> Job | None:
        """Take the oldest ready job (queued and due, or running with a lapsed lease)."""
        params = {"worker": worker, "kinds": kinds, "lease_s": lease_s}
        return self._sql.map_one("claim_job", CLAIM, params, _job)

    def heartbeat(self, job_id: str, worker: str, lease_s: float) -> bool:
        """Renew the lease; False when the job is no longer this worker's."""
        params = {"id": job_id, "worker": worker, "lease_s": lease_s}
        return self._sql.execute("heartbeat_job", HEARTBEAT, params) == 1

    def finish(self, job_id: str, worker: str) -> bool:
        """Mark the job done; False when it is no longer this worker's."""
        return self._sql.execute("finish_job", FINISH, {"id": job_id, "worker": worker}) == 1

    def retry_later(self, job_id: str, worker: str, error: str, delay_s: float) -> bool:
        """Queue the job again after ``delay_s`` with the (redacted) error of this try."""
        params = {"id": job_id, "worker": worker, "error": error, "delay_s": delay_s}
        return self._sql.execute("retry_job", RETRY_LATER, params) == 1

    def fail(self, job_id: str, worker: str, error: str) -> bool:
        """Give the job up with its (redacted) last error."""
        params = {"id": job_id, "worker": worker, "error": error}
        return self._sql.execute("fail_job", FAIL, params) == 1

    def latest(self, kind: str, session_id: str) -> Job | None:
        """The session's newest job of a kind, open or not (None: never queued)."""
        return self._sql.map_one("latest_job", LATEST, (kind, session_id), _job)

"""The retention sweep: session files older than ``storage.retention_days`` are removed.

A session folder is *expired* when nothing in it was written within the
retention (the newest modification time counts, so a session that is still
recording is never expired). For each expired folder whose session the
database knows, the sweep first deletes the session's ``media_files`` rows and
then the folder. The session itself (conversation, evaluation, score) stays in
the history: only the recordings go.

Why this order: if the folder cannot be removed after its rows went, the
database points at nothing missing (the files are clutter that the next sweep
removes, since the folder is still expired); the other order could leave rows
that point at deleted files. Folders of sessions the database does not know are
left alone: they may belong to another database sharing the folder.

``retention_days`` 0 keeps every file forever. The command line runs a sweep
(``python -m interview_platform db sweep [--dry-run]``) and the app runs one a
day (:func:`start_daily_sweep`, started by ``create_app``).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from interview_platform.exceptions import DataStoreError, StorageError, ValidationError
from interview_platform.models import Session, utcnow
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.schedule import DAY_S, FIRST_RUN_DELAY_S, PeriodicJob

_log = logging.getLogger(__name__)

KEEP_FOREVER = 0


class KnownSessions(Protocol):
    """The sessions the database knows (a ``SessionRepository`` is one)."""

    def get_session(self, session_id: str) -> Session | None:
        """Return the session or None."""
        ...


class MediaRows(Protocol):
    """The media-file rows (a ``MediaRepository`` is one)."""

    def delete_media_files(self, session_id: str) -> int:
        """Delete every media-file row of a session; return how many went."""
        ...


@dataclass(frozen=True)
class SweptSession:
    """One expired session folder.

    Attributes:
        session_id: The session.
        size_bytes: Bytes its folder held (freed when removed).
        media_rows: ``media_files`` rows deleted (0 in a dry run).
    """

    session_id: str
    size_bytes: int
    media_rows: int = 0


@dataclass
class SweepReport:
    """What one sweep removed (or, in a dry run, would remove).

    Attributes:
        retention_days: The retention applied (0: nothing is ever swept).
        dry_run: True when nothing was deleted.
        removed: The expired sessions removed (or due, in a dry run), by id.
        unknown: Expired folders the database has no session for (left alone).
        failed: Session id -> reason, for sessions that could not be swept.
    """

    retention_days: int
    dry_run: bool = False
    removed: list[SweptSession] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def freed_bytes(self) -> int:
        """Bytes held by the removed folders."""
        return sum(s.size_bytes for s in self.removed)


class RetentionSweeper:
    """Removes the files of sessions older than the retention (thread-safe).

    Args:
        storage: The session file tree.
        sessions: Tells which session folders belong to this database.
        media: The media-file rows, deleted with the files.
        retention_days: Keep files touched within this many days; 0 keeps them forever.

    Raises:
        ValidationError: ``retention_days`` is negative or not a whole number.
    """

    def __init__(
        self, storage: FileStorage, sessions: KnownSessions, media: MediaRows, retention_days: int
    ) -> None:
        if isinstance(retention_days, bool) or not isinstance(retention_days, int):
            raise ValidationError("retention_days must be a whole number of days.")
        if retention_days < 0:
            raise ValidationError("retention_days cannot be negative.")
        self._storage = storage
        self._sessions = sessions
        self._media = media
        self._days = retention_days
        self._lock = threading.Lock()  # the CLI and the daily run must not interleave

    @property
    def retention_days(self) -> int:
        """The retention applied (0: keep forever)."""
        return self._days

    def sweep(
        self,
        now: datetime | None = None,
        dry_run: bool = False,
        stop: threading.Event | None = None,
    ) -> SweepReport:
        """Remove (or with ``dry_run`` only list) the expired sessions' rows and files.

        A session whose rows or folder cannot be removed is reported in ``failed``
        and the others are still swept; a database failure ends the run early (the
        rest waits for the next sweep), since every further session would fail too.

        Args:
            now: Reference time (default: the current UTC time).
            dry_run: List what is due without deleting anything.
            stop: When set, the sweep ends after the session in progress.

        Returns:
            What was removed, left alone or not removable.
        """
        report = SweepReport(self._days, dry_run)
        if self._days == KEEP_FOREVER:
            return report
        with self._lock:
            for session_id in self._storage.expired_sessions(self._days, now or utcnow()):
                if stop is not None and stop.is_set():
                    break
                if not self._sweep_one(session_id, report):
                    break
        if report.removed and not dry_run:
            _log.info(
                "retention sweep removed session files",
                extra={
                    "operation": "storage.sweep",
                    "removed": len(report.removed),
                    "freed_bytes": report.freed_bytes,
                },
            )
        return report

    def _sweep_one(self, session_id: str, report: SweepReport) -> bool:
        """Sweep one expired folder into ``report``; False when the run must stop."""
        try:
            known = self._sessions.get_session(session_id) is not None
            if not known:
                report.unknown.append(session_id)
                return True
            size = self._storage.disk_usage(session_id)
            if report.dry_run:
                report.removed.append(SweptSession(session_id, size))
                return True
            rows = self._media.delete_media_files(session_id)
            self._storage.delete_session(session_id)
        except DataStoreError as exc:
            self._failed(report, session_id, exc)
            return False
        except StorageError as exc:
            self._failed(report, session_id, exc)
            return True
        report.removed.append(SweptSession(session_id, size, rows))
        return True

    @staticmethod
    def _failed(report: SweepReport, session_id: str, exc: Exception) -> None:
        report.failed[session_id] = str(exc)
        _log.warning(
            "retention sweep could not remove a session's files",
            extra={
                "operation": "storage.sweep",
                "session_id": session_id,
                "error": type(exc).__name__,
            },
        )


def start_daily_sweep(
    sweeper: RetentionSweeper,
    interval_s: float = DAY_S,
    first_delay_s: float = FIRST_RUN_DELAY_S,
) -> PeriodicJob | None:
    """Run the sweep on a daemon thread, first after ``first_delay_s``, then every day.

    Args:
        sweeper: The sweep to run.
        interval_s: Seconds between two sweeps.
        first_delay_s: Seconds before the first one (start-up never waits for it).

    Returns:
        The running schedule (stop it with ``stop()``), or None when the
        retention keeps files forever and there is nothing to schedule.
    """
    if sweeper.retention_days == KEEP_FOREVER:
        return None
    job = PeriodicJob(
        "retention-sweep", lambda stop: sweeper.sweep(stop=stop), interval_s, first_delay_s
    )
    job.start()
    return job

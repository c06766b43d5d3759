"""Walks of the storage tree that never follow symlinks (sizes, ages, retention)."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview_platform.exceptions import ValidationError
from interview_platform.storage.paths import is_session_id


def tree_size(directory: Path) -> int:
    """Return the total size of the regular files below ``directory``."""
    total = 0
    for folder, _dirs, files in os.walk(directory, followlinks=False):
        for name in files:
            try:
                info = os.lstat(os.path.join(folder, name))
            except OSError:
                continue  # removed while we walked
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
    return total


def latest_mtime(directory: Path) -> float:
    """Return the newest modification time of ``directory`` or anything below it."""
    newest = os.lstat(directory).st_mtime
    for folder, dirs, files in os.walk(directory, followlinks=False):
        for name in (*dirs, *files):
            try:
                newest = max(newest, os.lstat(os.path.join(folder, name)).st_mtime)
            except OSError:
                continue
    return newest


def session_mtimes(root: Path) -> dict[str, float]:
    """Return session id -> newest modification time, for the session folders below ``root``.

    Only UUID-named, real (non-symlink) folders are considered.
    """
    if not root.is_dir():
        return {}
    return {
        entry.name: latest_mtime(entry)
        for entry in root.iterdir()
        if is_session_id(entry.name) and entry.is_dir() and not entry.is_symlink()
    }


def expired_session_ids(
    root: Path,
    retention_days: int,
    now: datetime,
    elsewhere: Mapping[str, float] | None = None,
) -> list[str]:
    """Return the sessions whose newest file predates the retention.

    Args:
        root: The local tree (UUID-named, real folders only).
        retention_days: The retention.
        now: Reference time.
        elsewhere: Session id -> newest time of its files kept elsewhere (a shared
            store); a session is expired only when both its local and shared files are.

    Raises:
        ValidationError: ``retention_days`` is negative or not a whole number.
    """
    if isinstance(retention_days, bool) or not isinstance(retention_days, int):
        raise ValidationError("retention_days must be a whole number of days.")
    if retention_days < 0:
        raise ValidationError("retention_days cannot be negative.")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    cutoff = (now - timedelta(days=retention_days)).timestamp()
    newest = session_mtimes(root)
    for session_id, stamp in (elsewhere or {}).items():
        newest[session_id] = max(newest.get(session_id, stamp), stamp)
    return sorted(session_id for session_id, stamp in newest.items() if stamp < cutoff)

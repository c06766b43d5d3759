"""Files taken by one app process alone: a claim is an atomic rename in the same folder.

The app may run as N processes over one session folder (docs/architecture.md, "State
and processes"), and any of them may finalize a finished camera recording or microphone
track. ``os.rename`` of one name succeeds for exactly one of them (the others find the
name gone), with no database connection held while the claimed file is worked on (a
join with the microphone track runs ffmpeg for seconds). A process that dies holding a
claim leaves the claimed name behind; after :data:`CLAIM_LAPSE_S` any process gives it
back under its first name (again one rename, so once), and the next look takes it.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

CLAIMED = ".claimed-"
_TOKEN = 8  # hex characters between the prefix and the first name, then "-"
# Far longer than any finalize pass (probe, copy, a join of an interview's recording);
# a claim this old belongs to a process that died.
CLAIM_LAPSE_S = 900.0


def claim(path: Path) -> Path | None:
    """Take ``path`` for this process; return its claimed name, or None if another has it."""
    target = path.with_name(f"{CLAIMED}{uuid.uuid4().hex[:_TOKEN]}-{path.name}")
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def first_name(claimed: Path) -> str:
    """The file's name before it was claimed."""
    return claimed.name[len(CLAIMED) + _TOKEN + 1 :]


def claimed(folder: Path, pattern: str) -> list[Path]:
    """Claimed files of ``folder`` whose first name matches ``pattern``."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{CLAIMED}{'?' * _TOKEN}-{pattern}"))


def release_lapsed(folder: Path, pattern: str) -> None:
    """Give back, under their first names, claims older than :data:`CLAIM_LAPSE_S`.

    The rename leaves the modification time (when the file was last written) alone; the
    change time records the claim itself.
    """
    now = time.time()
    for path in claimed(folder, pattern):
        try:
            if now - path.stat().st_ctime >= CLAIM_LAPSE_S:
                os.rename(path, path.with_name(first_name(path)))
        except FileNotFoundError:
            continue  # finished, or given back by another process, meanwhile

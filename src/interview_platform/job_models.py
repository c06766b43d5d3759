"""Background jobs as records: what a queued job is and where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    """Where a job stands; ``queued`` and ``running`` are *open*."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    """What a job does."""

    EVALUATION = "evaluation"
    RESCORE = "rescore"  # an ended interview scored again (Retry evaluation)
    TAILORING = "tailoring"  # a problem written from the resume before the interview


@dataclass(frozen=True)
class Job:
    """One job of the queue.

    Attributes:
        id: Client-generated id.
        kind: What it does (a :class:`JobKind` value).
        session_id: The interview it works on.
        payload: Its arguments (never a secret: they are stored).
        status: Where it stands.
        attempts: Tries begun so far (a try cut short by a dead worker counts).
        max_attempts: Tries before it is given up.
        locked_by: The worker running it (while running).
        last_error: Why the latest try failed (redacted).
    """

    id: str
    kind: str
    session_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    status: JobStatus = JobStatus.QUEUED
    attempts: int = 0
    max_attempts: int = 3
    locked_by: str | None = None
    last_error: str | None = None

    @property
    def is_open(self) -> bool:
        """Whether the job still has to run (queued, or running now)."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

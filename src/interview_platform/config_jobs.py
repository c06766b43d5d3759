"""Settings of background jobs: the PostgreSQL queue and who works on it.

By default the web process runs one embedded worker thread, so ``startup.sh`` and the
test suite need no second process; a deployment that runs ``python -m interview_platform
worker`` beside the app (compose's ``worker`` service) can switch it off.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class JobsSettings(BaseModel):
    """The queue's timing and where its jobs run.

    Attributes:
        background: Evaluate an ended interview as a queued job (the evaluation page
            shows its progress); False evaluates inside the request, as before.
        embedded_worker: Run a worker thread inside the web process, started by the first
            evaluation it queues (it then also runs jobs queued by other processes).
        lease_s: A running job whose worker has not renewed it for this long is taken
            over by another worker (its worker is presumed dead).
        heartbeat_s: How often a worker renews the lease of the job it runs.
        poll_s: How often an idle worker looks for work queued by another process
            (work queued in its own process wakes it at once).
        max_attempts: Tries of one job before it is given up.
        backoff_s: The wait before the first retry; it doubles with every failure.
    """

    model_config = ConfigDict(extra="forbid")

    background: bool = True
    embedded_worker: bool = True
    lease_s: float = Field(default=30.0, ge=1.0, le=3600.0)
    heartbeat_s: float = Field(default=5.0, ge=0.1, le=600.0)
    poll_s: float = Field(default=2.0, ge=0.05, le=60.0)
    max_attempts: int = Field(default=3, ge=1, le=10)
    backoff_s: float = Field(default=2.0, ge=0.0, le=600.0)

    @model_validator(mode="after")
    def _heartbeat_within_lease(self) -> JobsSettings:
        # A heartbeat slower than the lease would let a healthy job be taken over.
        if self.heartbeat_s * 2 > self.lease_s:
            raise ValueError("jobs.heartbeat_s must be at most half of jobs.lease_s")
        return self

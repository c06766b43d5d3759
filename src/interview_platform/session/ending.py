"""Ending an interview exactly once, however many tabs or processes press *End*.

Three guards, from the nearest to the farthest caller:

* **One process** (two tabs are two threads): a per-session lock; a second caller waits
  for the first and then finds the session completed with its evaluation.
* **Several processes**: the end is *claimed* with one conditional statement
  (:meth:`~interview_platform.database.ports.SessionRepository.claim_end`: active or
  paused -> ending). Exactly one caller wins and evaluates; a loser polls the session
  until it is completed and returns the stored evaluation (or, after ``wait_s``, says
  that the interview is still being evaluated elsewhere; it never evaluates again).
* **A crash while ending**: a session left ENDING is finished by the next call once
  its end is older than ``lease_s`` (or has no end time at all). Two processes taking
  over the same crashed end at the same moment could both evaluate it; that needs a
  crash and two simultaneous retries, and is accepted.

If the evaluation fails the session is still completed, with a pending evaluation.

**In the background** (``background=True`` and a queue given): the claimer keeps the
recording, queues one evaluation job (the queue holds at most one open job per session)
and returns at once with a *queued* placeholder; the session stays ENDING until a worker
runs :meth:`SessionEnding.run_queued` (evaluate, complete) or, after the job's last
failed try, :meth:`SessionEnding.give_up` (a pending evaluation with the redacted reason,
complete). ``run_queued`` is idempotent: an evaluation already stored is not made again,
so a worker that dies after storing it costs no second evaluation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from interview_platform.exceptions import NotFoundError, SessionStateError
from interview_platform.interviewer.session_locks import SessionLocks
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import Evaluation, EvaluationStatus, Session, SessionStatus
from interview_platform.session.background import (
    CredentialHandoff,
    EvaluationQueue,
    creds_from_payload,
    creds_payload,
)
from interview_platform.session.ports import SessionRecords
from interview_platform.session.recording import inventory, save_conversation
from interview_platform.session.rescore import QueuedRescore
from interview_platform.session.state_machine import SessionAction, is_ended, next_status

if TYPE_CHECKING:
    from interview_platform.evaluation.evaluation_manager import EvaluationManager
    from interview_platform.storage.file_storage import FileStorage

PENDING_KEY: Final = "evaluation_pending"
QUEUED_ENGINE: Final = "queued"  # the engine of the placeholder returned while a job runs
LEASE_S: Final = 600.0  # an end older than this, still ENDING, was interrupted
STILL_ENDING = (
    "This interview is still being ended and evaluated in another window; "
    "its evaluation will appear in History when it is ready."
)
_log = logging.getLogger("interview_platform.session")


class SessionEnding:
    """Ends sessions once: claim, keep the recording, evaluate (or pend), complete.

    Args:
        store: The repositories of the session lifecycle.
        evaluation: Produces and stores the evaluation.
        clock: Current aware UTC time.
        storage: When given, the conversation is also written to disk.
        redact: Masks secrets in the error kept with a pending evaluation.
        wait_s: How long a caller that lost the claim waits for the winner.
        poll_s: How often it looks.
        queue: Where evaluations are queued when an end asks for the background.
    """

    def __init__(
        self,
        store: SessionRecords,
        evaluation: EvaluationManager,
        clock: Callable[[], datetime],
        storage: FileStorage | None,
        redact: Callable[[str], str],
        *,
        wait_s: float = LEASE_S,
        poll_s: float = 0.2,
        queue: EvaluationQueue | None = None,
    ) -> None:
        self._store = store
        self._sessions = store.sessions
        self._evaluation = evaluation
        self._clock = clock
        self._storage = storage
        self._redact = redact
        self._wait_s = wait_s
        self._poll_s = poll_s
        self._locks = SessionLocks()
        self._queue = queue
        self._handoff = CredentialHandoff()
        # Scoring again as a job (Retry evaluation): the same locks and typed-key handoff.
        self.rescore = QueuedRescore(
            store, evaluation, self._locks, self._handoff, self._clear_pending, queue=queue
        )

    def end(
        self,
        session_id: str,
        final_canvas: dict[str, Any] | None,
        creds: ProviderCredentials | None,
        background: bool = False,
    ) -> Evaluation:
        """End a session once; every caller gets the one stored evaluation.

        With ``background`` (and a queue) the evaluation is queued instead, and every
        caller gets a *queued* placeholder (see :meth:`is_queued`) until it is stored.

        Raises:
            SessionStateError: Never started; or still being ended elsewhere after ``wait_s``.
        """
        queued = background and self._queue is not None
        with self._locks.held(session_id):
            session = self._get(session_id)
            if session.status is SessionStatus.COMPLETED:
                return self._stored(session, creds)
            claimed = self._claim(session)
            if claimed is None:
                return (
                    self._placeholder(session_id)
                    if queued
                    else self._await_other(session_id, creds)
                )
            claimed = self._keep_recording(claimed, final_canvas)
            if queued:
                return self._enqueue(claimed, creds)
            return self._finish(claimed, creds)

    @staticmethod
    def is_queued(evaluation: Evaluation) -> bool:
        """Whether ``evaluation`` is the placeholder of an evaluation still queued."""
        return evaluation.engine == QUEUED_ENGINE and evaluation.status is EvaluationStatus.PENDING

    def run_queued(self, session_id: str, payload: dict[str, Any]) -> Evaluation:
        """Run a queued evaluation (a worker's job): evaluate once, then complete.

        Raises:
            Exception: Whatever the evaluator raised (the worker retries the job).
        """
        with self._locks.held(session_id):
            stored = self._store.evaluations.get_evaluation(session_id)
            if stored is None or stored.status is not EvaluationStatus.COMPLETED:
                creds = self._handoff.get(session_id) or creds_from_payload(payload)
                stored = self._evaluation.evaluate_session(session_id, creds)
                self._clear_pending(session_id)
            self._complete(session_id)
        self._handoff.drop(session_id)
        return stored

    def give_up(self, session_id: str, reason: str) -> Evaluation:
        """The job's last try failed: store a pending evaluation (redacted reason), complete."""
        with self._locks.held(session_id):
            stored = self._store.evaluations.get_evaluation(session_id)
            if stored is None or stored.status is not EvaluationStatus.COMPLETED:
                self._mark_pending(session_id, reason[:300])
                stored = self._evaluation.pending(self._get(session_id))
            self._complete(session_id)
        self._handoff.drop(session_id)
        return stored

    def stored_evaluation(self, session_id: str) -> Evaluation | None:
        """The session's stored evaluation (completed or pending), if any."""
        return self._store.evaluations.get_evaluation(session_id)

    def _enqueue(self, session: Session, creds: ProviderCredentials | None) -> Evaluation:
        assert self._queue is not None  # checked by the caller
        self._handoff.put(session.id, creds)
        self._queue.enqueue_evaluation(session.id, creds_payload(creds))
        _log.info("evaluation queued", extra={"session_id": session.id})
        return self._placeholder(session.id)

    def _placeholder(self, session_id: str) -> Evaluation:
        version = self._evaluation.rubric.version
        return Evaluation(session_id, QUEUED_ENGINE, version, status=EvaluationStatus.PENDING)

    def _complete(self, session_id: str) -> None:
        session = self._get(session_id)
        if session.status is not SessionStatus.COMPLETED:
            session.status = next_status(session.status, SessionAction.COMPLETE)
            self._sessions.update_session(session)
            _log.info("session completed", extra={"session_id": session_id})

    def retry(self, session_id: str, creds: ProviderCredentials | None) -> Evaluation:
        """Evaluate an ended session again, after any end of it in this process.

        Raises:
            SessionStateError: The session has not ended.
        """
        with self._locks.held(session_id):
            session = self._get(session_id)
            if not is_ended(session.status):
                raise SessionStateError(
                    f"Cannot evaluate a session that is {session.status.value}; end it first."
                )
            return self.evaluate_or_pend(session, creds)

    def _get(self, session_id: str) -> Session:
        session = self._sessions.get_session(session_id)
        if session is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        return session

    def _stored(self, session: Session, creds: ProviderCredentials | None) -> Evaluation:
        stored = self._store.evaluations.get_evaluation(session.id)
        return stored if stored is not None else self.evaluate_or_pend(session, creds)

    def _claim(self, session: Session) -> Session | None:
        """Move to ENDING (input is refused from here on); None: someone else is ending it."""
        if session.status is SessionStatus.ENDING:
            lease = timedelta(seconds=LEASE_S)
            interrupted = session.ended_at is None or session.ended_at < self._clock() - lease
            return session if interrupted else None
        now = self._clock()
        session.status = next_status(session.status, SessionAction.END)
        session.close_pause(now)
        session.ended_at = now
        return self._sessions.claim_end(session)

    def _await_other(self, session_id: str, creds: ProviderCredentials | None) -> Evaluation:
        """Another process claimed the end: wait for its evaluation instead of making one."""
        deadline = time.monotonic() + self._wait_s
        while True:
            session = self._get(session_id)
            if session.status is SessionStatus.COMPLETED:
                return self._stored(session, creds)
            if time.monotonic() >= deadline:
                raise SessionStateError(STILL_ENDING)
            time.sleep(self._poll_s)

    def _keep_recording(self, session: Session, final_canvas: dict[str, Any] | None) -> Session:
        media, conversation = self._store.media, self._store.conversation
        if isinstance(final_canvas, dict):
            media.save_whiteboard_state(session.id, final_canvas)
        if self._storage is not None:
            save_conversation(conversation, media, self._storage, session)
        session.metadata["recording"] = inventory(conversation, media, session)
        return self._sessions.update_session(session)

    def _finish(self, session: Session, creds: ProviderCredentials | None) -> Evaluation:
        evaluation = self.evaluate_or_pend(session, creds)
        self._complete(session.id)
        return evaluation

    def evaluate_or_pend(
        self, session: Session, creds: ProviderCredentials | None = None
    ) -> Evaluation:
        """Evaluate an ended session; on failure store a pending evaluation instead."""
        try:
            evaluation = self._evaluation.evaluate_session(session.id, creds)
        except Exception as exc:
            _log.exception("evaluation failed; stored as pending", extra={"session_id": session.id})
            self._mark_pending(session.id, f"{type(exc).__name__}: {exc}"[:300])
            return self._evaluation.pending(self._get(session.id))
        self._clear_pending(session.id)
        return evaluation

    def _mark_pending(self, session_id: str, reason: str) -> None:
        session = self._get(session_id)
        session.metadata[PENDING_KEY] = True
        session.metadata["evaluation_error"] = self._redact(reason)  # never a secret at rest
        self._sessions.update_session(session)

    def _clear_pending(self, session_id: str) -> None:
        session = self._get(session_id)
        if session.metadata.pop(PENDING_KEY, None) is not None:
            session.metadata.pop("evaluation_error", None)
            self._sessions.update_session(session)

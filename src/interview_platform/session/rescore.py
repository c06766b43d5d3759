"""Scoring an ended interview again as a background job (*Retry evaluation*).

Queued by :meth:`QueuedRescore.queue` (the session must be completed, so it never runs
beside its first evaluation); run by a worker through :meth:`QueuedRescore.run`. The
queue keeps at most one open re-score per session. The payload names the evaluation it
replaces (its ``created_at``): a try that finds another one stored — an earlier try that
stored its report before its worker died, or a re-score made meanwhile — stores nothing
again, so a lost worker never costs a second evaluation. As with the first evaluation a
typed key is never stored: it waits in this process's :class:`CredentialHandoff`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from interview_platform.exceptions import NotFoundError, SessionStateError
from interview_platform.interviewer.session_locks import SessionLocks
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import Evaluation, SessionStatus
from interview_platform.session.background import (
    CredentialHandoff,
    EvaluationQueue,
    creds_from_payload,
    creds_payload,
)
from interview_platform.session.ports import SessionRecords

if TYPE_CHECKING:
    from interview_platform.evaluation.evaluation_manager import EvaluationManager

REPLACES: Final = "replaces"  # the payload key naming the evaluation a re-score replaces
NOT_COMPLETED = "This interview is still being ended and evaluated; score it again later."
_log = logging.getLogger("interview_platform.session")


class QueuedRescore:
    """Queues and runs re-scores of completed sessions.

    Args:
        store: The repositories of the session lifecycle.
        evaluation: Produces and stores the evaluation.
        locks: The per-session locks of this process (shared with the session's end).
        handoff: Typed keys of queued jobs, in this process's memory only.
        clear_pending: Forgets the session's pending mark once a report is stored.
        queue: Where re-scores are queued (None: nothing is queued).
    """

    def __init__(
        self,
        store: SessionRecords,
        evaluation: EvaluationManager,
        locks: SessionLocks,
        handoff: CredentialHandoff,
        clear_pending: Callable[[str], None],
        *,
        queue: EvaluationQueue | None,
    ) -> None:
        self._store = store
        self._evaluation = evaluation
        self._locks = locks
        self._handoff = handoff
        self._clear_pending = clear_pending
        self._queue = queue

    @property
    def available(self) -> bool:
        """Whether re-scores can be queued (a queue was given)."""
        return self._queue is not None

    def queue(self, session_id: str, creds: ProviderCredentials | None) -> None:
        """Queue a re-score of the completed session (one open per session).

        Raises:
            NotFoundError: No such session.
            SessionStateError: The session is not completed yet.
        """
        if self._queue is None:
            raise SessionStateError("No job queue: score it again at once instead.")
        session = self._store.sessions.get_session(session_id)
        if session is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        if session.status is not SessionStatus.COMPLETED:
            raise SessionStateError(NOT_COMPLETED)
        payload = {**creds_payload(creds), REPLACES: self._marker(session_id)}
        self._handoff.put(session_id, creds)
        self._queue.enqueue_rescore(session_id, payload)
        _log.info("re-score queued", extra={"session_id": session_id})

    def run(self, session_id: str, payload: dict[str, Any]) -> Evaluation | None:
        """Score the session again unless this job's report is already stored.

        Raises:
            Exception: Whatever the evaluator raised (the worker retries the job).
        """
        with self._locks.held(session_id):
            if self._marker(session_id) != payload.get(REPLACES):
                _log.info("re-score already stored", extra={"session_id": session_id})
                stored = self._store.evaluations.get_evaluation(session_id)
            else:
                creds = self._handoff.get(session_id) or creds_from_payload(payload)
                stored = self._evaluation.evaluate_session(session_id, creds)
                self._clear_pending(session_id)
        self._handoff.drop(session_id)
        return stored

    def give_up(self, session_id: str) -> None:
        """The last try failed: the stored evaluation stays as it was (the job says why)."""
        self._handoff.drop(session_id)

    def _marker(self, session_id: str) -> str | None:
        stored = self._store.evaluations.get_evaluation(session_id)
        return None if stored is None else stored.created_at.isoformat()

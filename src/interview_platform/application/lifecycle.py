"""An interview's life after the start: snapshots, continuing, ending, scoring again.

Ending queues the evaluation as a background job when the lifecycle is built with
``background=True`` (the default of ``jobs.background``); the evaluation page then follows
it with :meth:`InterviewLifecycle.evaluation_progress`. Scoring again (*Retry evaluation*)
is queued the same way (:meth:`InterviewLifecycle.queue_rescore`, followed with
:meth:`InterviewLifecycle.rescore_progress`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from interview_platform.application.access import SESSION_NOT_FOUND, Access
from interview_platform.application.actions import user_action
from interview_platform.application.credentials import TypedKey
from interview_platform.application.progress import EvaluationProgress, JobReader, job_progress
from interview_platform.communication.video_handler import VideoHandler
from interview_platform.communication.whiteboard_handler import WhiteboardHandler
from interview_platform.exceptions import InterviewPlatformError, SessionStateError
from interview_platform.job_models import JobKind
from interview_platform.models import Evaluation, Session, SessionStatus
from interview_platform.session.ending import STILL_ENDING, SessionEnding
from interview_platform.session.session_manager import SessionManager

SETTLE_S = 3.0  # a recording untouched this long is finished (the recorder let go of it)


class MicTrack(Protocol):
    """The continuous microphone recording kept while the camera records."""

    def stop_track(self) -> None:
        """Finish the track's WAV file."""


@dataclass(frozen=True)
class EndRequest:
    """What the browser still holds when the candidate ends the interview.

    Attributes:
        session_id: The interview.
        typed: The key this browser typed, if any (for the evaluator).
        board_png: The whiteboard as last drawn (a final snapshot), if any.
        board_drawing: The drawing last saved by this browser, stored with the snapshot.
        mic: The microphone track to finish, if one is being written.
        camera_loop: Returns the event loop the camera's recorder runs on; None when this
            browser holds no camera (ending from the history page).
    """

    session_id: str
    typed: TypedKey | None = None
    board_png: bytes | None = None
    board_drawing: dict[str, Any] | None = None
    mic: MicTrack | None = None
    camera_loop: Callable[[], asyncio.AbstractEventLoop] | None = None


@dataclass(frozen=True)
class EndResult:
    """How ending went; every failure is reported, none stops the rest.

    Attributes:
        evaluation: The evaluation (None when ending failed: see ``error``).
        error: Why the interview could not be ended and scored.
        snapshot_error: Why the final whiteboard snapshot was not saved.
        snapshot_saved: A final snapshot was saved.
        video_error: Why a camera recording could not be saved.
        video_pending: A recording is still being written (registered later).
        queued: The evaluation was queued (``evaluation`` is its placeholder).
    """

    evaluation: Evaluation | None = None
    error: str | None = None
    snapshot_error: str | None = None
    snapshot_saved: bool = False
    video_error: str | None = None
    video_pending: bool = False
    queued: bool = False


class BoardSnapshots:
    """Whiteboard snapshots: a PNG of the board tied to the session.

    Args:
        whiteboard: Saves drawings and snapshots.
        access: The ownership checks of the signed-in account.
    """

    def __init__(self, whiteboard: WhiteboardHandler, access: Access) -> None:
        self._whiteboard = whiteboard
        self._access = access

    def take(self, session_id: str, png: bytes, drawing: dict[str, Any] | None, auto: bool) -> None:
        """Save a snapshot and record the user action.

        Raises:
            InterviewPlatformError: Not a PNG, or it could not be stored.
            NotFoundError: Another account's interview.
        """
        self._access.session(session_id)
        self._whiteboard.snapshot(session_id, png, drawing)
        user_action("whiteboard.snapshot", "whiteboard snapshot saved", session_id, auto=auto)


class InterviewLifecycle:
    """Continue, end and re-score interviews.

    Args:
        sessions: The session lifecycle.
        snapshots: Takes the final whiteboard snapshot.
        video: The camera's recorders and recordings.
        access: The ownership checks of the signed-in account.
        jobs: The queue, read for the evaluation's progress (None: no queue).
        background: Queue the evaluation when an interview ends.
        nudge: Starts this process's embedded worker; called when an open evaluation
            job is seen, so a job left by a process that died is run once anyone looks.
    """

    def __init__(
        self,
        sessions: SessionManager,
        snapshots: BoardSnapshots,
        video: VideoHandler,
        access: Access,
        *,
        jobs: JobReader | None = None,
        background: bool = False,
        nudge: Callable[[], None] | None = None,
    ) -> None:
        self._access = access
        self._jobs = jobs
        self._nudge = nudge
        self._background = background and jobs is not None
        self._sessions = sessions
        self._snapshots = snapshots
        self._video = video

    def continue_interview(self, session_id: str) -> Session:
        """Resume a paused interview; any other one is returned as it is.

        Raises:
            NotFoundError: No such session, or another account's.
        """
        self._access.session(session_id)
        session = self._sessions.get(session_id)
        if session.status is SessionStatus.PAUSED:
            session = self._sessions.resume(session_id)
        return session

    def retry_evaluation(self, session_id: str, typed: TypedKey | None) -> Evaluation:
        """Score an ended interview again (after the evaluator failed).

        Raises:
            InterviewPlatformError: Not ended, or the evaluation failed again.
        """
        self._access.session(session_id)
        creds = self._access.credentials(self._sessions.get(session_id), typed)
        return self._sessions.retry_evaluation(session_id, creds=creds)

    def queue_rescore(self, session_id: str, typed: TypedKey | None) -> bool:
        """Score an ended interview again: as a job when the lifecycle queues (True).

        Without the queue it is scored at once, as :meth:`retry_evaluation` (False).
        A re-score already queued or running is not queued twice.

        Raises:
            NotFoundError: No such session, or another account's.
            SessionStateError: The interview is not completed yet.
            InterviewPlatformError: Scored at once and it failed again.
        """
        if not (self._background and self._sessions.ending.rescore.available):
            self.retry_evaluation(session_id, typed)
            return False
        self._access.session(session_id)
        creds = self._access.credentials(self._sessions.get(session_id), typed)
        self._sessions.ending.rescore.queue(session_id, creds)
        return True

    def rescore_progress(self, session_id: str) -> EvaluationProgress | None:
        """Where the interview's latest queued re-score stands (None: never queued).

        Raises:
            NotFoundError: No such session, or another account's.
        """
        self._access.session(session_id)
        return job_progress(self._jobs, JobKind.RESCORE, session_id, self._nudge)

    def end(self, request: EndRequest) -> EndResult:
        """End the interview: final snapshot, close the recordings, score it, complete it.

        The drawing is not saved again: every change was saved as it was made.
        Another account's interview is not touched (``error`` says it was not found).
        """
        if not self._access.may_see_session(request.session_id):
            return EndResult(error=SESSION_NOT_FOUND)
        snapshot_error = None
        if request.board_png:
            try:
                self._snapshots.take(
                    request.session_id, request.board_png, request.board_drawing, auto=True
                )
            except InterviewPlatformError as exc:
                snapshot_error = str(exc)
        if request.mic is not None:
            request.mic.stop_track()
        video_error, pending = None, False
        if request.camera_loop is not None:
            video_error, pending = self._close_camera(request.session_id, request.camera_loop)
        outcome = EndResult(
            snapshot_error=snapshot_error,
            snapshot_saved=bool(request.board_png) and snapshot_error is None,
            video_error=video_error,
            video_pending=pending,
        )
        try:
            creds = self._access.credentials(self._sessions.get(request.session_id), request.typed)
            evaluation = self._sessions.end(
                request.session_id, creds=creds, background=self._background
            )
        except InterviewPlatformError as exc:
            return replace(outcome, error=str(exc))
        return replace(outcome, evaluation=evaluation, queued=SessionEnding.is_queued(evaluation))

    def evaluation_progress(self, session_id: str) -> EvaluationProgress | None:
        """Where the interview's queued evaluation stands (None: it was never queued).

        Raises:
            NotFoundError: No such session, or another account's.
        """
        self._access.session(session_id)
        return job_progress(self._jobs, JobKind.EVALUATION, session_id, self._nudge)

    def await_evaluation(
        self, session_id: str, timeout_s: float = 120.0, poll_s: float = 0.1
    ) -> Evaluation:
        """Wait until the ended interview is completed, and return its stored evaluation.

        For callers with no page to show progress on (the CLI, scripts, tests).

        Raises:
            NotFoundError: No such session, or another account's.
            SessionStateError: Not completed within ``timeout_s``.
        """
        self._access.session(session_id)
        deadline = time.monotonic() + timeout_s
        while True:
            session = self._sessions.get(session_id)
            if session.status is SessionStatus.COMPLETED:
                evaluation = self._sessions.ending.stored_evaluation(session_id)
                if evaluation is not None:
                    return evaluation
            if time.monotonic() >= deadline:
                raise SessionStateError(STILL_ENDING)
            time.sleep(poll_s)

    def _close_camera(
        self, session_id: str, loop: Callable[[], asyncio.AbstractEventLoop]
    ) -> tuple[str | None, bool]:
        """Finish the camera's MP4 and register what is finished; (error, still pending)."""
        stopped = self._video.stop_recorder(session_id, loop)
        # A recording the recorder has finished is registered at once; otherwise the
        # evaluation page registers it when the recorder lets go of it.
        error = None
        try:
            self._video.finalize_ready(session_id, 0.0 if stopped else SETTLE_S)
        except InterviewPlatformError as exc:
            error = str(exc)
        return error, bool(self._video.pending(session_id))

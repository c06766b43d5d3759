"""The one object the UI holds: use cases, read models and the media handlers.

It has no data store and no file storage: a page that needs data reads a read
model, and a page that changes something calls a use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from interview_platform.application.candidates import Candidates
from interview_platform.application.history import HistoryViews
from interview_platform.application.lifecycle import BoardSnapshots, InterviewLifecycle
from interview_platform.application.start import StartInterview
from interview_platform.application.turns import InterviewTurns
from interview_platform.application.views import PageViews
from interview_platform.communication.audio_handler import AudioHandler
from interview_platform.communication.screen_handler import ScreenHandler
from interview_platform.communication.video_handler import VideoHandler
from interview_platform.communication.whiteboard_handler import WhiteboardHandler
from interview_platform.config import Settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.interviewer.ai_interviewer import AIInterviewer
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.observability.logging_manager import LoggingManager
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.resume.resume_manager import ResumeManager
from interview_platform.session.session_manager import SessionManager
from interview_platform.storage.file_storage import FileStorage


class Parts(Protocol):
    """What the composition root built (``App`` has all of it)."""

    settings: Settings
    store: PostgresDataStore
    storage: FileStorage
    logging: LoggingManager
    tracker: TokenTracker
    bank: ProblemBank
    providers: ProviderFactory
    interviewer: AIInterviewer
    sessions: SessionManager
    resumes: ResumeManager
    whiteboard: WhiteboardHandler
    audio: AudioHandler
    screen: ScreenHandler
    video: VideoHandler
    tailor: ProblemTailor

    def resumes_for(self, creds: ProviderCredentials | None) -> ResumeManager:
        """A resume manager that parses with the chosen model."""


@dataclass(frozen=True)
class Platform:
    """Everything a page may call.

    Attributes:
        settings: Application settings (limits, media timings, providers).
        bank: The problem bank (the setup page lists and recommends problems).
        providers: Provider settings, credential checks.
        resumes: Resume parsing and storage with the offline parser.
        resumes_for: A resume manager that parses with the chosen model.
        whiteboard: Loads and saves the drawing as it changes.
        audio: Speech to text (push-to-talk and hands-free).
        video: Camera recorders and recordings.
        screen: Screen captures.
        start: Starts an interview.
        turns: The candidate's turns (answer, reviews).
        lifecycle: Continue, end and re-score interviews.
        snapshots: Whiteboard snapshots.
        candidates: Candidate profiles.
        views: What the setup, interview and evaluation pages show.
        history: What the history page shows.
        keep_secret: Redacts a typed API key from every log line from now on.
    """

    settings: Settings
    bank: ProblemBank
    providers: ProviderFactory
    resumes: ResumeManager
    resumes_for: Callable[[ProviderCredentials | None], ResumeManager]
    whiteboard: WhiteboardHandler
    audio: AudioHandler
    video: VideoHandler
    screen: ScreenHandler
    start: StartInterview
    turns: InterviewTurns
    lifecycle: InterviewLifecycle
    snapshots: BoardSnapshots
    candidates: Candidates
    views: PageViews
    history: HistoryViews
    keep_secret: Callable[[str], None]

    @classmethod
    def wire(cls, app: Parts) -> Platform:
        """Build the facade over what the composition root built."""
        snapshots = BoardSnapshots(app.whiteboard)
        return cls(
            settings=app.settings,
            bank=app.bank,
            providers=app.providers,
            resumes=app.resumes,
            resumes_for=app.resumes_for,
            whiteboard=app.whiteboard,
            audio=app.audio,
            video=app.video,
            screen=app.screen,
            start=StartInterview(app.sessions, app.store.sessions, app.tailor),
            turns=InterviewTurns(
                app.interviewer,
                app.sessions,
                app.providers,
                app.whiteboard,
                media=app.store.media,
                storage=app.storage,
            ),
            lifecycle=InterviewLifecycle(app.sessions, snapshots, app.video),
            snapshots=snapshots,
            candidates=Candidates(app.store.candidates),
            views=PageViews(app.store, app.sessions, app.bank, app.tracker, app.settings),
            history=HistoryViews(app.store, app.storage, app.store.history, app.sessions, app.bank),
            keep_secret=app.logging.add_secrets,
        )

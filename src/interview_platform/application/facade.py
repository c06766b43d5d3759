"""The one object the UI holds: use cases, read models and the media handlers.

It has no data store and no file storage: a page that needs data reads a read
model, and a page that changes something calls a use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interview_platform.application.accounts import AccountService
from interview_platform.application.candidates import Candidates
from interview_platform.application.history import HistoryViews
from interview_platform.application.lifecycle import BoardSnapshots, InterviewLifecycle
from interview_platform.application.resumes import Resumes
from interview_platform.application.speech import InterviewerSpeech
from interview_platform.application.start import StartInterview
from interview_platform.application.turns import InterviewTurns
from interview_platform.application.views import PageViews
from interview_platform.communication.audio_handler import AudioHandler
from interview_platform.communication.screen_handler import ScreenHandler
from interview_platform.communication.video_handler import VideoHandler
from interview_platform.communication.whiteboard_handler import WhiteboardHandler
from interview_platform.config import Settings
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.providers import ProviderFactory
from interview_platform.principal import Principal
from interview_platform.problems.bank import ProblemBank
from interview_platform.resume.resume_manager import ResumeManager


@dataclass(frozen=True)
class Platform:
    """Everything a page may call, bound to the signed-in account.

    Every use case and read model checks that what it reads or changes belongs to
    ``principal`` (see :mod:`.access`). The media handlers are reached only with a
    session the page read through ``views.session`` (which checks it).

    Attributes:
        principal: The signed-in account this facade acts for.
        accounts: Sign-up, sign-in, sign-out and account rights.
        settings: Application settings (limits, media timings, providers).
        bank: The problem bank (the setup page lists and recommends problems).
        providers: Provider settings, credential checks.
        resumes: The account's candidates' resumes.
        resumes_for: A resume manager that parses with the chosen model (no storage).
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
        operator_keys: Whether the account may use the operator's API keys now.
        speech: The interviewer's replies read aloud by OpenAI's voice.
    """

    principal: Principal
    accounts: AccountService
    settings: Settings
    bank: ProblemBank
    providers: ProviderFactory
    resumes: Resumes
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
    operator_keys: Callable[[], bool]
    speech: InterviewerSpeech

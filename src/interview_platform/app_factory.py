"""The composition root: builds every manager once, by constructor injection.

Nothing here runs at import time. The UI caches the :class:`App` returned by
:func:`create_app` (it is shared by every browser session, so every part of it
is thread-safe); the CLI builds its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from interview_platform.app_parts import (
    audio_handler,
    background,
    core,
    secrets_of,
    speech_synthesizer,
    start_retention_sweep,
)
from interview_platform.application.access import Access, OwnerCache
from interview_platform.application.accounts import AccountService
from interview_platform.application.candidates import Candidates
from interview_platform.application.facade import Platform
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
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evaluation_manager import EvaluationManager
from interview_platform.interviewer.ai_interviewer import AIInterviewer
from interview_platform.jobs.tailoring import TailoringJobs
from interview_platform.jobs.worker import JobWorker
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.speech import SpeechSynthesizer
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Operation, utcnow
from interview_platform.observability.logging_manager import LoggingManager, configure_logging
from interview_platform.principal import LOCAL_PRINCIPAL, Principal
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.resume.llm_parser import LLMResumeParser
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.resume_manager import ResumeManager
from interview_platform.session.session_manager import SessionManager
from interview_platform.storage.backends import build_file_storage
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.schedule import PeriodicJob

MAX_CACHED_PLATFORMS = 1_000  # signed-in accounts whose facade is kept per process


@dataclass
class App:
    """Every manager of the application, wired together."""

    settings: Settings
    store: PostgresDataStore
    storage: FileStorage
    logging: LoggingManager
    tracker: TokenTracker
    bank: ProblemBank
    providers: ProviderFactory
    gateway: ModelGateway
    interviewer: AIInterviewer
    evaluation: EvaluationManager
    sessions: SessionManager
    resumes: ResumeManager
    whiteboard: WhiteboardHandler
    audio: AudioHandler
    screen: ScreenHandler
    video: VideoHandler
    tailor: ProblemTailor
    accounts: AccountService
    speech: SpeechSynthesizer
    owners: OwnerCache = field(default_factory=OwnerCache)
    platforms: dict[Principal, Platform] = field(default_factory=dict)
    sweeps: PeriodicJob | None = None  # the daily retention sweep (None: files kept forever)
    worker: JobWorker | None = None  # the embedded job worker (None: workers run elsewhere)
    tailoring: TailoringJobs | None = None  # Setup's problems written as jobs (None: inline)

    def resumes_for(self, creds: ProviderCredentials | None) -> ResumeManager:
        """Return a resume manager that parses with the chosen model (offline if none)."""
        if creds is None or creds.is_offline:
            return self.resumes

        def llm_parser() -> LLMResumeParser | None:
            call = self.gateway.try_open(Operation.RESUME_PARSING, creds, session_id=None)
            return None if call is None else LLMResumeParser(call.model, on_usage=call.recorder())

        return ResumeManager(
            self.store.candidates,
            self.settings.uploads,
            OfflineResumeParser(),
            llm_parser_factory=llm_parser,
        )

    @cached_property
    def platform(self) -> Platform:
        """The facade of the single-user mode's local administrator (and of the CLI)."""
        return self.platform_for(LOCAL_PRINCIPAL)

    def platform_for(self, principal: Principal) -> Platform:
        """What the UI may use for one signed-in account.

        Built once per principal and kept (pages ask for it on every run, the timed
        fragments every second); a principal whose rights change signs in again and is
        a different, equal-by-value key.
        """
        platform = self.platforms.get(principal)
        if platform is None:
            if len(self.platforms) >= MAX_CACHED_PLATFORMS:
                self.platforms.pop(next(iter(self.platforms)))
            platform = self.platforms[principal] = _platform(self, principal)
        return platform

    def close(self) -> None:
        """Stop the retention sweep and the speech decoders, flush logs, close the pool."""
        if self.sweeps is not None:
            self.sweeps.stop()
        if self.worker is not None:
            self.worker.stop(timeout_s=5.0)  # a job still running is taken over later
        self.audio.close()
        self.logging.shutdown()
        self.store.close()


def _lifecycle(app: App, snapshots: BoardSnapshots, access: Access) -> InterviewLifecycle:
    """End, continue and re-score, with the evaluation and re-score on the job queue."""
    return InterviewLifecycle(
        app.sessions,
        snapshots,
        app.video,
        access,
        jobs=app.store.jobs,
        background=app.settings.jobs.background,
        nudge=app.worker.wake if app.worker is not None else None,
    )


def _platform(app: App, principal: Principal) -> Platform:
    """The application layer's facade over what :func:`create_app` built, for ``principal``."""
    access = Access(principal, app.store.accounts, app.owners, app.settings.auth.daily_spend_usd)
    snapshots = BoardSnapshots(app.whiteboard, access)
    return Platform(
        principal=principal,
        accounts=app.accounts,
        settings=app.settings,
        bank=app.bank,
        providers=app.providers,
        resumes=Resumes(app.resumes, access),
        resumes_for=lambda creds: app.resumes_for(access.limit(creds)),
        whiteboard=app.whiteboard,
        audio=app.audio,
        video=app.video,
        screen=app.screen,
        start=StartInterview(
            app.sessions,
            app.store.sessions,
            app.tailor,
            access,
            check_url=app.providers.check_base_url,
            tailoring=app.tailoring,
        ),
        turns=InterviewTurns(
            app.interviewer,
            app.sessions,
            app.providers,
            app.whiteboard,
            media=app.store.media,
            storage=app.storage,
            access=access,
        ),
        lifecycle=_lifecycle(app, snapshots, access),
        snapshots=snapshots,
        candidates=Candidates(app.store.candidates, access),
        views=PageViews(
            app.store, app.sessions, app.bank, app.tracker, app.settings, access=access
        ),
        history=HistoryViews(
            app.store, app.storage, app.store.history, app.sessions, app.bank, access=access
        ),
        keep_secret=app.logging.add_secrets,
        operator_keys=access.operator_keys,
        speech=InterviewerSpeech(app.speech, app.providers, access),
    )


def create_app(
    settings: Settings, apply_schema: bool = True, clock: Callable[[], datetime] = utcnow
) -> App:
    """Build the application from validated settings.

    Args:
        settings: Validated settings (see :func:`interview_platform.config.load_settings`).
        apply_schema: Create missing tables now. The pool is lazy, so when the
            database is down this raises ``DataStoreError`` and the caller decides.
        clock: Current time for the interview clock (``simulate`` moves it per turn).

    Returns:
        The wired application, its daily retention sweep started (in the background).
    """
    store = PostgresDataStore.from_settings(settings.database)
    log_manager = configure_logging(settings.logging, store.audit, secrets=secrets_of(settings))
    if apply_schema:
        store.apply_schema()
    storage = build_file_storage(settings.storage, store.media)  # local disk or S3
    models = core(settings, store, clock)
    redact = log_manager.redactor.redact
    jobs = background(settings, store, models, storage=storage, clock=clock, redact=redact)
    return App(
        settings=settings,
        store=store,
        storage=storage,
        logging=log_manager,
        tracker=models.tracker,
        bank=models.bank,
        providers=models.providers,
        gateway=models.gateway,
        interviewer=models.interviewer,
        evaluation=models.evaluation,
        sessions=jobs.sessions,
        resumes=ResumeManager(store.candidates, settings.uploads, OfflineResumeParser()),
        whiteboard=WhiteboardHandler(store.media, storage),
        audio=audio_handler(settings, storage, models.tracker, store, models.bank),
        screen=ScreenHandler(storage),
        video=VideoHandler(storage),
        tailor=jobs.tailoring.tailor,
        accounts=AccountService(store.accounts, settings.auth),
        speech=speech_synthesizer(settings, models.gateway, models.tracker),
        sweeps=start_retention_sweep(settings, storage, store),
        worker=jobs.worker,
        tailoring=jobs.tailoring if settings.jobs.background else None,
    )

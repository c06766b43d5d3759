"""Pieces the composition root wires: handlers, background services, the secrets list.

Split from :mod:`interview_platform.app_factory` by meaning: these build one service each
from settings and infrastructure; ``create_app`` puts them together into an ``App``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from interview_platform.communication.audio_handler import AudioHandler
from interview_platform.communication.transcriber_selection import TranscriberSelector
from interview_platform.communication.whisper_text import SessionVocabulary
from interview_platform.config import Settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.evaluation_manager import EvaluationManager
from interview_platform.evaluation.factory import build_evaluation_manager
from interview_platform.interviewer.ai_interviewer import AIInterviewer
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.jobs.evaluation import EvaluationJobs, embedded_worker
from interview_platform.jobs.tailoring import TailoringJobs
from interview_platform.jobs.worker import JobWorker
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.held_writes import hold_writes
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.speech import SpeechSynthesizer
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.tailor import ProblemTailor
from interview_platform.provider import Provider
from interview_platform.session.session_manager import SessionManager
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.retention import RetentionSweeper, start_daily_sweep
from interview_platform.storage.schedule import PeriodicJob


@dataclass(frozen=True)
class Core:
    """The models' side of the app: usage, problems, providers, interviewer, grader.

    Attributes:
        tracker: Records every AI call's tokens and cost.
        bank: The problem bank.
        providers: Builds provider clients under the outbound policy.
        gateway: Every model call, under the budget.
        interviewer: Produces interviewer turns.
        evaluation: Grades finished interviews.
    """

    tracker: TokenTracker
    bank: ProblemBank
    providers: ProviderFactory
    gateway: ModelGateway
    interviewer: AIInterviewer
    evaluation: EvaluationManager


def core(settings: Settings, store: PostgresDataStore, clock: Callable[[], datetime]) -> Core:
    """The models' side, its unsaved replies and usage rows journaled on local disk."""
    held, held_usage = hold_writes(settings.storage.root, store)  # replies; usage rows
    tracker = TokenTracker(store.usage, settings.pricing, unsaved=held_usage)
    bank = ProblemBank.load_default()
    providers = ProviderFactory(settings.providers, outbound=settings.outbound)
    gateway = ModelGateway(providers, tracker, settings.budget)
    interviewer = AIInterviewer(store, gateway, bank, settings, OfflineInterviewer(), clock, held)
    evaluation = build_evaluation_manager(store, bank, gateway)
    return Core(tracker, bank, providers, gateway, interviewer, evaluation)


@dataclass(frozen=True)
class Background:
    """The session manager and the job queues' users, with this process's worker.

    Attributes:
        sessions: Session lifecycle; an interview's end queues its evaluation.
        tailoring: Problem tailoring as jobs.
        worker: The web process's embedded worker (None: switched off in config).
    """

    sessions: SessionManager
    tailoring: TailoringJobs
    worker: JobWorker | None


def background(
    settings: Settings,
    store: PostgresDataStore,
    models: Core,
    *,
    storage: FileStorage,
    clock: Callable[[], datetime],
    redact: Callable[[str], str],
) -> Background:
    """The session manager, tailoring and the embedded worker, all on one job queue."""
    evaluation_jobs = EvaluationJobs(store.jobs, settings.jobs)
    sessions = SessionManager(
        store, models.evaluation, storage=storage, clock=clock, redact=redact, queue=evaluation_jobs
    )
    tailor = ProblemTailor(models.gateway, models.bank)
    tailoring = TailoringJobs(store, tailor, store.jobs, settings.jobs)
    worker = embedded_worker(settings.jobs, sessions.ending, redact, evaluation_jobs, tailoring)
    return Background(sessions, tailoring, worker)


def audio_handler(
    settings: Settings,
    storage: FileStorage,
    tracker: TokenTracker,
    store: PostgresDataStore,
    bank: ProblemBank,
) -> AudioHandler:
    """Speech to text, with the session's problem terms as Whisper's prompt."""
    vocabulary = SessionVocabulary(store.sessions, bank)
    selector = TranscriberSelector(settings.media)
    return AudioHandler(storage, selector, tracker, settings.uploads, vocabulary)


def speech_synthesizer(
    settings: Settings, gateway: ModelGateway, tracker: TokenTracker
) -> SpeechSynthesizer:
    """OpenAI text-to-speech under the same outbound policy as the chat models."""
    configured = [getattr(settings.providers, p.value).base_url for p in Provider]
    return SpeechSynthesizer(gateway, tracker, OutboundPolicy(settings.outbound, configured))


def secrets_of(settings: Settings) -> list[str]:
    """Collect every secret value so the log redactor can remove it."""
    values = [settings.database.url.get_secret_value()]
    for provider in (
        settings.providers.openai,
        settings.providers.anthropic,
        settings.providers.openai_compatible,
    ):
        if provider.api_key is not None:
            values.append(provider.api_key.get_secret_value())
    if settings.storage.s3.secret_access_key is not None:
        values.append(settings.storage.s3.secret_access_key.get_secret_value())
    return [v for v in values if v]


def start_retention_sweep(
    settings: Settings, storage: FileStorage, store: PostgresDataStore
) -> PeriodicJob | None:
    """Start the daily sweep of expired session files (None when they are kept forever).

    It runs on a daemon thread, first minutes after start-up (never during it).
    """
    days = settings.storage.retention_days
    return start_daily_sweep(RetentionSweeper(storage, store.sessions, store.media, days))

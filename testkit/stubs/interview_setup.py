"""Helpers that wire a real :class:`AIInterviewer` to the stubs (tests and benchmarks).

Example::

    with OpenAIStub() as stub:
        rig = build_rig(store, timeout_s=2.0)
        session = rig.new_session("openai", "gpt-4o")
        text = "".join(rig.interviewer.reply(session.id, "Hi", creds=rig.creds(stub, "openai")))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import SecretStr

from interview_platform.config import Settings, load_settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.interviewer.ai_interviewer import AIInterviewer
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import (
    Candidate,
    ExperienceLevel,
    Session,
    SessionStatus,
    utcnow,
)
from interview_platform.problems.bank import ProblemBank
from testkit.app_settings import LOOPBACK_OUTBOUND
from testkit.stubs.base import StubServer

STUB_KEY = "sk-test-stub-key-1234567890"
_DEFAULT_MODELS = {
    "openai": "gpt-4o",
    "anthropic": "claude-sonnet-4-5",
    "openai_compatible": "llama3.1",
}


def make_settings(
    *,
    timeout_s: float = 5.0,
    budget_usd: str = "2.00",
    prices: dict[str, tuple[str, str]] | None = None,
    planned_overrides: dict[str, Any] | None = None,
) -> Settings:
    """Settings for tests: no config file, no environment, fast timeouts.

    ``prices`` maps model -> (USD per million input tokens, per million output tokens).
    """
    pricing = {
        model: {"input_per_million": i, "output_per_million": o}
        for model, (i, o) in (prices or {}).items()
    }
    overrides: dict[str, Any] = {
        "providers": {"timeout_s": timeout_s, "max_attempts": 3},
        "budget": {"per_session_usd": budget_usd, "warn_ratio": 0.8},
        "pricing": {"models": pricing},
        "outbound": LOOPBACK_OUTBOUND,
        **(planned_overrides or {}),
    }
    return load_settings(config_path=None, env_file=None, overrides=overrides, environ={})


# The model each provider stub serves by default.
STUB_MODELS = {"openai": "gpt-4o", "anthropic": "claude-sonnet-4-5"}


@dataclass
class Rig:
    """An interviewer wired to a real store and a provider factory."""

    store: PostgresDataStore
    settings: Settings
    factory: ProviderFactory
    tracker: TokenTracker
    bank: ProblemBank
    interviewer: AIInterviewer

    def creds(
        self, stub: StubServer, provider: str, model: str | None = None, key: str | None = None
    ) -> ProviderCredentials:
        """Credentials pointing at ``stub`` (with the stub's key unless ``key`` is given)."""
        url = stub.base_url  # type: ignore[attr-defined]
        secret = SecretStr(key or stub.api_key or STUB_KEY)
        return ProviderCredentials(provider, model or _DEFAULT_MODELS[provider], secret, url)

    def new_session(
        self,
        provider: str = "offline",
        model: str = "rubric-interviewer",
        *,
        level: ExperienceLevel = ExperienceLevel.MID,
        problem_id: str | None = None,
        resume_id: str | None = None,
        candidate_id: str | None = None,
        started_at: datetime | None = None,
    ) -> Session:
        """Create a candidate (unless given) and an ACTIVE session, directly in the store."""
        if candidate_id is None:
            candidate_id = self.store.candidates.create_candidate(
                Candidate(name="Test Candidate")
            ).id
        session = Session(
            candidate_id=candidate_id,
            provider=provider,
            model=model,
            problem_id=problem_id or self.bank.all()[0].id,
            level=level,
            resume_id=resume_id,
            status=SessionStatus.ACTIVE,
            started_at=started_at or utcnow(),
        )
        return self.store.sessions.create_session(session)


def build_rig(store: PostgresDataStore, settings: Settings | None = None, **kwargs: Any) -> Rig:
    """Wire an interviewer over ``store`` with :func:`make_settings` (``kwargs``) settings."""
    settings = settings or make_settings(**kwargs)
    factory = ProviderFactory(settings.providers, environ={}, outbound=settings.outbound)
    tracker = TokenTracker(store.usage, settings.pricing)
    bank = ProblemBank.load_default()
    gateway = ModelGateway(factory, tracker, settings.budget)
    interviewer = AIInterviewer(store, gateway, bank, settings, OfflineInterviewer())
    return Rig(store, settings, factory, tracker, bank, interviewer)

"""Wires the evaluation manager: the rubric, the offline engine and the LLM engine per session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from interview_platform.config import Settings
from interview_platform.database.protocol import IDataStore
from interview_platform.evaluation.evaluation_manager import OFFLINE_PROVIDER, EvaluationManager
from interview_platform.evaluation.llm_call import EVALUATION_MAX_TOKENS, CallOptions
from interview_platform.evaluation.llm_evaluator import LLMEvaluator
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import Rubric, load_rubric
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker, remaining_budget
from interview_platform.models import Operation, Session

if TYPE_CHECKING:
    from interview_platform.problems.bank import ProblemBank

_log = logging.getLogger("interview_platform.evaluation")
# Providers speaking the OpenAI protocol, which offers a JSON-object response format
# (a local server that rejects it is asked again without it).
_JSON_MODE_PROVIDERS = frozenset({"openai", "openai_compatible"})


class LLMEvaluatorFactory:
    """Builds the LLM evaluator of a session, or None when no model may be used.

    None (the offline engine, labelled as a fallback) when the session is offline,
    the budget is spent, or the provider cannot be set up (e.g. no key configured).
    """

    def __init__(
        self,
        providers: ProviderFactory,
        tracker: TokenTracker,
        rubric: Rubric,
        bank: ProblemBank,
        settings: Settings,
    ) -> None:
        self._providers = providers
        self._tracker = tracker
        self._rubric = rubric
        self._bank = bank
        self._settings = settings

    def _over_budget(self, session: Session) -> bool:
        budget = self._settings.budget.per_session_usd
        summary = self._tracker.session_summary(session.id)
        return budget > 0 and remaining_budget(summary, budget) <= 0

    def __call__(
        self, session: Session, creds: ProviderCredentials | None = None
    ) -> LLMEvaluator | None:
        """Return the LLM evaluator for a session (None: use the offline engine)."""
        if session.provider == OFFLINE_PROVIDER or self._over_budget(session):
            return None
        try:
            if creds is None or creds.provider != session.provider:
                creds = self._providers.resolve_credentials(session.provider, session.model)
            else:
                creds = self._providers.complete(creds)
            # The budget must hold a whole report (Anthropic's default of 1,024 tokens cuts it).
            model = self._providers.chat_model(
                creds, streaming=False, max_tokens=EVALUATION_MAX_TOKENS
            )
        except InterviewPlatformError as exc:
            _log.warning("no evaluation model", extra={"session_id": session.id, "error": str(exc)})
            return None
        resolved = creds

        on_usage = self._tracker.recorder(
            session_id=session.id,
            provider=resolved.provider,
            model=resolved.model,
            operation=Operation.EVALUATION,
        )
        name = f"{resolved.provider}/{resolved.model}"
        options = CallOptions(json_mode=resolved.provider in _JSON_MODE_PROVIDERS)
        return LLMEvaluator(
            model, self._rubric, self._bank, on_usage=on_usage, name=name, options=options
        )


def build_evaluation_manager(
    store: IDataStore,
    bank: ProblemBank,
    tracker: TokenTracker,
    providers: ProviderFactory,
    settings: Settings,
) -> EvaluationManager:
    """Build the evaluation manager with the packaged rubric."""
    rubric = load_rubric()
    return EvaluationManager(
        store,
        rubric,
        bank,
        OfflineRubricEvaluator(rubric, bank),
        llm_factory=LLMEvaluatorFactory(providers, tracker, rubric, bank, settings),
        tracker=tracker,
    )

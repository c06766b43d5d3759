"""Wires the evaluation manager: the rubric, the offline engine and the LLM engine per session."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from interview_platform.evaluation.evaluation_manager import EvaluationManager, EvaluationRecords
from interview_platform.evaluation.llm_call import EVALUATION_MAX_TOKENS, CallOptions
from interview_platform.evaluation.llm_evaluator import LLMEvaluator
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import Rubric, load_rubric
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.models import Operation, Session
from interview_platform.provider import Provider

if TYPE_CHECKING:
    from interview_platform.problems.bank import ProblemBank

_log = logging.getLogger("interview_platform.evaluation")
# Providers speaking the OpenAI protocol, which offers a JSON-object response format
# (a local server that rejects it is asked again without it).
_JSON_MODE_PROVIDERS = frozenset({Provider.OPENAI, Provider.OPENAI_COMPATIBLE})


class LLMEvaluatorFactory:
    """Builds the LLM evaluator of a session, or None when no model may be used.

    None (the offline engine, labelled as a fallback) when the session is offline,
    the budget is spent, or the provider cannot be set up (e.g. no key configured).
    """

    def __init__(self, gateway: ModelGateway, rubric: Rubric, bank: ProblemBank) -> None:
        self._gateway = gateway
        self._rubric = rubric
        self._bank = bank

    def __call__(
        self, session: Session, creds: ProviderCredentials | None = None
    ) -> LLMEvaluator | None:
        """Return the LLM evaluator for a session (None: use the offline engine)."""
        if session.provider == Provider.OFFLINE:
            return None
        try:
            creds = self._gateway.credentials(session.provider, session.model, creds)
        except InterviewPlatformError as exc:
            _log.warning("no evaluation model", extra={"session_id": session.id, "error": str(exc)})
            return None
        # The output budget must hold a whole report (Anthropic's default of 1,024 tokens cuts it).
        call = self._gateway.try_open(
            Operation.EVALUATION, creds, session_id=session.id, max_tokens=EVALUATION_MAX_TOKENS
        )
        if call is None:
            return None
        options = CallOptions(json_mode=creds.provider in _JSON_MODE_PROVIDERS)
        return LLMEvaluator(
            call.model,
            self._rubric,
            self._bank,
            on_usage=call.recorder(),
            name=call.name,
            options=options,
            check=lambda tokens, cap: self._gateway.ensure_affordable(
                session.id, call.creds, tokens, cap
            ),
        )


def build_evaluation_manager(
    store: EvaluationRecords, bank: ProblemBank, gateway: ModelGateway
) -> EvaluationManager:
    """Build the evaluation manager with the packaged rubric."""
    rubric = load_rubric()
    return EvaluationManager(
        store,
        rubric,
        bank,
        OfflineRubricEvaluator(rubric, bank),
        llm_factory=LLMEvaluatorFactory(gateway, rubric, bank),
        tracker=gateway.usage,
    )

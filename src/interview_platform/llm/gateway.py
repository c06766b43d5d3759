"""One path to a model: credentials, chat model, usage recording and the budget.

Every paid call of the platform (interviewer turns, evaluations, tailored
problems, resume parsing) asks :class:`ModelGateway` for a :class:`ModelCall`:
the gateway fills in the credentials the user left blank, refuses when the
session's budget is spent, builds (or reuses) the LangChain chat model, and
hands back a recorder that prices and stores what the call used.

Example::

    call = gateway.open(Operation.EVALUATION, creds, session_id=session.id, max_tokens=4096)
    answer = call.model.invoke(messages)
    call.record(answer.usage_metadata["input_tokens"], answer.usage_metadata["output_tokens"])
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from langchain_core.language_models import BaseChatModel

from interview_platform.config import BudgetSettings
from interview_platform.exceptions import AIProviderError, InterviewPlatformError
from interview_platform.llm.budget import BudgetGuard, BudgetStatus
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.limits import output_cap
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Operation, TokenSummary

__all__ = ["BUDGET_REACHED", "BudgetExhaustedError", "ModelCall", "ModelGateway"]

_log = logging.getLogger(__name__)

BUDGET_REACHED = "Budget reached: continuing with the offline interviewer."


class BudgetExhaustedError(AIProviderError):
    """The session has spent its budget: no further paid calls."""

    def __init__(self) -> None:
        super().__init__(BUDGET_REACHED, kind="budget_exceeded")


@dataclass(frozen=True)
class ModelCall:
    """A chat model ready for one operation of one session.

    Attributes:
        model: The LangChain chat model.
        creds: The complete credentials it was built with (the key stays secret).
        operation: The operation its usage is recorded under by :meth:`record`.
        session_id: The session the usage is charged to (None: before a session exists).
        vision: Whether images may be sent to it.
    """

    model: BaseChatModel
    creds: ProviderCredentials
    operation: Operation
    session_id: str | None
    vision: bool
    tracker: TokenTracker

    @property
    def name(self) -> str:
        """``provider/model``, e.g. ``openai/gpt-4o``."""
        return f"{self.creds.provider}/{self.creds.model}"

    def record(self, input_tokens: int, output_tokens: int) -> None:
        """Price and store what one call of :attr:`operation` used."""
        self.record_as(self.operation, input_tokens, output_tokens)

    def record_as(self, operation: Operation, input_tokens: int, output_tokens: int) -> None:
        """Price and store what one call used, under another ``operation`` of the same model."""
        self.tracker.record(
            session_id=self.session_id,
            provider=self.creds.provider,
            model=self.creds.model,
            operation=operation,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        )

    def recorder(self) -> Callable[[int, int], None]:
        """:meth:`record` as a plain ``(input_tokens, output_tokens)`` callback."""
        return self.record


class ModelGateway:
    """Resolves credentials, guards the budget, builds models and records their usage.

    Args:
        providers: Builds chat models and checks credentials.
        tracker: Prices and stores token usage; the budget reads it back.
        budget: The ``budget`` settings section.
    """

    def __init__(
        self, providers: ProviderFactory, tracker: TokenTracker, budget: BudgetSettings
    ) -> None:
        self._providers = providers
        self._tracker = tracker
        self._guard = BudgetGuard(tracker, budget)

    @property
    def providers(self) -> ProviderFactory:
        """The provider factory (credential checks, endpoints for messages)."""
        return self._providers

    @property
    def usage(self) -> TokenTracker:
        """The token tracker the gateway records to (session totals for reports)."""
        return self._tracker

    def budget(self, session_id: str, usage: TokenSummary | None = None) -> BudgetStatus:
        """What ``session_id`` has spent against its cap: the one budget computation.

        ``usage``: the session's totals when just read (None reads them now).
        """
        return self._guard.status(session_id, usage)

    def credentials(
        self, provider: str, model: str, creds: ProviderCredentials | None = None
    ) -> ProviderCredentials:
        """Complete credentials for ``provider``/``model``.

        ``creds`` typed by the user count only for the provider they name; whatever
        they leave blank (key, model, base URL) comes from config and the environment.
        """
        if creds is None:
            return self._providers.resolve_credentials(provider, model)
        if creds.provider != provider:
            return self._providers.resolve_credentials(
                provider, model, operator_key=creds.operator_key
            )
        return self._providers.complete(creds)

    def open(
        self,
        operation: Operation,
        creds: ProviderCredentials,
        *,
        session_id: str | None,
        streaming: bool = False,
        max_tokens: int | None = None,
        budget: BudgetStatus | None = None,
        input_tokens: int = 0,
        deadline_s: float | None = None,
    ) -> ModelCall:
        """Return a model for ``operation``, charged to ``session_id``.

        Args:
            operation: What the call is for: its usage is recorded under it and its
                output cap is ``providers.max_output_tokens`` for it unless given.
            creds: Complete credentials (see :meth:`credentials`).
            session_id: The session charged (None: before a session exists, no budget).
            streaming: Whether the model streams.
            max_tokens: Output cap; None uses the operation's (see ``llm/limits.py``).
            budget: The session's status when the caller has just computed it
                (an interviewer turn checks it first); None computes it here.
            input_tokens: An estimate of the prompt's tokens, priced into the worst case.
            deadline_s: The call's total deadline; the SDK's attempts are fitted into it.

        Raises:
            BudgetExhaustedError: The session's budget is spent, or the worst case of
                this call (``input_tokens`` plus the whole output cap) would exceed
                what is left of it. Unpriced models are only refused when it is spent.
            AIProviderError: The model cannot be built (offline provider, missing key).
            ValidationError: Unknown provider.
        """
        cap = max_tokens or output_cap(self._providers.settings, operation)
        if budget is None and session_id is not None:
            budget = self.budget(session_id)
        if budget is not None:
            self._check_worst_case(budget, creds, input_tokens, cap)
        model = self._providers.chat_model(
            creds, streaming=streaming, max_tokens=cap, deadline_s=deadline_s
        )
        return ModelCall(
            model=model,
            creds=creds,
            operation=operation,
            session_id=session_id,
            vision=self._providers.supports_vision(creds),
            tracker=self._tracker,
        )

    def worst_case(
        self, creds: ProviderCredentials, input_tokens: int, max_tokens: int
    ) -> Decimal | None:
        """USD of a call reading ``input_tokens`` and writing ``max_tokens`` (None: unpriced)."""
        return self._tracker.price(creds.model, input_tokens, max_tokens)

    def ensure_affordable(
        self,
        session_id: str | None,
        creds: ProviderCredentials,
        input_tokens: int,
        max_tokens: int,
    ) -> None:
        """Check the worst case of one more request of a call already open (e.g. a retry).

        Raises:
            BudgetExhaustedError: The budget is spent, or ``input_tokens`` plus the whole
                ``max_tokens`` would cost more than is left (nothing to check without a
                session or for an unpriced model).
        """
        if session_id is not None:
            self._check_worst_case(self.budget(session_id), creds, input_tokens, max_tokens)

    def _check_worst_case(
        self, budget: BudgetStatus, creds: ProviderCredentials, input_tokens: int, cap: int
    ) -> None:
        if budget.exhausted:
            raise BudgetExhaustedError()
        worst = self.worst_case(creds, input_tokens, cap)
        if worst is not None and worst > budget.remaining:
            _log.info(
                "call refused: its worst case exceeds the budget left",
                extra={"model": creds.model, "worst_usd": str(worst), "max_tokens": cap},
            )
            raise BudgetExhaustedError()

    def try_open(
        self,
        operation: Operation,
        creds: ProviderCredentials,
        *,
        session_id: str | None,
        max_tokens: int | None = None,
    ) -> ModelCall | None:
        """Like :meth:`open` (not streaming), but None (logged) instead of an error."""
        try:
            return self.open(operation, creds, session_id=session_id, max_tokens=max_tokens)
        except InterviewPlatformError as exc:
            _log.warning(
                "no model for %s",
                operation.value,
                extra={"session_id": session_id, "provider": creds.provider, "error": str(exc)},
            )
            return None

    def display_url(self, creds: ProviderCredentials) -> str:
        """The endpoint a call goes to, for messages (never contains the key)."""
        return self._providers.display_url(creds)

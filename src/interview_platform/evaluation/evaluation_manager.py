"""Evaluates a stored session: gathers the recording, runs an engine, stores the report."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from interview_platform.database.ports import (
    HasConversation,
    HasEvaluations,
    HasMedia,
    HasSessions,
    HasUsage,
    UsageRepository,
)
from interview_platform.diagram.gaps import find_gaps
from interview_platform.diagram.graph import build_diagram_graph
from interview_platform.evaluation.evaluator import EvaluationInput, IEvaluator
from interview_platform.evaluation.evidence_rules import enforce_evidence
from interview_platform.evaluation.llm_evaluator import LLMEvaluator
from interview_platform.evaluation.offline_evaluator import OfflineRubricEvaluator
from interview_platform.evaluation.rubric import Rubric
from interview_platform.exceptions import NotFoundError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import (
    CommunicationMode,
    Evaluation,
    EvaluationStatus,
    MediaKind,
    MessageRole,
    Operation,
    Session,
    TokenSummary,
)
from interview_platform.problems.resolution import resolve_problem
from interview_platform.provider import Provider

if TYPE_CHECKING:
    from interview_platform.problems.bank import Problem, ProblemBank

_log = logging.getLogger("interview_platform.evaluation")


class LLMFactory(Protocol):
    """Builds the LLM evaluator of a session (None: use the offline engine)."""

    def __call__(
        self, session: Session, creds: ProviderCredentials | None = None
    ) -> LLMEvaluator | None:
        """Return the evaluator, or None."""
        ...


class UsageSource(Protocol):
    """Where token totals come from (the token tracker)."""

    def session_summary(self, session_id: str) -> TokenSummary:
        """Totals of a session."""
        ...

    def by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Totals of a session per operation."""
        ...


class EvaluationRecords(HasSessions, HasConversation, HasMedia, HasEvaluations, HasUsage, Protocol):
    """The repositories an evaluation reads (the recording) and writes (the report)."""


class StoreUsage:
    """Token totals read straight from the usage repository (when no tracker is wired)."""

    def __init__(self, usage: UsageRepository) -> None:
        self._usage = usage

    def session_summary(self, session_id: str) -> TokenSummary:
        """Totals of a session."""
        return self._usage.get_token_summary(session_id)

    def by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Totals of a session per operation."""
        return self._usage.get_token_usage_by_operation(session_id)


def summary_dict(summary: TokenSummary) -> dict[str, Any]:
    """Token totals as JSON data (cost as a string to keep every digit)."""
    return {
        "input_tokens": summary.input_tokens,
        "output_tokens": summary.output_tokens,
        "total_tokens": summary.input_tokens + summary.output_tokens,
        "cost_usd": str(summary.cost_usd),
        "calls": summary.calls,
        "unpriced_calls": summary.unpriced_calls,
    }


def token_summary_dict(
    total: TokenSummary, by_operation: dict[Operation, TokenSummary]
) -> dict[str, Any]:
    """The session's token usage: totals plus one entry per operation."""
    ops = {
        op.value: summary_dict(s)
        for op, s in sorted(by_operation.items(), key=lambda i: i[0].value)
    }
    return {**summary_dict(total), "by_operation": ops}


class EvaluationManager:
    """Builds the evaluation input of a session, runs the right engine and stores the result.

    Args:
        store: The repositories of the recording and the report.
        rubric: The versioned rubric.
        bank: The problem bank.
        offline: The offline rubric evaluator (always available).
        llm_factory: Returns an LLM evaluator for a session, or None when none can be made.
        tracker: Token totals of the session (default: read from the store).
    """

    def __init__(
        self,
        store: EvaluationRecords,
        rubric: Rubric,
        bank: ProblemBank,
        offline: OfflineRubricEvaluator,
        *,
        llm_factory: LLMFactory | None = None,
        tracker: UsageSource | None = None,
    ) -> None:
        self._sessions = store.sessions
        self._conversation = store.conversation
        self._media = store.media
        self._evaluations = store.evaluations
        self.rubric = rubric
        self.bank = bank
        self._offline = offline
        self._llm_factory = llm_factory
        self._tracker: UsageSource = tracker if tracker is not None else StoreUsage(store.usage)

    def problem_for(self, session: Session) -> Problem:
        """The session's problem: tailored, from the bank, or custom (built from its text)."""
        return resolve_problem(session, self.bank)

    def build_input(self, session: Session) -> EvaluationInput:
        """Gather everything recorded about a session."""
        problem = self.problem_for(session)
        messages = self._conversation.get_messages(session.id)
        canvas = self._media.get_whiteboard_state(session.id)
        if canvas is None and CommunicationMode.WHITEBOARD in session.modes:
            canvas = {"objects": []}  # a board that was offered and left empty is graded so
        diagram = build_diagram_graph(canvas) if canvas else None
        said = " ".join(m.content for m in messages if m.role is MessageRole.CANDIDATE)
        gaps = find_gaps(diagram, problem, said) if diagram is not None else None
        media = self._media.list_media_files(session.id)
        audio_stats = [
            m.metadata for m in media if m.kind in (MediaKind.AUDIO, MediaKind.TRANSCRIPT)
        ]
        return EvaluationInput(
            session=session,
            problem=problem,
            messages=messages,
            diagram=diagram,
            gaps=gaps,
            snapshots=self._media.list_whiteboard_snapshots(session.id),
            media_files=media,
            token_summary=self._tracker.session_summary(session.id),
            audio_stats=[s for s in audio_stats if s],
        )

    def engine_for(self, session: Session, creds: ProviderCredentials | None = None) -> IEvaluator:
        """The LLM evaluator for provider sessions when one can be built, else offline."""
        if session.provider != Provider.OFFLINE and self._llm_factory is not None:
            llm = self._llm_factory(session, creds)
            if llm is not None:
                return llm
        return self._offline

    def evaluate_session(
        self, session_id: str, creds: ProviderCredentials | None = None
    ) -> Evaluation:
        """Evaluate a stored session and store the report (replacing any earlier one).

        Args:
            session_id: The session.
            creds: Credentials the candidate entered (keys are not stored); without
                them the configured ones are used.

        Raises:
            NotFoundError: No such session.
        """
        session = self._sessions.get_session(session_id)
        if session is None:
            raise NotFoundError(f"No interview session with id {session_id}.")
        inp = self.build_input(session)
        engine = self.engine_for(session, creds)
        evaluation = engine.evaluate(inp)
        if engine is self._offline and session.provider != Provider.OFFLINE:
            # The session asked for a model we could not use: say so in the report.
            reason = f"the {session.provider} model was not available for evaluation"
            evaluation = replace(
                evaluation, engine=f"{evaluation.engine} (fallback: {reason})", is_fallback=True
            )
        evaluation = enforce_evidence(evaluation, inp.messages, self.rubric, session.level)
        # Read usage after the engine ran, so the evaluation call itself is counted.
        tokens = token_summary_dict(
            self._tracker.session_summary(session_id), self._tracker.by_operation(session_id)
        )
        evaluation = replace(evaluation, token_summary=tokens)
        stored = self._evaluations.save_evaluation(evaluation)
        _log.info(
            "session evaluated",
            extra={
                "session_id": session_id,
                "engine": stored.engine,
                "score": stored.overall_score,
            },
        )
        return stored

    def pending(self, session: Session) -> Evaluation:
        """Store (and return) a pending evaluation, to be retried later."""
        evaluation = Evaluation(
            session_id=session.id,
            engine="pending",
            rubric_version=self.rubric.version,
            status=EvaluationStatus.PENDING,
        )
        return self._evaluations.save_evaluation(evaluation)

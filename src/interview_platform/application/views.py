"""Read models of the setup, interview and evaluation pages (and the sidebar)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from interview_platform.application.access import Access
from interview_platform.config import Settings
from interview_platform.database.ports import HasCandidates, HasConversation
from interview_platform.database.read_models import EvaluatedSession, PostgresHistoryReads
from interview_platform.evaluation.plan_resources import distinct_resources
from interview_platform.exceptions import NotFoundError
from interview_platform.interviewer.phases import PhaseClock
from interview_platform.interviewer.turn_context import last_interviewer_phase
from interview_platform.llm.budget import BudgetGuard, BudgetStatus
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import (
    Candidate,
    Evaluation,
    Message,
    Session,
    TokenSummary,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.resolution import resolve_problem
from interview_platform.session.session_manager import SessionManager


@dataclass(frozen=True)
class ClockView:
    """The interview clock and the phase the interviewer is in.

    Attributes:
        elapsed_s: Interview time without the pauses.
        planned_minutes: The planned length.
        phase: The phase the interviewer is in: the one stored with its latest turn, or
            the clock's before the interviewer has stored one.
        clock_phase: The phase the clock alone falls in (the plan).
    """

    elapsed_s: float
    planned_minutes: int
    phase: str
    clock_phase: str = ""


PHASE_LOOKBACK = 6  # newest messages searched for the interviewer's phase


@dataclass(frozen=True)
class CostView:
    """What the session has used: its token totals and its spend against the budget."""

    usage: TokenSummary
    budget: BudgetStatus


@dataclass(frozen=True)
class ProblemCard:
    """The problem as the candidate reads it."""

    title: str
    statement: str


TITLE_CHARS = 80  # an own problem's text is cut to this in the report's header


@dataclass(frozen=True)
class ReportHeader:
    """Which interview a report is about.

    Attributes:
        problem: The problem's title (or the start of the candidate's own problem).
        level: The experience level it was asked at.
        held_at: When the interview started (when it was created, if it never started).
        duration_s: Interview time without the pauses; None when it never started.
        engine: What graded it (an evaluator's name, with the reason of a fallback).
        interviewer: The interviewer's provider and model.
    """

    problem: str
    level: str
    held_at: datetime
    duration_s: float | None
    engine: str
    interviewer: str

    @property
    def duration(self) -> str:
        """Whole minutes (at least 1 once started), or a dash when it never started."""
        if self.duration_s is None:
            return "—"
        return f"{max(1, round(self.duration_s / 60))} min"


@dataclass(frozen=True)
class EvaluationView:
    """What the evaluation page shows.

    Attributes:
        evaluation: The session's evaluation (completed or pending); its plan names
            each reading once, also in reports stored before plans were de-duplicated.
        next_problem: Title of the problem to practise next, if one is recommended.
        videos: How many camera recordings are saved.
        header: Problem, level, date, duration and engine of the interview.
    """

    evaluation: Evaluation
    next_problem: str | None
    videos: int
    header: ReportHeader


class PageRecords(HasCandidates, HasConversation, Protocol):
    """What the pages read from the store: its health, two repositories, page queries."""

    @property
    def history(self) -> PostgresHistoryReads:
        """The page-shaped queries (the evaluation page's report with its session)."""

    def health_check(self) -> bool:
        """Whether the database answers."""


class PageViews:
    """What the pages show, read from the store and the managers.

    Args:
        store: The store's health and the repositories the pages read.
        sessions: The session lifecycle (and its clock).
        bank: The problem bank.
        tracker: Token usage and cost.
        settings: Application settings (interview phases).
        access: The ownership checks of the signed-in account.
    """

    def __init__(
        self,
        store: PageRecords,
        sessions: SessionManager,
        bank: ProblemBank,
        tracker: TokenTracker,
        settings: Settings,
        *,
        access: Access,
    ) -> None:
        self._access = access
        self._store = store
        self._candidates = store.candidates
        self._conversation = store.conversation
        self._queries = store.history
        self._sessions = sessions
        self._bank = bank
        self._tracker = tracker
        self._settings = settings

    # -- people and sessions ------------------------------------------------------
    def database_ok(self) -> bool:
        """Whether the database answers."""
        return self._store.health_check()

    def candidate(self, candidate_id: str) -> Candidate | None:
        """One candidate, or None (also for an id that is not one, e.g. from a URL)."""
        if not self._access.may_see_candidate(candidate_id):
            return None
        return self._candidates.get_candidate(candidate_id)

    def candidates(self) -> list[Candidate]:
        """The signed-in account's candidates (an administrator's: every one), by name."""
        return self._candidates.list_candidates(self._access.account_filter)

    def session(self, session_id: str) -> Session:
        """One session.

        Raises:
            NotFoundError: No such session, or another account's.
        """
        self._access.session(session_id)
        return self._sessions.get(session_id)

    def find_session(self, session_id: str) -> Session | None:
        """One session, or None when the id names none (a stale or hand-edited URL)."""
        if not self._access.may_see_session(session_id):
            return None
        try:
            return self._sessions.get(session_id)
        except NotFoundError:
            return None

    def problem(self, session: Session) -> ProblemCard:
        """The session's problem as the candidate reads it (the own text when custom)."""
        self._access.session(session.id)
        if not session.problem_id:
            return ProblemCard("Your problem", session.problem_text)
        problem = resolve_problem(session, self._bank)
        return ProblemCard(problem.title, problem.statement_for(session.level))

    # -- conversation -------------------------------------------------------------
    def message_count(self, session_id: str) -> int:
        """How many messages the conversation has."""
        self._access.session(session_id)
        return self._conversation.count_messages(session_id)

    def messages(self, session_id: str, limit: int | None = None) -> list[Message]:
        """The conversation oldest first; with ``limit``, only the newest ones."""
        self._access.session(session_id)
        return self._conversation.get_messages(session_id, limit=limit)

    # -- the bottom bar -----------------------------------------------------------
    def clock(self, session_id: str) -> ClockView:
        """Interview time without the pauses, and the phase the interviewer is in."""
        self._access.session(session_id)
        session = self._sessions.get(session_id)
        elapsed = self._sessions.elapsed_seconds(session)
        phases = PhaseClock(self._settings.interview.phases, session.planned_minutes)
        by_clock = phases.phase_at(elapsed).name
        recent = self._conversation.get_messages(session_id, limit=PHASE_LOOKBACK)
        # The interviewer follows the conversation, not the clock (issue F): show its phase.
        phase = last_interviewer_phase(recent) or by_clock
        return ClockView(elapsed, session.planned_minutes, phase, by_clock)

    def cost(self, session_id: str) -> CostView:
        """Tokens and cost of the session so far, against its budget."""
        self._access.session(session_id)
        usage = self._tracker.session_summary(session_id)
        budget = BudgetGuard(self._tracker, self._settings.budget).status(session_id, usage)
        return CostView(usage, budget)

    # -- evaluation ---------------------------------------------------------------
    def evaluation(self, session_id: str) -> EvaluationView | None:
        """The evaluation page's content, or None when the session has no evaluation."""
        if not self._access.may_see_session(session_id):
            return None
        found = self._queries.evaluated_session(session_id)  # one query for the page
        if found is None:
            return None
        evaluation = found.evaluation
        plan = distinct_resources(evaluation.improvement_plan)
        next_id = evaluation.next_problem_id
        next_problem = self._bank.get(next_id).title if next_id else None
        return EvaluationView(
            replace(evaluation, improvement_plan=plan),
            next_problem,
            found.videos,
            self._header(found),
        )

    def _header(self, found: EvaluatedSession) -> ReportHeader:
        session = found.session
        if session.problem_id:
            title = resolve_problem(session, self._bank).title
        else:
            text = " ".join(session.problem_text.split())
            title = text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"
        started = session.started_at is not None
        return ReportHeader(
            problem=title or "Your problem",
            level=session.level.value,
            held_at=session.started_at or session.created_at,
            duration_s=self._sessions.elapsed_seconds(session) if started else None,
            engine=found.evaluation.engine,
            interviewer=f"{session.provider}/{session.model}",
        )

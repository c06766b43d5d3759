"""Read models of the history page: the sessions table, a session's media, progress."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from interview_platform.application.access import Access
from interview_platform.application.competencies import competency_titles
from interview_platform.communication.video_handler import FAILED as UNREADABLE
from interview_platform.database.ports import (
    HasConversation,
    HasEvaluations,
    HasMedia,
    HasSessions,
)
from interview_platform.database.read_models import PostgresHistoryReads, ScoredSession
from interview_platform.models import (
    Evaluation,
    MediaFile,
    MediaKind,
    Message,
    Session,
    SessionStatus,
)
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.resolution import resolve_problem
from interview_platform.session.session_manager import SessionManager
from interview_platform.storage.file_storage import FileStorage

_SERVER_DETAIL = re.compile(r"\[Errno -?\d+\]\s*|:?\s*'/[^']*'")
TITLE_CHARS = 60  # an own problem's text is cut to this in the table


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history table.

    Attributes:
        session: The interview.
        title: Its problem's title (or the start of the candidate's own problem).
        score: Overall score of its evaluation (None when not evaluated).
        duration_s: Interview time without the pauses, as the interview clock counts
            it (up to now while it is unfinished); None when it never started.
    """

    session: Session
    title: str
    score: float | None
    duration_s: float | None

    @property
    def date(self) -> str:
        """When the session was created, to the minute."""
        return self.session.created_at.strftime("%Y-%m-%d %H:%M")

    @property
    def duration(self) -> str:
        """Whole minutes, or a dash when the interview never started."""
        return "—" if self.duration_s is None else f"{int(self.duration_s // 60)} min"

    @property
    def label(self) -> str:
        """How the row is named in a chooser."""
        return f"{self.date} · {self.title} · {self.session.status.value}"

    def cells(self) -> dict[str, object]:
        """The row as the table shows it."""
        s = self.session
        return {
            "date": self.date,
            "problem": self.title,
            "status": s.status.value,
            "duration": self.duration,
            "score": round(self.score) if self.score is not None else None,
            "provider": f"{s.provider}/{s.model}",
        }


@dataclass(frozen=True)
class SessionMedia:
    """The files of a session that the history detail shows (newest last).

    Attributes:
        snapshots: The latest whiteboard snapshots.
        audio: The latest audio recordings.
        videos: The latest camera recordings.
        screens: The latest screen captures.
        screen_count: How many screen captures there are in all.
        unsaved: One line per recording that could not be saved ("not saved: <reason>");
            such a recording is neither offered for playback nor counted.
    """

    snapshots: list[Path] = field(default_factory=list)
    audio: list[Path] = field(default_factory=list)
    videos: list[Path] = field(default_factory=list)
    screens: list[Path] = field(default_factory=list)
    screen_count: int = 0
    unsaved: list[str] = field(default_factory=list)


def _unsaved_note(media: MediaFile) -> str | None:
    """The note for a recording kept only as a failure's trace (None when it was saved)."""
    if media.metadata.get("status") != UNREADABLE:
        return None
    reason = str(media.metadata.get("reason") or "the file could not be read")
    # The decoder's message names the server's file path and an errno: not for people.
    reason = _SERVER_DETAIL.sub("", reason).strip() or "the file could not be read"
    return f"{media.kind.value} recording not saved: {reason}"


@dataclass(frozen=True)
class ProgressPoint:
    """One evaluated interview on the progress charts.

    Attributes:
        held_at: When the interview took place (started; created if it never started),
            so scoring it again later does not move it along the axis.
        overall: Its overall score (0-100).
        scores: Competency id to score (1-5); None where it was not assessed.
    """

    held_at: datetime
    overall: float
    scores: dict[str, int | None]


@dataclass(frozen=True)
class Progress:
    """A candidate's evaluated interviews, oldest first, and the competencies scored.

    Attributes:
        points: One per evaluated interview, in the order they took place.
        titles: Competency id to the rubric's title, in rubric order (only those
            scored in at least one of the interviews).
    """

    points: list[ProgressPoint]
    titles: dict[str, str]


def progress_of(evaluations: Sequence[Evaluation], sessions: Sequence[Session]) -> Progress:
    """The progress read model from stored reports and their sessions.

    Args:
        evaluations: Completed evaluations (any order).
        sessions: The sessions they belong to; a report whose session is missing is
            placed at the time it was written.

    Returns:
        The points ordered by the interviews' own dates, and the competency titles.
    """
    when = {s.id: s.started_at or s.created_at for s in sessions}
    points = [
        ProgressPoint(
            held_at=when.get(e.session_id, e.created_at),
            overall=e.overall_score,
            scores={c.competency: c.value for c in e.competencies},
        )
        for e in evaluations
    ]
    points.sort(key=lambda p: p.held_at)
    titles = competency_titles(c.competency for e in evaluations for c in e.competencies)
    return Progress(points, titles)


class HistoryRecords(HasSessions, HasConversation, HasMedia, HasEvaluations, Protocol):
    """The repositories the history page reads."""


class HistoryViews:
    """What the history page shows.

    Args:
        store: The repositories the page reads.
        storage: Where the media files are.
        queries: The page-shaped queries (sessions with their scores).
        sessions: The session lifecycle (its clock measures durations).
        bank: The problem bank (titles).
        access: The ownership checks of the signed-in account.
    """

    def __init__(
        self,
        store: HistoryRecords,
        storage: FileStorage,
        queries: PostgresHistoryReads,
        sessions: SessionManager,
        bank: ProblemBank,
        *,
        access: Access,
    ) -> None:
        self._access = access
        self._session_rows = store.sessions
        self._conversation = store.conversation
        self._media = store.media
        self._evaluations = store.evaluations
        self._storage = storage
        self._queries = queries
        self._sessions = sessions
        self._bank = bank

    def count(self, candidate_id: str, statuses: Sequence[SessionStatus]) -> int:
        """How many sessions the table pages through (no status chosen means all)."""
        self._access.candidate(candidate_id)
        return self._session_rows.count_sessions(candidate_id, statuses)

    def rows(
        self, candidate_id: str, statuses: Sequence[SessionStatus], limit: int, offset: int
    ) -> list[HistoryRow]:
        """One page of the table, newest first, read in one query."""
        self._access.candidate(candidate_id)
        found = self._queries.scored_sessions(candidate_id, statuses, limit, offset)
        return [self._row(scored) for scored in found]

    def _row(self, scored: ScoredSession) -> HistoryRow:
        s = scored.session
        title = (
            resolve_problem(s, self._bank).title if s.problem_id else s.problem_text[:TITLE_CHARS]
        )
        duration = self._sessions.elapsed_seconds(s) if s.started_at is not None else None
        return HistoryRow(s, title, scored.score, duration)

    def conversation(self, session_id: str) -> list[Message]:
        """Every message of a session, oldest first."""
        self._access.session(session_id)
        return self._conversation.get_messages(session_id)

    def media(self, session_id: str) -> SessionMedia:
        """The latest files of each kind, as paths the page can show."""
        self._access.session(session_id)

        unsaved: list[str] = []

        def paths(kind: MediaKind, last: int) -> list[Path]:
            files = self._media.list_media_files(session_id, kind)
            notes = [(m, _unsaved_note(m)) for m in files]
            unsaved.extend(note for _, note in notes if note)
            saved = [m for m, note in notes if note is None]
            return [self._storage.absolute_path(m) for m in saved[-last:]]

        screens = self._media.list_media_files(session_id, MediaKind.SCREEN)
        return SessionMedia(
            unsaved=unsaved,
            snapshots=paths(MediaKind.WHITEBOARD, 6),
            audio=paths(MediaKind.AUDIO, 5),
            videos=paths(MediaKind.VIDEO, 2),
            screens=[self._storage.absolute_path(m) for m in screens[-6:]],
            screen_count=len(screens),
        )

    def progress(self, candidate_id: str) -> Progress:
        """The candidate's evaluated interviews by the date each took place."""
        self._access.candidate(candidate_id)
        evaluations = self._evaluations.list_evaluations(candidate_id)
        if not evaluations:
            return Progress([], {})
        # Two queries, not one per report: every session of the candidate.
        count = self._session_rows.count_sessions(candidate_id)
        sessions = self._session_rows.list_sessions(candidate_id, None, max(count, 1), 0)
        return progress_of(evaluations, sessions)

"""In-memory twins of the repositories in :mod:`interview_platform.database.ports`.

Each fake implements its whole protocol (``test_repository_fakes`` checks that the
method names and parameters match), so services take them without ``cast``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from interview_platform.database.ports import StoredDrawing
from interview_platform.models import (
    AuditEvent,
    Candidate,
    MediaFile,
    MediaKind,
    Operation,
    Resume,
    ResumeData,
    TokenSummary,
    TokenUsage,
    WhiteboardSnapshot,
)


def _summary(rows: Sequence[TokenUsage]) -> TokenSummary:
    return TokenSummary(
        input_tokens=sum(r.input_tokens for r in rows),
        output_tokens=sum(r.output_tokens for r in rows),
        cost_usd=sum((r.cost_usd for r in rows if r.cost_usd is not None), Decimal(0)),
        calls=len(rows),
        unpriced_calls=sum(1 for r in rows if r.cost_usd is None),
    )


class InMemoryUsage:
    """Token usage rows in a list (a :class:`UsageRepository`)."""

    def __init__(self) -> None:
        self.rows: list[TokenUsage] = []

    def record_token_usage(self, usage: TokenUsage) -> TokenUsage:
        self.rows.append(usage)
        return usage

    def get_token_summary(self, session_id: str) -> TokenSummary:
        return _summary([r for r in self.rows if r.session_id == session_id])

    def get_token_usage_by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        by_op: dict[Operation, list[TokenUsage]] = defaultdict(list)
        for row in self.rows:
            if row.session_id == session_id:
                by_op[row.operation].append(row)
        return {op: _summary(found) for op, found in sorted(by_op.items())}


class InMemoryMedia:
    """Whiteboard and media rows in memory (a :class:`MediaRepository`); may fail on demand."""

    def __init__(self) -> None:
        self.rows: list[MediaFile] = []
        self.canvases: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, int] = {}
        self.snapshots: list[WhiteboardSnapshot] = []
        self.fail = False

    def save_whiteboard_state(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        self.canvases[session_id] = canvas_json
        self.versions[session_id] = self.versions.get(session_id, 0) + 1

    def save_whiteboard_if_version(
        self, session_id: str, canvas_json: dict[str, Any], expected: int
    ) -> int | None:
        if self.versions.get(session_id, 0) != expected:
            return None
        self.save_whiteboard_state(session_id, canvas_json)
        return self.versions[session_id]

    def get_whiteboard_state(self, session_id: str) -> dict[str, Any] | None:
        return self.canvases.get(session_id)

    def get_whiteboard_drawing(self, session_id: str) -> StoredDrawing | None:
        if session_id not in self.canvases:
            return None
        return StoredDrawing(self.canvases[session_id], self.versions.get(session_id, 0))

    def add_whiteboard_snapshot(self, snapshot: WhiteboardSnapshot) -> WhiteboardSnapshot:
        self.snapshots.append(snapshot)
        return snapshot

    def list_whiteboard_snapshots(self, session_id: str) -> list[WhiteboardSnapshot]:
        return [s for s in self.snapshots if s.session_id == session_id]

    def add_media_file(self, media: MediaFile) -> MediaFile:
        if self.fail:
            raise RuntimeError("database is down")
        self.rows.append(media)
        return media

    def list_media_files(self, session_id: str, kind: MediaKind | None = None) -> list[MediaFile]:
        return [m for m in self.rows if m.session_id == session_id and kind in (None, m.kind)]

    def get_media_file(self, media_id: str) -> MediaFile | None:
        return next((m for m in self.rows if m.id == media_id), None)

    def delete_media_files(self, session_id: str) -> int:
        kept = [m for m in self.rows if m.session_id != session_id]
        removed = len(self.rows) - len(kept)
        self.rows = kept
        return removed


class InMemoryAudit:
    """Audit events in a list, newest last (an :class:`AuditRepository`)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        self.events.extend(events)

    def list_audit_events(
        self, session_id: str | None = None, limit: int = 100
    ) -> list[AuditEvent]:
        found = [e for e in self.events if session_id in (None, e.session_id)]
        return list(reversed(found))[: max(0, limit)]


class InMemoryCandidates:
    """Candidates and resumes in dicts (a :class:`CandidateRepository`)."""

    def __init__(self) -> None:
        self.candidates: dict[str, Candidate] = {}
        self.resumes: list[Resume] = []

    def create_candidate(self, candidate: Candidate) -> Candidate:
        self.candidates.setdefault(candidate.id, candidate)
        return candidate

    def get_candidate(self, candidate_id: str) -> Candidate | None:
        return self.candidates.get(candidate_id)

    def list_candidates(self, account_id: str | None = None) -> list[Candidate]:
        mine = [c for c in self.candidates.values() if account_id in (None, c.account_id)]
        return sorted(mine, key=lambda c: (c.name, c.created_at))

    def save_resume(self, candidate_id: str, filename: str, data: ResumeData) -> Resume:
        resume = Resume(candidate_id=candidate_id, filename=filename, data=data)
        self.resumes.append(resume)
        return resume

    def get_resume(self, resume_id: str) -> Resume | None:
        return next((r for r in self.resumes if r.id == resume_id), None)

    def get_latest_resume(self, candidate_id: str) -> Resume | None:
        mine = [r for r in self.resumes if r.candidate_id == candidate_id]
        return mine[-1] if mine else None

"""Repositories for what a session produces: whiteboard, media, evaluations, tokens, audit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg2.extras import RealDictCursor, execute_values

from interview_platform.database import rows, sql
from interview_platform.database.store_base import StoreBase
from interview_platform.models import (
    AuditEvent,
    Evaluation,
    MediaFile,
    MediaKind,
    Operation,
    TokenSummary,
    TokenUsage,
    WhiteboardSnapshot,
)


class ArtifactRepositories(StoreBase):
    """Whiteboard, media, evaluation, token-usage and audit persistence."""

    # -- whiteboard -------------------------------------------------------------
    def save_whiteboard_state(self, session_id: str, canvas_json: dict[str, Any]) -> None:
        """Upsert the current canvas drawing (fabric.js JSON) of a session."""
        params = (session_id, rows.jsonb(canvas_json))
        self._execute("save_whiteboard_state", sql.UPSERT_WHITEBOARD_STATE, params)

    def get_whiteboard_state(self, session_id: str) -> dict[str, Any] | None:
        """Return the saved canvas drawing or None."""
        row = self._fetch_one("get_whiteboard_state", sql.SELECT_WHITEBOARD_STATE, (session_id,))
        return dict(row["canvas"]) if row is not None else None

    def add_whiteboard_snapshot(self, snapshot: WhiteboardSnapshot) -> WhiteboardSnapshot:
        """Record a whiteboard snapshot (its PNG is a media file)."""
        params = {
            "id": snapshot.id,
            "session_id": snapshot.session_id,
            "media_file_id": snapshot.media_file_id,
            "object_count": snapshot.object_count,
            "canvas": rows.jsonb(snapshot.canvas_json),
            "created_at": snapshot.created_at,
        }
        self._execute("add_whiteboard_snapshot", sql.INSERT_SNAPSHOT, params)
        return snapshot

    def list_whiteboard_snapshots(self, session_id: str) -> list[WhiteboardSnapshot]:
        """Return the snapshots of a session, oldest first."""
        return self._map_all(
            "list_whiteboard_snapshots", sql.LIST_SNAPSHOTS, (session_id,), rows.snapshot_from_row
        )

    # -- media --------------------------------------------------------------------
    def add_media_file(self, media: MediaFile) -> MediaFile:
        """Record a file kept on disk for a session."""
        params = {
            "id": media.id,
            "session_id": media.session_id,
            "kind": media.kind.value,
            "path": media.path,
            "size_bytes": media.size_bytes,
            "sha256": media.sha256,
            "created_at": media.created_at,
            "metadata": rows.jsonb(media.metadata),
        }
        self._execute("add_media_file", sql.INSERT_MEDIA, params)
        return media

    def list_media_files(self, session_id: str, kind: MediaKind | None = None) -> list[MediaFile]:
        """Return a session's media files, oldest first, optionally of one kind."""
        params = {"session_id": session_id, "kind": kind.value if kind is not None else None}
        return self._map_all("list_media_files", sql.LIST_MEDIA, params, rows.media_from_row)

    def get_media_file(self, media_id: str) -> MediaFile | None:
        """Return one media file record or None."""
        return self._map_one("get_media_file", sql.SELECT_MEDIA, (media_id,), rows.media_from_row)

    # -- evaluations ----------------------------------------------------------------
    def save_evaluation(self, evaluation: Evaluation) -> Evaluation:
        """Upsert the evaluation of a session."""
        params = rows.evaluation_params(evaluation)
        self._execute("save_evaluation", sql.UPSERT_EVALUATION, params)
        return evaluation

    def get_evaluation(self, session_id: str) -> Evaluation | None:
        """Return the evaluation of a session or None."""
        return self._map_one(
            "get_evaluation", sql.SELECT_EVALUATION, (session_id,), rows.evaluation_from_row
        )

    def list_evaluations(self, candidate_id: str) -> list[Evaluation]:
        """Return the candidate's completed evaluations, oldest first (for progress)."""
        return self._map_all(
            "list_evaluations", sql.LIST_EVALUATIONS, (candidate_id,), rows.evaluation_from_row
        )

    # -- token usage ---------------------------------------------------------------------
    def record_token_usage(self, usage: TokenUsage) -> TokenUsage:
        """Store the usage of one AI call (``cost_usd`` None = price unknown)."""
        params = {
            "id": usage.id,
            "session_id": usage.session_id,
            "provider": usage.provider,
            "model": usage.model,
            "operation": usage.operation.value,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cost_usd": usage.cost_usd,
            "created_at": usage.created_at,
        }
        self._execute("record_token_usage", sql.INSERT_AI_USAGE, params)
        return usage

    def get_token_summary(self, session_id: str) -> TokenSummary:
        """Return the totals of a session; unpriced calls are counted, not costed."""
        row = self._fetch_one("get_token_summary", sql.USAGE_SUMMARY, (session_id,))
        return rows.summary_from_row(row) if row is not None else TokenSummary()

    def get_token_usage_by_operation(self, session_id: str) -> dict[Operation, TokenSummary]:
        """Return the totals of a session per operation."""
        found = self._fetch_all(
            "get_token_usage_by_operation", sql.USAGE_BY_OPERATION, (session_id,)
        )
        return {Operation(row["operation"]): rows.summary_from_row(row) for row in found}

    # -- audit ------------------------------------------------------------------------------
    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Insert audit events in one transaction (a retried batch adds no duplicates)."""
        values = [rows.audit_values(event) for event in events]
        if not values:
            return

        def work(cur: RealDictCursor) -> None:
            execute_values(cur, sql.INSERT_AUDIT_VALUES, values, page_size=500)

        self._db.run("write_audit_events", work)

    def list_audit_events(
        self, session_id: str | None = None, limit: int = 100
    ) -> list[AuditEvent]:
        """Return audit events newest first."""
        params = {"session_id": session_id, "limit": max(0, limit)}
        return self._map_all("list_audit_events", sql.LIST_AUDIT, params, rows.audit_from_row)

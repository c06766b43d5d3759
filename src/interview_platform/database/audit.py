"""PostgreSQL repository of the audit log."""

from __future__ import annotations

from collections.abc import Sequence

from psycopg2.extras import RealDictCursor, execute_values

from interview_platform.database import rows, sql
from interview_platform.database.statements import Statements
from interview_platform.models import AuditEvent


class PostgresAudit:
    """Audit rows (implements :class:`~.ports.AuditRepository`).

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        """Insert audit events in one transaction (a retried batch adds no duplicates)."""
        values = [rows.audit_values(event) for event in events]
        if not values:
            return

        def work(cur: RealDictCursor) -> None:
            execute_values(cur, sql.INSERT_AUDIT_VALUES, values, page_size=500)

        self._sql.transaction("write_audit_events", work)

    def list_audit_events(
        self, session_id: str | None = None, limit: int = 100
    ) -> list[AuditEvent]:
        """Return audit events newest first."""
        params = {"session_id": session_id, "limit": max(0, limit)}
        return self._sql.map_all("list_audit_events", sql.LIST_AUDIT, params, rows.audit_from_row)

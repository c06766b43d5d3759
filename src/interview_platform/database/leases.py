"""Turn leases in PostgreSQL: one app process at a time produces a session's reply.

A lease is a row of ``turn_leases`` (session id, holder, ``held_until``). Taking it is
one conditional upsert: it succeeds when there is no row, when the row has expired, or
when the row is already the caller's. No connection or transaction is held while the
model answers; the holder renews the lease while it works and deletes the row after
the turn. A process that dies holding a lease stops renewing it, so the lease lapses
at ``held_until`` and another process takes the turn over. Every statement is safe to
repeat (a retry after a lost acknowledgement finds the lease already the caller's).
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_platform.database.statements import Statements

__all__ = ["PostgresTurnLeases"]

TAKE_LEASE = """
INSERT INTO turn_leases (session_id, holder, held_until)
VALUES (%(session_id)s, %(holder)s, now() + make_interval(secs => %(ttl)s))
ON CONFLICT (session_id) DO UPDATE
SET holder = EXCLUDED.holder, held_until = EXCLUDED.held_until
WHERE turn_leases.held_until < now() OR turn_leases.holder = EXCLUDED.holder
RETURNING holder
"""
RENEW_LEASES = """
UPDATE turn_leases SET held_until = now() + make_interval(secs => %(ttl)s)
WHERE holder = %(holder)s AND session_id = ANY(%(session_ids)s)
"""
GIVE_BACK_LEASE = "DELETE FROM turn_leases WHERE session_id = %s AND holder = %s"
LEASE_HOLDER = """
SELECT holder FROM turn_leases WHERE session_id = %s AND held_until >= now()
"""


class PostgresTurnLeases:
    """Implements :class:`~.lease_ports.TurnLeases` over the ``turn_leases`` table.

    Args:
        statements: Runs statements on the store's pool.
    """

    def __init__(self, statements: Statements) -> None:
        self._sql = statements

    def take(self, session_id: str, holder: str, ttl_s: float) -> bool:
        """Claim the turn; True when it was free, expired or already ``holder``'s."""
        params = {"session_id": session_id, "holder": holder, "ttl": ttl_s}
        return self._sql.fetch_one("take_turn_lease", TAKE_LEASE, params) is not None

    def renew(self, session_ids: Sequence[str], holder: str, ttl_s: float) -> int:
        """Extend ``holder``'s leases on ``session_ids``; return how many it holds."""
        params = {"session_ids": list(session_ids), "holder": holder, "ttl": ttl_s}
        return self._sql.execute("renew_turn_leases", RENEW_LEASES, params)

    def give_back(self, session_id: str, holder: str) -> None:
        """Delete ``holder``'s lease on the session (a no-op when it holds none)."""
        self._sql.execute("give_back_turn_lease", GIVE_BACK_LEASE, (session_id, holder))

    def holder(self, session_id: str) -> str | None:
        """Return the holder of the session's unexpired lease, or None."""
        row = self._sql.fetch_one("turn_lease_holder", LEASE_HOLDER, (session_id,))
        return None if row is None else str(row["holder"])

"""The port of the turn lease: whose turn it is in an interview, across processes.

Kept apart from :mod:`interview_platform.database.ports` so that the interviewer
names only what it uses. The PostgreSQL adapter is
:class:`interview_platform.database.leases.PostgresTurnLeases`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["HasTurnLeases", "TurnLeases"]


class TurnLeases(Protocol):
    """Time-limited, exclusive claims on a session's turn, shared by every app process."""

    def take(self, session_id: str, holder: str, ttl_s: float) -> bool:
        """Claim the session's turn for ``holder`` for ``ttl_s`` seconds.

        True when it is free, expired, or already ``holder``'s (then extended).
        """

    def renew(self, session_ids: Sequence[str], holder: str, ttl_s: float) -> int:
        """Extend ``holder``'s claims on ``session_ids``; return how many it still held."""

    def give_back(self, session_id: str, holder: str) -> None:
        """Drop ``holder``'s claim on the session (nothing when it holds none)."""

    def holder(self, session_id: str) -> str | None:
        """Who holds the session's turn now (None: free or expired)."""


class HasTurnLeases(Protocol):
    """Holds the turn leases."""

    @property
    def turn_leases(self) -> TurnLeases:
        """Claims on each session's turn."""

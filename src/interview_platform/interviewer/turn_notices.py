"""What the candidate is told about a turn: fallbacks, and a reply not saved yet."""

from __future__ import annotations

from interview_platform.exceptions import AIProviderError
from interview_platform.interviewer.turn_types import TurnContext
from interview_platform.llm.deadline import DeadlineExceededError
from interview_platform.llm.errors import describe

__all__ = ["NOT_SAVED_YET", "already_noticed", "fallback_notice"]

NOT_SAVED_YET = (
    "Not saved yet: the database is not reachable. This reply is kept and will be saved "
    "when the database is back."
)


def already_noticed(ctx: TurnContext, notice: str) -> bool:
    """Whether an earlier turn of the conversation already showed ``notice``."""
    return any(notice in (m.metadata.get("notices") or []) for m in ctx.history)


def fallback_notice(label: str, error: AIProviderError, streamed: bool, attempts: int) -> str:
    """The notice of a turn the offline interviewer answered because ``label`` failed."""
    reason = describe(error.kind)
    if isinstance(error, DeadlineExceededError):
        reason, attempts = f"no complete reply within {error.deadline_s:g} s", 1
    if streamed:
        # The candidate already read part of it: say plainly that it was thrown away.
        return (
            f"{label}'s reply broke off ({reason}); the part already shown was discarded "
            "and this turn was answered by the offline interviewer."
        )
    if attempts > 1:
        what = f"{label} failed after {attempts} attempts ({reason})"
    else:
        what = f"{label} failed ({reason})"
    return f"{what}; this turn was answered by the offline interviewer."

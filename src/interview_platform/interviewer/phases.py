"""Time-boxed interview phases driven by the session clock.

The planned duration is split by each phase's share (config
``interview.phases``). Past the planned end the interview is in ``wrap_up``
(the last phase) and marked as overrun, so the interviewer moves to close.

Example::

    clock = PhaseClock(settings.interview.phases, planned_minutes=45)
    info = clock.phase_at(elapsed_s=700)   # PhaseInfo(name="estimation", ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interview_platform.config import PhaseSettings
from interview_platform.exceptions import ValidationError

__all__ = ["PhaseClock", "PhaseInfo"]


@dataclass(frozen=True)
class PhaseInfo:
    """Where the clock is.

    Attributes:
        name: Phase name (requirements ... wrap_up).
        index: Position of the phase, 0-based.
        started_at_s: Planned start, seconds from the session start.
        ends_at_s: Planned end, seconds from the session start.
        remaining_s: Seconds left in this phase (0 when overrun).
        overrun: The whole interview is past its planned end.
        interview_remaining_s: Seconds left in the whole interview (0 when overrun).
    """

    name: str
    index: int
    started_at_s: float
    ends_at_s: float
    remaining_s: float
    overrun: bool = False
    interview_remaining_s: float = 0.0


class PhaseClock:
    """Maps elapsed seconds to the current phase.

    Args:
        phases: Phases in order with their share of the time (shares add up to 1).
        planned_minutes: Planned length of the interview.

    Raises:
        ValidationError: No phases, or a non-positive duration.
    """

    def __init__(self, phases: Sequence[PhaseSettings], planned_minutes: int) -> None:
        if not phases:
            raise ValidationError("An interview needs at least one phase.")
        if planned_minutes <= 0:
            raise ValidationError("The planned interview length must be a positive number.")
        self._total_s = planned_minutes * 60.0
        total_share = sum(p.share for p in phases)
        self._bounds: list[tuple[str, float, float]] = []
        start = 0.0
        for phase in phases:
            end = start + self._total_s * phase.share / total_share
            self._bounds.append((phase.name, start, end))
            start = end

    @property
    def total_s(self) -> float:
        """Planned length in seconds."""
        return self._total_s

    def _info(self, index: int, elapsed_s: float) -> PhaseInfo:
        name, start, end = self._bounds[index]
        end = self._total_s if index == len(self._bounds) - 1 else end
        return PhaseInfo(
            name=name,
            index=index,
            started_at_s=start,
            ends_at_s=end,
            remaining_s=max(0.0, end - elapsed_s),
            overrun=elapsed_s >= self._total_s,
            interview_remaining_s=max(0.0, self._total_s - elapsed_s),
        )

    def phase_at(self, elapsed_s: float) -> PhaseInfo:
        """Return the phase at ``elapsed_s`` seconds since the start (negative counts as 0)."""
        elapsed_s = max(0.0, elapsed_s)
        for index, (_, _, end) in enumerate(self._bounds[:-1]):
            if elapsed_s < end:
                return self._info(index, elapsed_s)
        return self._info(len(self._bounds) - 1, elapsed_s)

    def schedule(self) -> list[PhaseInfo]:
        """Every phase with its planned start and end (as seen from the start)."""
        return [self._info(i, start) for i, (_, start, _) in enumerate(self._bounds)]

    def index_of(self, name: str) -> int:
        """Position of a phase by name, or -1 when unknown."""
        return next((i for i, (n, _, _) in enumerate(self._bounds) if n == name), -1)

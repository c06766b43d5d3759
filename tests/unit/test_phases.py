"""The phase clock: time boxes from the settings, wrap-up after the planned end."""

from __future__ import annotations

import pytest

from interview_platform.config import InterviewSettings, PhaseSettings
from interview_platform.exceptions import ValidationError
from interview_platform.interviewer.phases import PhaseClock

PHASES = InterviewSettings().phases  # 15/10/15/25/25/10 % of the planned time


def test_schedule_splits_the_planned_time_by_share() -> None:
    schedule = PhaseClock(PHASES, 60).schedule()
    assert [p.name for p in schedule] == [
        "requirements",
        "estimation",
        "api_and_data_model",
        "high_level_design",
        "deep_dive",
        "wrap_up",
    ]
    assert [round(p.ends_at_s - p.started_at_s) for p in schedule] == [540, 360, 540, 900, 900, 360]
    assert schedule[-1].ends_at_s == pytest.approx(3600)


@pytest.mark.parametrize(
    ("elapsed_s", "name", "remaining_s"),
    [
        (0, "requirements", 405),
        (404, "requirements", 1),
        (405, "estimation", 270),
        (2500, "wrap_up", 200),
    ],
)
def test_phase_at_gives_the_phase_and_time_left(
    elapsed_s: float, name: str, remaining_s: float
) -> None:
    info = PhaseClock(PHASES, 45).phase_at(elapsed_s)
    assert info.name == name
    assert info.remaining_s == pytest.approx(remaining_s)
    assert not info.overrun


def test_past_the_planned_end_is_an_overrun_wrap_up() -> None:
    info = PhaseClock(PHASES, 45).phase_at(45 * 60 + 30)
    assert (info.name, info.overrun, info.remaining_s, info.interview_remaining_s) == (
        "wrap_up",
        True,
        0.0,
        0.0,
    )


def test_shares_need_not_be_normalised_and_negative_time_is_the_start() -> None:
    clock = PhaseClock([PhaseSettings(name="a", share=0.5), PhaseSettings(name="b", share=0.5)], 10)
    assert clock.phase_at(-5).name == "a"
    assert clock.phase_at(301).name == "b"
    assert clock.index_of("b") == 1 and clock.index_of("zzz") == -1


def test_invalid_clocks_are_refused() -> None:
    with pytest.raises(ValidationError):
        PhaseClock([], 45)
    with pytest.raises(ValidationError):
        PhaseClock(PHASES, 0)

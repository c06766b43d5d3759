"""Checks of a candidate's estimates: stated arithmetic, daily vs per-second, references.

Arithmetic is checked wherever it is stated ("A times B is C", a daily figure beside a
rate). A number is compared with the problem's reference figures only when it is given
as an estimate (in the requirements or estimation phase, or next to the word
"estimate"), only against figures whose cues the claim names and whose unit it shares,
and never when it is so far off that it must be about something else.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_platform.analysis.claim_numbers import Quantity, ratio, stated_arithmetic
from interview_platform.analysis.claim_refs import ClaimRef, FigureIssue
from interview_platform.problems.knowledge_model import Figure

__all__ = ["ESTIMATING_PHASES", "SECONDS_PER_DAY", "check_estimates"]

SECONDS_PER_DAY = 86_400
# A rate may sit above the daily average (a peak factor) but not far below it.
_RATE_BELOW = 3.0
_RATE_ABOVE = 10.0
_ARITHMETIC_TOLERANCE = 3.0
# Beyond this the number is about something else (a per-client rate, a count of rules):
# a reference check would only invent an error.
_UNRELATED_RATIO = 10_000.0
ESTIMATING_PHASES = frozenset({"requirements", "estimation"})
_ESTIMATE_WORDS = ("estimate", "estimates", "estimation", "back of the envelope", "capacity")


def check_estimates(
    issues: list[FigureIssue],
    ok: list[tuple[Figure, ClaimRef]],
    ref: ClaimRef,
    *,
    figures: Sequence[Figure],
    given: set[float],
    estimating: bool,
) -> None:
    """Arithmetic anywhere; the reference figures only for numbers given as estimates."""
    found = [q for q in ref.info.quantities if round(q.value, 3) not in given]
    if _check_consistency(issues, found, ref):
        return  # the arithmetic is wrong: that is the finding, not the reference gap
    if not (estimating or ref.info.index.matches(_ESTIMATE_WORDS)):
        return
    for figure in figures:
        if figure.unit == "count" or not ref.info.index.matches(figure.cues):
            continue  # a bare count is too ambiguous to compare with a reference
        same_unit = [q for q in found if q.unit == figure.unit]
        if not same_unit:
            continue
        # Any number of the claim near the reference (whatever unit it was read with) is fine.
        closest = min(found, key=lambda q: ratio(q.value, figure.value))
        if ratio(closest.value, figure.value) >= _UNRELATED_RATIO:
            continue
        if ratio(closest.value, figure.value) >= figure.tolerance:
            issue = FigureIssue(
                "off_reference", ref, closest.value, figure.value, figure, figure.unit
            )
            issues.append(issue)
        else:
            ok.append((figure, ref))


def _check_consistency(issues: list[FigureIssue], found: Sequence[Quantity], ref: ClaimRef) -> bool:
    """Wrong stated arithmetic, or a rate that does not follow from the daily figure.

    Returns:
        True when an inconsistency was recorded.
    """
    for computed, stated in stated_arithmetic(ref.info.text):
        if ratio(computed, stated.value) >= _ARITHMETIC_TOLERANCE:
            issue = FigureIssue("arithmetic", ref, stated.value, computed, unit=stated.unit)
            issues.append(issue)
            return True
    daily = [q.value for q in found if q.unit == "per_day"]
    rates = [q.value for q in found if q.unit == "per_second"]
    if not daily or not rates:
        return False

    def fits(rate: float, day: float) -> bool:
        expected = day / SECONDS_PER_DAY
        return expected / _RATE_BELOW <= rate <= expected * _RATE_ABOVE

    # Several daily figures ("20 sessions a day, 20 billion a day"): any matching pair will do.
    if not any(fits(rate, day) for rate in rates for day in daily):
        expected = max(daily) / SECONDS_PER_DAY
        issue = FigureIssue("inconsistent", ref, rates[0], expected, unit="per_second")
        issues.append(issue)
        return True
    return False

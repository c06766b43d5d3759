"""The rubric's titles of the scored competencies, for every page that names one.

Reports store competency ids (``deep_dive_scalability``); people read the rubric's
titles ("Deep dive and scalability"). The packaged rubric is read once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from interview_platform.evaluation.rubric import load_rubric


@cache
def _titles() -> dict[str, str]:
    return {c.id: c.name for c in load_rubric().competencies}


def competency_title(competency_id: str) -> str:
    """The rubric's title of a competency; an id the rubric lacks is made readable.

    Args:
        competency_id: The id stored in a report (for example ``"tradeoffs"``).

    Returns:
        The title, for example ``"Trade-offs"``; for an unknown id (a report of an
        older rubric) the id with spaces for underscores, capitalised.
    """
    known = _titles().get(competency_id)
    return known if known else competency_id.replace("_", " ").strip().capitalize()


def competency_titles(ids: Iterable[str]) -> dict[str, str]:
    """Titles of ``ids``, the rubric's competencies first in rubric order, then the rest.

    Args:
        ids: Competency ids, in any order, possibly repeated.

    Returns:
        Each id once, mapped to its title.
    """
    wanted = dict.fromkeys(ids)
    ordered = [cid for cid in _titles() if cid in wanted]
    ordered += [cid for cid in wanted if cid not in _titles()]
    return {cid: competency_title(cid) for cid in ordered}

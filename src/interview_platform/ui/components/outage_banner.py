"""One clear banner while the database is unreachable, and panels that survive it.

The banner is drawn at the top of every page by the app's frame when the health check
fails; a small fragment then polls the database and redraws the whole page when it is
back, so the answers kept meanwhile are sent (see :mod:`.pending_answers`). Panels
wrapped in :func:`survives_outage` show a quiet line instead of an exception box.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.exceptions import TransientDataStoreError

__all__ = ["OUTAGE", "database_banner", "outage_known", "report_outage", "survives_outage"]

P = ParamSpec("P")

OUTAGE = "The database is not reachable — what you type is kept and will be sent when it is back."
WAITING = "⏸️ Waiting for the database…"
_KNOWN = "_db_outage_known"  # this browser's last full page run found the database down
_REPORTED = "_db_outage_reported_at"
_SPACING_S = 3.0
POLL_S = 2.0


def outage_known() -> bool:
    """Whether the page on screen already shows the outage banner."""
    return bool(st.session_state.get(_KNOWN, False))


def database_banner(app: Platform) -> bool:
    """Draw the outage banner when the database does not answer; return its health.

    Call once per full page run, before the page. The banner's slot is there in both
    states, so the page below keeps its place (and a half-typed answer its box).
    """
    slot = st.container()
    healthy = app.views.database_ok()
    st.session_state[_KNOWN] = not healthy
    if not healthy:
        slot.error(OUTAGE, icon="🔌")
        with st.sidebar:
            _watch(app)
    return healthy


@st.fragment(run_every=POLL_S)
def _watch(app: Platform) -> None:
    """While the banner is up: redraw the page as soon as the database answers again."""
    if app.views.database_ok():
        st.session_state[_KNOWN] = False
        st.rerun(scope="app")


def report_outage() -> None:
    """A panel found the database down: redraw the page (banner, sidebar) unless it shows.

    A full run draws the banner first, so this does not loop; should the health check
    pass while other queries fail, the redraws are still spaced out.
    """
    now = time.monotonic()
    if outage_known() or now - st.session_state.get(_REPORTED, -_SPACING_S) < _SPACING_S:
        return
    st.session_state[_KNOWN] = True
    st.session_state[_REPORTED] = now
    st.rerun(scope="app")


def survives_outage(panel: Callable[P, None]) -> Callable[P, None]:
    """Draw ``panel``, or a quiet waiting line when the database is unreachable.

    Put it under ``@st.fragment`` so each timed refresh of the panel is guarded.
    """

    @functools.wraps(panel)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            panel(*args, **kwargs)
        except TransientDataStoreError:
            st.caption(WAITING)
            report_outage()

    return guarded

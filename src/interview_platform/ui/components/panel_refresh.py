"""Panels refresh when their data changes, never on a clock.

An idle interview tab asks the server nothing: the clock counts in the browser and no
panel reruns itself on a timer. What changes the transcript, the clock's phase and the
cost meter is a stored turn. A turn stored in a full page run is seen by the panels
drawn after it in the same run (the chat comes before the transcript and the bar);
a turn stored in a panel's own (fragment) run redraws the page once, with
:func:`turn_stored`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

__all__ = ["in_fragment_run", "turn_stored"]


def in_fragment_run() -> bool:
    """Whether this script run redraws only fragments (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def turn_stored() -> None:
    """A turn was stored: redraw the page once, unless this run is already the page's.

    Call it after the turn's reply is shown and stored (a rerun ends the current run:
    anything drawn after the call is not shown). The half-typed answer and the canvas
    keep their state across the redraw: their widgets keep their keys.
    """
    if in_fragment_run():
        st.rerun(scope="app")

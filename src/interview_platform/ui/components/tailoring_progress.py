"""Setup's progress while a job writes the problem from the resume, then the start.

The job's session id is kept in this tab's ``st.session_state`` until the interview
starts; a 2 s fragment follows the job and reruns the page once it is over.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.application.start import StartResult
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.ui.user_text import escape_markdown

TAILORING_KEY: Final = "setup_tailoring"  # the session whose problem a job is writing
_STEPS = {
    "queued": (0.15, "⏳ Your problem is queued; writing starts in a moment…"),
    "evaluating": (0.55, "✍️ Writing a problem from your experience…"),
}


def remember(session_id: str) -> None:
    """Follow the job writing this session's problem (until the interview starts)."""
    st.session_state[TAILORING_KEY] = session_id


def waiting() -> str | None:
    """The session whose problem this tab is waiting for, if any."""
    value = st.session_state.get(TAILORING_KEY)
    return value if isinstance(value, str) else None


@st.fragment(run_every=2)
def _follow(app: Platform, session_id: str) -> None:
    progress = app.start.tailoring_progress(session_id)
    if progress is None or not progress.in_progress:
        st.rerun()  # once: the problem is written (or the bank's is used)
        return
    share, text = _STEPS[progress.state]
    st.progress(share, text=text)
    if progress.attempt > 1 and progress.last_error:
        st.caption(
            f"Try {progress.attempt} of {progress.max_attempts}; the previous one failed: "
            f"{escape_markdown(progress.last_error)}"
        )


def tailoring_step(app: Platform, session_id: str) -> StartResult | None:
    """Show the job's progress; once it is over start the interview and return it.

    Returns:
        The started interview, or None while the problem is still being written (or
        when starting failed: the error is shown and this tab stops waiting).
    """
    try:
        progress = app.start.tailoring_progress(session_id)
        if progress is not None and progress.in_progress:
            _follow(app, session_id)
            return None
        result = app.start.begin(session_id)
    except InterviewPlatformError as exc:
        st.session_state.pop(TAILORING_KEY, None)
        st.error(escape_markdown(exc))
        return None
    st.session_state.pop(TAILORING_KEY, None)
    return result

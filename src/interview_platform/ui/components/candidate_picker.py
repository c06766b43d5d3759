"""Pick an existing candidate profile or create one."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.exceptions import ValidationError
from interview_platform.models import Candidate
from interview_platform.session.setup_checks import MAX_EMAIL_CHARS, MAX_NAME_CHARS
from interview_platform.ui.browser_state import browser, choose_candidate, current_candidate_id
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import set_widget

_NEW = "➕ New candidate…"
_SELECT = "candidate_select"


def _create_form(app: Platform) -> None:
    with st.form("new_candidate", clear_on_submit=True):
        # The same limits as the profile itself: the box counts up to them, nothing is cut.
        name = st.text_input("Full name", max_chars=MAX_NAME_CHARS)
        email = st.text_input("Email (optional)", max_chars=MAX_EMAIL_CHARS)
        if st.form_submit_button("Create profile", type="primary"):
            try:
                candidate = app.candidates.create(name, email)
            except ValidationError as exc:
                st.error(escape_markdown(exc))
                return
            choose_candidate(candidate.id)
            # The selectbox already exists in this run; select the new profile on the next.
            browser().select_candidate = candidate.id
            st.rerun()


def _picked() -> None:
    # A callback runs before the page script, and so before the sidebar is drawn: the
    # sidebar of this very run names the profile just picked, not the previous one.
    chosen = st.session_state.get(_SELECT)
    if isinstance(chosen, str) and chosen != _NEW:
        choose_candidate(chosen)


def _sync_choice(known: set[str]) -> bool:
    """Make the selectbox show the browser's candidate before it is drawn.

    Returns:
        Whether its value was set in this run (Streamlit then sends that value along).
    """
    state = browser()
    pending, state.select_candidate = state.select_candidate, None
    shown = st.session_state.get(_SELECT)
    current = state.candidate_id if state.candidate_id in known else None
    if pending in known:
        set_widget(_SELECT, pending)
    elif shown != _NEW and shown not in known:
        set_widget(_SELECT, current or _NEW)
    elif shown != _NEW and current and shown != current:
        # Chosen elsewhere (a history link, the URL): the browser's choice wins.
        set_widget(_SELECT, current)
    else:
        return False
    return True


def _default_index(options: list[str], written: bool) -> int:
    """The option the browser shows when Streamlit sends no value with the selectbox.

    Streamlit sends the value only in the run that set it; a rerun that interrupted
    that run before the browser drew the picker leaves the browser the ``index`` alone,
    and it then shows and reports that option (by default the first profile). So the
    index is the value kept. It stays 0 in a run that sets the value: Streamlit sends
    that value, and warns of a default given beside a value set through session state.
    """
    shown = st.session_state.get(_SELECT, _NEW)
    if written or shown not in options:
        return 0
    return options.index(shown)


def candidate_picker(app: Platform) -> Candidate | None:
    """Show the candidate selector; return the chosen candidate, if any."""
    candidates = {c.id: c for c in app.views.candidates()}
    labels = {cid: f"{c.name} <{c.email}>" if c.email else c.name for cid, c in candidates.items()}
    labels[_NEW] = _NEW
    written = _sync_choice(set(candidates))
    options = list(labels)
    choice = st.selectbox(
        "Candidate profile",
        options,
        index=_default_index(options, written),
        format_func=labels.__getitem__,
        key=_SELECT,
        on_change=_picked,
    )
    if choice == _NEW:
        _create_form(app)
        return None
    candidate = candidates[choice]
    if current_candidate_id() != candidate.id or "candidate" not in st.query_params:
        choose_candidate(candidate.id)
    return candidate

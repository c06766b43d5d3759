"""Pick an existing candidate profile or create one."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.exceptions import ValidationError
from interview_platform.models import Candidate
from interview_platform.ui.browser_state import browser, choose_candidate, current_candidate_id
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import set_widget

_NEW = "➕ New candidate…"
_SELECT = "candidate_select"


def _create_form(app: Platform) -> None:
    with st.form("new_candidate", clear_on_submit=True):
        name = st.text_input("Full name", max_chars=120)
        email = st.text_input("Email (optional)", max_chars=200)
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


def candidate_picker(app: Platform) -> Candidate | None:
    """Show the candidate selector; return the chosen candidate, if any."""
    candidates = app.views.candidates()
    by_label = {f"{c.name} <{c.email}>" if c.email else c.name: c for c in candidates}
    labels = [*by_label, _NEW]
    state = browser()
    pending, state.select_candidate = state.select_candidate, None
    if pending:
        label = next((lbl for lbl, c in by_label.items() if c.id == pending), None)
        if label:
            set_widget(_SELECT, label)
    current = state.candidate_id
    index = next((i for i, c in enumerate(by_label.values()) if c.id == current), len(labels) - 1)
    choice = st.selectbox("Candidate profile", labels, index=index, key=_SELECT)
    if choice == _NEW:
        _create_form(app)
        return None
    candidate = by_label[choice]
    if current_candidate_id() != candidate.id or "candidate" not in st.query_params:
        choose_candidate(candidate.id)
    return candidate

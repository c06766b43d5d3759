"""Pick an existing candidate profile or create one."""

from __future__ import annotations

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.models import Candidate
from interview_platform.ui.runtime import (
    CANDIDATE_KEY,
    choose_candidate,
    current_candidate_id,
    user_action,
)

_NEW = "➕ New candidate…"


def _create_form(app: App) -> None:
    with st.form("new_candidate", clear_on_submit=True):
        name = st.text_input("Full name", max_chars=120)
        email = st.text_input("Email (optional)", max_chars=200)
        if st.form_submit_button("Create profile", type="primary"):
            if not name.strip():
                st.error("Please enter a name.")
                return
            candidate = app.store.create_candidate(
                Candidate(name=name.strip(), email=email.strip())
            )
            choose_candidate(candidate.id)
            user_action("candidate.create", "candidate profile created", candidate=candidate.id)
            # The selectbox already exists in this run; select the new profile on the next.
            st.session_state["_select_candidate"] = candidate.id
            st.rerun()


def candidate_picker(app: App) -> Candidate | None:
    """Show the candidate selector; return the chosen candidate, if any."""
    candidates = app.store.list_candidates()
    by_label = {f"{c.name} <{c.email}>" if c.email else c.name: c for c in candidates}
    labels = [*by_label, _NEW]
    pending = st.session_state.pop("_select_candidate", None)
    if pending:
        label = next((lbl for lbl, c in by_label.items() if c.id == pending), None)
        if label:
            st.session_state["candidate_select"] = label
    current = st.session_state.get(CANDIDATE_KEY)
    index = next((i for i, c in enumerate(by_label.values()) if c.id == current), len(labels) - 1)
    choice = st.selectbox("Candidate profile", labels, index=index, key="candidate_select")
    if choice == _NEW:
        _create_form(app)
        return None
    candidate = by_label[choice]
    if current_candidate_id() != candidate.id or "candidate" not in st.query_params:
        choose_candidate(candidate.id)
    return candidate

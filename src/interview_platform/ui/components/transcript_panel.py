"""Transcript panel (right, 25%): every turn of every mode, searchable, exportable."""

from __future__ import annotations

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.communication import transcript

_SHOWN = 100


@st.fragment(run_every=2)
def transcript_panel(app: App, session_id: str) -> None:
    """Draw the transcript; refreshes itself every 2 s."""
    query = st.text_input("Search", key="transcript_search", placeholder="Search the transcript")
    messages = app.store.get_messages(session_id)
    found = transcript.search(messages, query)
    with st.container(height=430, key="transcript_box"):
        if not found:
            st.caption("Nothing yet." if not query else "No turn matches your search.")
        for m in found[-_SHOWN:]:
            stamp = m.created_at.strftime("%H:%M:%S")
            st.markdown(f"**{transcript.speaker(m)}** · `{stamp}` · {m.mode.value}")
            st.text(m.content)
    c1, c2, c3 = st.columns(3)
    c1.download_button("TXT", transcript.to_text(messages), f"{session_id}.txt", "text/plain")
    c2.download_button("MD", transcript.to_markdown(messages), f"{session_id}.md", "text/markdown")
    c3.download_button(
        "JSON", transcript.to_json(messages), f"{session_id}.json", "application/json"
    )

"""Transcript panel (right, 25%): every turn of every mode, searchable, exportable."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from interview_platform.application.facade import Platform
from interview_platform.communication import transcript
from interview_platform.models import Message
from interview_platform.ui.components.outage_banner import survives_outage

RECENT = 20  # turns drawn by default; the page must not slow down as the interview grows


def _exporter(
    app: Platform, session_id: str, render: Callable[[list[Message]], str]
) -> Callable[[], str]:
    # Built only when the candidate clicks, so long interviews cost nothing per rerun.
    return lambda: render(app.views.messages(session_id))


def _exports(app: Platform, session_id: str) -> None:
    c1, c2, c3 = st.columns(3)
    for col, label, render, ext, mime in (
        (c1, "TXT", transcript.to_text, "txt", "text/plain"),
        (c2, "MD", transcript.to_markdown, "md", "text/markdown"),
        (c3, "JSON", transcript.to_json, "json", "application/json"),
    ):
        col.download_button(
            label,
            _exporter(app, session_id, render),
            f"transcript-{session_id}.{ext}",
            mime,
            on_click="ignore",
            key=f"export_{ext}",
        )


@st.fragment
@survives_outage
def transcript_panel(app: Platform, session_id: str) -> None:
    """Draw the transcript; searching reruns only this panel.

    It is drawn again with the page after each stored turn (see ``panel_refresh``),
    never on a timer: an idle tab costs nothing.
    """
    query = st.text_input("Search", key="transcript_search", placeholder="Search the transcript")
    show_all = st.toggle("Show every turn", key="transcript_all")
    if query.strip() or show_all:
        shown = transcript.search(app.views.messages(session_id), query)
    else:
        shown = app.views.messages(session_id, limit=RECENT)
    with st.container(height=430, key="transcript_box", autoscroll=True):
        if not shown:
            st.caption("Nothing yet." if not query else "No turn matches your search.")
        for m in shown:
            stamp = m.created_at.strftime("%H:%M:%S")
            st.markdown(f"**{transcript.speaker(m)}** · `{stamp}` · {m.mode.value}")
            st.text(m.content)
    _exports(app, session_id)

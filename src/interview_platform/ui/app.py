"""Streamlit entry point: ``streamlit run src/interview_platform/ui/app.py``.

Declares the four pages with ``st.navigation`` and draws the sidebar (database
health and the chosen candidate). Pages live in ``app_pages/``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from interview_platform.ui.runtime import current_candidate_id, freeze_heap, get_app

_PAGES_DIR = Path(__file__).parent / "app_pages"


def _pages() -> list[st.Page]:
    return [
        st.Page(_PAGES_DIR / "setup.py", title="Setup", icon="🧭", url_path="setup", default=True),
        st.Page(_PAGES_DIR / "interview.py", title="Interview", icon="🎙️", url_path="interview"),
        st.Page(_PAGES_DIR / "evaluation.py", title="Evaluation", icon="📊", url_path="evaluation"),
        st.Page(_PAGES_DIR / "history.py", title="History", icon="🗂️", url_path="history"),
    ]


def _sidebar() -> None:
    app = get_app()
    with st.sidebar:
        healthy = app.store.health_check()
        if healthy:
            st.success("Database: connected", icon="✅")
        else:
            st.error("Database: not reachable — your work is kept; retry shortly.", icon="⚠️")
        candidate_id = current_candidate_id()
        candidate = app.store.get_candidate(candidate_id) if candidate_id and healthy else None
        st.caption(f"Candidate: **{candidate.name}**" if candidate else "No candidate chosen")


def main() -> None:
    """Configure the page, draw the sidebar and run the selected page."""
    st.set_page_config(page_title="System Design Interview", page_icon="🧩", layout="wide")
    page = st.navigation(_pages())
    _sidebar()
    page.run()
    freeze_heap()


main()

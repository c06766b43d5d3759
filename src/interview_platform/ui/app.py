"""Streamlit entry point: ``streamlit run src/interview_platform/ui/app.py``.

Declares the four pages with ``st.navigation`` (see :mod:`.page_registry`) and draws
the sidebar (database health and the chosen candidate). Pages live in ``app_pages/``.
"""

from __future__ import annotations

import streamlit as st

from interview_platform.principal import Principal
from interview_platform.ui.browser_state import current_candidate_id
from interview_platform.ui.components.outage_banner import database_banner, survives_outage
from interview_platform.ui.components.reconnect import rerun_after_reconnect
from interview_platform.ui.heap_freeze import freeze_heap
from interview_platform.ui.page_registry import keep_candidate_in_url, navigation_pages
from interview_platform.ui.runtime import auth_settings, get_app
from interview_platform.ui.sign_in import require_principal, sign_out_button
from interview_platform.ui.user_text import escape_markdown


def _sidebar(principal: Principal) -> None:
    app = get_app()
    # Checked now, not cached: the banner and the status below say what is true this run.
    healthy = database_banner(app)
    with st.sidebar:
        sign_out_button(principal)
        if healthy:
            st.success("Database: connected", icon="✅")
        else:
            st.error("Database: not reachable — what you type is kept.", icon="⚠️")
        candidate_id = current_candidate_id()
        candidate = app.views.candidate(candidate_id) if candidate_id and healthy else None
        name = escape_markdown(candidate.name) if candidate else ""
        st.caption(f"Candidate: **{name}**" if candidate else "No candidate chosen")


def main() -> None:
    """Configure the page, draw the sidebar and run the selected page."""
    st.set_page_config(page_title="System Design Interview", page_icon="🧩", layout="wide")
    principal = require_principal()
    admin = principal.is_admin and auth_settings().mode == "accounts"
    page = st.navigation(navigation_pages(admin=admin))
    keep_candidate_in_url()
    rerun_after_reconnect()
    _sidebar(principal)
    survives_outage(page.run)()
    freeze_heap()


main()

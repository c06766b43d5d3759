"""The four pages, by name: built once per run by ``app.py``, looked up by the pages.

A page is named by :class:`PageName` wherever the UI links or switches to it, so a
moved or renamed page script is changed here only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from interview_platform.ui.browser_state import browser

_PAGES_DIR = Path(__file__).parent / "app_pages"


class PageName(StrEnum):
    """The pages of the app (the value is the page's URL path)."""

    SETUP = "setup"
    INTERVIEW = "interview"
    EVALUATION = "evaluation"
    HISTORY = "history"
    ACCOUNTS = "accounts"


@dataclass(frozen=True)
class _Spec:
    script: str
    title: str
    icon: str
    default: bool = False


_SPECS = {
    PageName.SETUP: _Spec("setup.py", "Setup", "🧭", default=True),
    PageName.INTERVIEW: _Spec("interview.py", "Interview", "🎙️"),
    PageName.EVALUATION: _Spec("evaluation.py", "Evaluation", "📊"),
    PageName.HISTORY: _Spec("history.py", "History", "🗂️"),
    PageName.ACCOUNTS: _Spec("accounts.py", "Accounts", "👥"),
}
_ADMIN_ONLY = {PageName.ACCOUNTS}
# Every run builds equal pages (a page is its script and URL path), so whichever run
# wrote last, a lookup finds the right one.
_BUILT: dict[PageName, StreamlitPage] = {}


def navigation_pages(admin: bool = False) -> list[StreamlitPage]:
    """Build the pages for ``st.navigation`` (in menu order) and register them.

    Args:
        admin: Whether the administrators' pages are offered (account management).
    """
    built = {
        name: st.Page(
            _PAGES_DIR / spec.script,
            title=spec.title,
            icon=spec.icon,
            url_path=name.value,
            default=spec.default,
        )
        for name, spec in _SPECS.items()
        if admin or name not in _ADMIN_ONLY
    }
    _BUILT.update(built)
    return list(built.values())


def page(name: PageName) -> StreamlitPage:
    """The page called ``name``, for ``st.switch_page`` and ``st.page_link``.

    Raises:
        KeyError: The navigation has not been built yet (``app.py`` builds it first).
    """
    return _BUILT[name]


def keep_candidate_in_url() -> None:
    """Put the tab's candidate back into the URL when a sidebar link left it out.

    Streamlit's sidebar navigation drops the query string, so without this a refresh
    after following a sidebar link would forget the candidate the tab had chosen.
    """
    candidate_id = browser().candidate_id
    if candidate_id and st.query_params.get("candidate") != candidate_id:
        st.query_params["candidate"] = candidate_id

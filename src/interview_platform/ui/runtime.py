"""The UI's process-wide parts: the cached application, and moving between pages.

The :class:`~interview_platform.app_factory.App` is built once per process
(``st.cache_resource``) and shared by every browser session; pages get its
:class:`~interview_platform.application.facade.Platform` (use cases and read models,
no data store). Per-browser choices live in
:mod:`~interview_platform.ui.browser_state`, per-interview tab state in
:mod:`~interview_platform.ui.tab_state`; the interview itself lives in PostgreSQL,
so a refresh loses nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from interview_platform.app_factory import App, create_app
from interview_platform.application.accounts import AccountService
from interview_platform.application.facade import Platform
from interview_platform.config import load_settings
from interview_platform.config_auth import AuthSettings
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.ui.browser_state import ProviderChoice, current_candidate_id
from interview_platform.ui.page_registry import PageName, page
from interview_platform.ui.user_text import escape_markdown

__all__ = ["ProviderChoice", "account_service", "auth_settings", "get_app", "go"]

PRINCIPAL_KEY = "_ip_principal"  # the signed-in account (set by ui/sign_in.py)


def _release(app: App) -> None:
    """Stop the decoders, flush the logs and close the pool of an App the cache let go."""
    app.close()


# on_release runs when the cache drops the App (cleared, or replaced after a code
# change); Streamlit does not promise it at shutdown, which App.close() does not need.
@st.cache_resource(show_spinner="Starting the interview platform…", on_release=_release)
def _build_app(config_path: str) -> App:
    settings = load_settings(config_path, env_file=".env")
    return create_app(settings)


def get_app() -> Platform:
    """Return the application facade of the signed-in account, or stop with a clear error.

    The sign-in gate (``ui/sign_in.py``) runs before every page; a run that has no
    signed-in account (it cannot happen through the pages) is stopped.
    """
    principal = st.session_state.get(PRINCIPAL_KEY)
    if principal is None:
        st.stop()
    return _app().platform_for(principal)


def account_service() -> AccountService:
    """Sign-up, sign-in and sign-out (usable before anyone is signed in)."""
    return _app().accounts


def auth_settings() -> AuthSettings:
    """The sign-in settings (mode, sign-up, expiry)."""
    return _app().settings.auth


def prepare() -> None:
    """Build the process's App now, before any page run (``python -m ... serve`` does).

    Raises:
        InterviewPlatformError: It could not be built (a page run will say why).
    """
    _build_app(_config_path())


def _config_path() -> str:
    return str(Path(os.environ.get("IP_CONFIG_FILE", "config.yaml")))


def _app() -> App:
    try:
        return _build_app(_config_path())
    except InterviewPlatformError as exc:
        st.error(f"The platform could not start: {escape_markdown(exc)}")
        st.info(
            "Check that PostgreSQL is running and DATABASE_URL is right "
            "(./startup.sh starts a local database for you), then reload the page."
        )
        st.stop()
        raise  # unreachable: st.stop() raises


def go(name: PageName, session_id: str | None = None) -> None:
    """Switch page, keeping the candidate (and the session, if given) in the URL."""
    params: dict[str, str] = {}
    candidate_id = current_candidate_id()
    if candidate_id:
        params["candidate"] = candidate_id
    if session_id:
        params["session"] = session_id
    st.switch_page(page(name), query_params=params)

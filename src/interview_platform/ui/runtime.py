"""Per-process and per-browser state of the UI.

The :class:`~interview_platform.app_factory.App` is built once per process
(``st.cache_resource``) and shared by every browser session; per-browser
choices (candidate, provider, API key) live in ``st.session_state``; the
interview itself lives in PostgreSQL, so a refresh loses nothing.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import SecretStr

from interview_platform.app_factory import App, create_app
from interview_platform.config import load_settings
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import Session
from interview_platform.observability.context import session_context
from interview_platform.observability.logging_manager import audit, get_logger

CANDIDATE_KEY = "candidate_id"
SESSION_KEY = "session_id"
PROVIDER_KEY = "provider_choice"


@dataclass
class ProviderChoice:
    """The provider picked on the setup page; the key never leaves the browser session."""

    provider: str = "offline"
    model: str = "rubric-interviewer"
    base_url: str | None = None
    api_key: str = field(default="", repr=False)  # never shown in a repr or traceback

    def credentials(self) -> ProviderCredentials:
        """Return credentials for the AI layer (key wrapped as a secret)."""
        key = SecretStr(self.api_key) if self.api_key else None
        return ProviderCredentials(
            provider=self.provider, model=self.model, api_key=key, base_url=self.base_url
        )


@st.cache_resource(show_spinner="Starting the interview platform…")
def _build_app(config_path: str) -> App:
    settings = load_settings(config_path, env_file=".env")
    return create_app(settings)


_HEAP = {"frozen": False}
_SETTLING: dict[str, float] = {}  # WebRTC component key -> until when it may be settling
_HEAP_LOCK = threading.Lock()
SETUP_LIMIT_S = 60.0  # a set-up not done by then has failed: stop waiting for it
PLAYING_GRACE_S = 2.0


def webrtc_settling(key: str) -> None:
    """A WebRTC connection is being set up: let the garbage collector see everything.

    Set-ups failed (the browser retried every ~10 s and no audio arrived) whenever the
    heap was frozen or Streamlit's after-run collection was off; with full collections
    they succeed. Reason not found; the freeze waits until every set-up is done.
    """
    with _HEAP_LOCK:
        _SETTLING.setdefault(key, time.monotonic() + SETUP_LIMIT_S)
        if _HEAP["frozen"]:
            _HEAP["frozen"] = False
            gc.unfreeze()


def webrtc_settled(key: str, grace_s: float = PLAYING_GRACE_S) -> None:
    """The connection of ``key`` is up, or its component is gone.

    It stops holding the freeze after ``grace_s``.
    """
    with _HEAP_LOCK:
        if key in _SETTLING:
            _SETTLING[key] = min(_SETTLING[key], time.monotonic() + grace_s)


def freeze_heap() -> None:
    """Freeze the heap unless a WebRTC connection is being set up (called after each run).

    Streamlit runs a full ``gc.collect(2)`` after every script and fragment run. Over
    the ~400,000 objects of a process that has loaded LangChain, the SDKs, PyAV and
    aiortc that takes ~0.2 s, and with hands-free listening polling four times a
    second it held the GIL most of the time: microphone frames reached the server up
    to 4 s late (py-spy, bench/browser_transcript_bench.py). Frozen objects are
    skipped, so a collection only walks what was made since.
    """
    now = time.monotonic()
    with _HEAP_LOCK:
        for key in [k for k, until in _SETTLING.items() if until <= now]:
            del _SETTLING[key]
        if not _HEAP["frozen"] and not _SETTLING:
            _HEAP["frozen"] = True
            gc.freeze()


def get_app() -> App:
    """Return the shared App, or stop the page with a clear error."""
    config_path = os.environ.get("IP_CONFIG_FILE", "config.yaml")
    try:
        return _build_app(str(Path(config_path)))
    except InterviewPlatformError as exc:
        st.error(f"The platform could not start: {exc}")
        st.info(
            "Check that PostgreSQL is running and DATABASE_URL is right "
            "(./startup.sh starts a local database for you), then reload the page."
        )
        st.stop()
        raise  # unreachable: st.stop() raises


def provider_choice() -> ProviderChoice:
    """Return this browser's provider choice (offline by default)."""
    if PROVIDER_KEY not in st.session_state:
        st.session_state[PROVIDER_KEY] = ProviderChoice()
    choice: ProviderChoice = st.session_state[PROVIDER_KEY]
    return choice


def current_candidate_id() -> str | None:
    """Return the candidate chosen in this browser (the URL keeps it across refreshes)."""
    from_query = st.query_params.get("candidate")
    if from_query and CANDIDATE_KEY not in st.session_state:
        st.session_state[CANDIDATE_KEY] = from_query
    value = st.session_state.get(CANDIDATE_KEY)
    return str(value) if value else None


def choose_candidate(candidate_id: str) -> None:
    """Remember the candidate in this browser and in the URL."""
    st.session_state[CANDIDATE_KEY] = candidate_id
    st.query_params["candidate"] = candidate_id


def go(page: str, session_id: str | None = None) -> None:
    """Switch page, keeping the candidate (and the session, if given) in the URL."""
    params: dict[str, str] = {}
    candidate_id = current_candidate_id()
    if candidate_id:
        params["candidate"] = candidate_id
    if session_id:
        params["session"] = session_id
    st.switch_page(page, query_params=params)


def current_session_id() -> str | None:
    """Return the interview open in this browser (query string wins, for refreshes)."""
    from_query = st.query_params.get("session")
    if from_query:
        st.session_state[SESSION_KEY] = from_query
    value = st.session_state.get(SESSION_KEY)
    return str(value) if value else None


def open_session(session_id: str) -> None:
    """Remember the interview in this browser and in the URL (survives refresh)."""
    st.session_state[SESSION_KEY] = session_id
    st.query_params["session"] = session_id


def entered_page(name: str) -> bool:
    """Record the current page; return True when the browser just arrived on it."""
    arrived = st.session_state.get("_current_page") != name
    st.session_state["_current_page"] = name
    return arrived


def session_credentials(session: Session) -> ProviderCredentials:
    """Credentials for an interview: its own provider/model/base URL, this browser's key.

    A key typed on the setup page is used only for the provider it was typed for;
    otherwise the provider's key from the environment/config applies.
    """
    choice = provider_choice()
    key = choice.api_key if choice.provider == session.provider and choice.api_key else None
    base_url = session.metadata.get("base_url") or None
    return ProviderCredentials(
        provider=session.provider,
        model=session.model,
        api_key=SecretStr(key) if key else None,
        base_url=str(base_url) if base_url else None,
    )


def user_action(action: str, message: str, session_id: str | None = None, **details: Any) -> None:
    """Record a user action in the logs and the audit table (with the session id)."""
    logger = get_logger("interview_platform.ui")
    if session_id is None:
        audit(logger, action, message, **details)
        return
    with session_context(session_id):
        audit(logger, action, message, **details)

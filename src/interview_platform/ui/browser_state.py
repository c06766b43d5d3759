"""What one browser remembers across pages: candidate, open interview, provider choice.

One typed object in ``st.session_state`` (see :func:`browser`). The URL keeps the
candidate and the interview too, so a refresh finds them again; the interview itself
lives in PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st
from pydantic import SecretStr

from interview_platform.application.credentials import TypedKey
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.provider import Provider

BROWSER_KEY = "browser"


@dataclass
class ProviderChoice:
    """The provider picked on the setup page; the key never leaves the browser session."""

    provider: str = Provider.OFFLINE
    model: str = "rubric-interviewer"
    base_url: str | None = None
    api_key: str = field(default="", repr=False)  # never shown in a repr or traceback

    def credentials(self) -> ProviderCredentials:
        """Return credentials for the AI layer (key wrapped as a secret)."""
        key = SecretStr(self.api_key) if self.api_key else None
        return ProviderCredentials(
            provider=self.provider, model=self.model, api_key=key, base_url=self.base_url
        )

    def typed_key(self) -> TypedKey:
        """The key typed in this browser, for the provider it was typed for."""
        return TypedKey(self.provider, self.api_key)


@dataclass
class BrowserState:
    """Everything this browser remembers outside the interview tabs.

    Attributes:
        candidate_id: The chosen candidate.
        session_id: The interview open in this browser.
        provider: The interviewer chosen on the setup page (with a typed key).
        page: The page drawn last (to notice arriving on a page).
        preselect_problem: A problem the setup page selects once ("practise next").
        select_candidate: A profile just created, selected on the next run.
        resume_marker: The upload already parsed (not parsed again on a rerun).
        level_resume: The resume whose level the setup page's level box took last
            ("" for none), so a newly parsed or corrected resume sets the level once.
        recommended: The problem the setup page recommended last, so the Problem box
            follows a new recommendation unless another problem was picked by hand.
    """

    candidate_id: str | None = None
    session_id: str | None = None
    provider: ProviderChoice = field(default_factory=ProviderChoice)
    page: str | None = None
    preselect_problem: str | None = None
    select_candidate: str | None = None
    resume_marker: str | None = None
    level_resume: str | None = None
    recommended: str | None = None


def browser() -> BrowserState:
    """This browser's state (created on first use)."""
    state = st.session_state.get(BROWSER_KEY)
    if not isinstance(state, BrowserState):
        state = BrowserState()
        st.session_state[BROWSER_KEY] = state
    return state


def provider_choice() -> ProviderChoice:
    """Return this browser's provider choice (offline by default)."""
    return browser().provider


def typed_key() -> TypedKey:
    """The API key typed in this browser (empty when none), with its provider."""
    return provider_choice().typed_key()


def current_candidate_id() -> str | None:
    """Return the candidate chosen in this browser (the URL keeps it across refreshes)."""
    state = browser()
    from_query = st.query_params.get("candidate")
    if from_query and state.candidate_id is None:
        state.candidate_id = from_query
    return state.candidate_id or None


def choose_candidate(candidate_id: str) -> None:
    """Remember the candidate in this browser and in the URL."""
    browser().candidate_id = candidate_id
    st.query_params["candidate"] = candidate_id


def current_session_id() -> str | None:
    """Return the interview open in this browser (query string wins, for refreshes)."""
    state = browser()
    from_query = st.query_params.get("session")
    if from_query:
        state.session_id = from_query
    return state.session_id or None


def open_session(session_id: str) -> None:
    """Remember the interview in this browser and in the URL (survives refresh)."""
    browser().session_id = session_id
    st.query_params["session"] = session_id


def entered_page(name: str) -> bool:
    """Record the current page; return True when the browser just arrived on it."""
    state = browser()
    arrived = state.page != name
    state.page = name
    return arrived

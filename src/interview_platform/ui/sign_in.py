"""Who is using the app: the gate every page run passes first.

Single-user mode: no sign-in, the local administrator, and only browsers on this
computer (Streamlit reports no address for a loopback client). Accounts mode: a
sign-in or sign-up form until the browser holds a live sign-in; its token is kept in
``st.session_state`` and in a first-party cookie, so a reload stays signed in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from interview_platform.application.accounts import SignIn
from interview_platform.exceptions import DataStoreError, InterviewPlatformError
from interview_platform.principal import LOCAL_PRINCIPAL, Principal
from interview_platform.ui.runtime import PRINCIPAL_KEY, account_service, auth_settings
from interview_platform.ui.user_text import escape_markdown

TOKEN_KEY = "_ip_sign_in_token"  # noqa: S105 - a session_state key, not a secret
COOKIE = "ip_sign_in"
_STATIC = Path(__file__).parent / "static"
_cookie_component = st.components.v2.component(
    "interview_platform.sign_in_cookie",
    js=(_STATIC / "sign_in_cookie.js").read_text("utf-8"),
)


def require_principal() -> Principal:
    """Return who is signed in, or draw the sign-in page and stop the run."""
    settings = auth_settings()
    if settings.mode == "single_user":
        if remote_client(st.context.ip_address):
            st.error(
                "This app runs in single-user mode and answers only the computer it runs on. "
                "The operator can switch on accounts (auth.mode: accounts) to share it."
            )
            st.stop()
        st.session_state[PRINCIPAL_KEY] = LOCAL_PRINCIPAL
        return LOCAL_PRINCIPAL
    raw = st.session_state.get(TOKEN_KEY) or st.context.cookies.get(COOKIE)
    token = raw if isinstance(raw, str) else ""
    principal = _resume(token)
    if principal is None:
        st.session_state.pop(PRINCIPAL_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        _keep_cookie("", 0)
        _sign_in_page()
        st.stop()
    st.session_state[PRINCIPAL_KEY] = principal
    st.session_state[TOKEN_KEY] = token
    _keep_cookie(token, settings.max_hours * 3600)
    return principal


def remote_client(ip_address: object) -> bool:
    """Whether a client address is another computer's.

    Streamlit reports no address (None) for a loopback client; anything else that is
    an address string is remote.
    """
    return isinstance(ip_address, str) and bool(ip_address.strip())


def _resume(token: str) -> Principal | None:
    """The token's account; during a database outage, the one this tab already had."""
    if not token:
        return None
    try:
        return account_service().resume(token)
    except DataStoreError:
        known = st.session_state.get(PRINCIPAL_KEY)
        if known is not None and st.session_state.get(TOKEN_KEY) == token:
            return known  # type: ignore[no-any-return]
        st.error("The database is not reachable, so you cannot sign in now. Try again shortly.")
        st.stop()
        raise  # unreachable: st.stop() raises


def sign_out_button(principal: Principal) -> None:
    """In the sidebar: who is signed in, and a button to sign out (accounts mode)."""
    if auth_settings().mode == "single_user":
        return
    role = " (administrator)" if principal.is_admin else ""
    st.caption(f"Signed in as **{escape_markdown(principal.email)}**{role}")
    st.button("Sign out", key="sign_out", on_click=_sign_out)


def _sign_out() -> None:
    token = st.session_state.pop(TOKEN_KEY, None)
    st.session_state.clear()
    if token:
        account_service().sign_out(str(token))


def _keep_cookie(token: str, max_age_s: int) -> None:
    with st.sidebar:
        _cookie_component(
            data={"name": COOKIE, "token": token, "max_age": max_age_s}, key="sign_in_cookie"
        )


def _sign_in_page() -> None:
    st.title("🧩 System Design Interview")
    st.write(
        "Practise system-design interviews with an AI interviewer and get a scored, "
        "evidence-backed evaluation. Your profiles and interviews are private to your account."
    )
    sign_in, sign_up = st.tabs(["Sign in", "Create an account"])
    with sign_in, st.form("sign_in_form"):
        email = st.text_input("E-mail address", key="sign_in_email", max_chars=254)
        password = st.text_input("Password", type="password", key="sign_in_password")
        if st.form_submit_button("Sign in", type="primary"):
            _attempt(lambda: account_service().sign_in(email, password, _source()))
    with sign_up:
        if not auth_settings().allow_sign_up:
            st.info("New accounts are made by the operator here.")
            return
        with st.form("sign_up_form"):
            new_email = st.text_input("E-mail address", key="sign_up_email", max_chars=254)
            new_password = st.text_input(
                "Password (at least 10 characters)", type="password", key="sign_up_password"
            )
            if st.form_submit_button("Create account", type="primary"):
                _attempt(lambda: account_service().sign_up(new_email, new_password))


def _attempt(action: Callable[[], SignIn]) -> None:
    try:
        result = action()
    except InterviewPlatformError as exc:
        st.error(escape_markdown(exc), icon="🔒")
        return
    st.session_state[TOKEN_KEY] = result.token
    st.session_state[PRINCIPAL_KEY] = result.principal
    st.rerun()


def _source() -> str:
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and remote_client(ip) else "this computer"

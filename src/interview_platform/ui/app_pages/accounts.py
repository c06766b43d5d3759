"""Accounts (administrators only, accounts mode): roles and the right to the operator's keys."""

from __future__ import annotations

from typing import Any

import streamlit as st

from interview_platform.exceptions import InterviewPlatformError
from interview_platform.principal import Account, Role
from interview_platform.ui.runtime import get_app
from interview_platform.ui.user_text import escape_markdown

_ROLE = "Role"
_KEYS = "May use the operator's API keys"


def _rows(accounts: list[Account]) -> list[dict[str, Any]]:
    return [
        {
            "E-mail": a.email,
            _ROLE: a.role.value,
            _KEYS: a.may_use_operator_keys,
            "Locked until": a.locked_until.strftime("%Y-%m-%d %H:%M UTC") if a.locked_until else "",
            "Created": a.created_at.strftime("%Y-%m-%d"),
        }
        for a in accounts
    ]


def render() -> None:
    """Draw the accounts table and save what the administrator changed."""
    app = get_app()
    st.title("Accounts")
    try:
        accounts = app.accounts.accounts(app.principal)
    except InterviewPlatformError as exc:
        st.error(escape_markdown(exc))
        return
    limit = app.settings.auth.daily_spend_usd
    st.caption(
        f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}. Members allowed the "
        f"operator's keys may spend up to ${limit:.2f} a day with them; a changed account "
        "is signed out and gets its new rights at its next sign-in."
    )
    edited = st.data_editor(
        _rows(accounts),
        key="accounts_table",
        hide_index=True,
        disabled=["E-mail", "Locked until", "Created"],
        column_config={
            _ROLE: st.column_config.SelectboxColumn(_ROLE, options=[r.value for r in Role]),
            _KEYS: st.column_config.CheckboxColumn(_KEYS),
        },
    )
    if st.button("Save changes", type="primary", key="accounts_save"):
        _save(accounts, edited)


def _save(accounts: list[Account], edited: list[dict[str, Any]]) -> None:
    app = get_app()
    changed = 0
    for account, row in zip(accounts, edited, strict=True):
        role, keys = Role(row[_ROLE]), bool(row[_KEYS])
        if (role, keys) == (account.role, account.may_use_operator_keys):
            continue
        try:
            app.accounts.set_rights(app.principal, account.id, role, keys)
        except InterviewPlatformError as exc:
            st.error(f"{escape_markdown(account.email)}: {escape_markdown(exc)}")
            continue
        changed += 1
    st.success(f"Saved {changed} change{'s' if changed != 1 else ''}.")


render()

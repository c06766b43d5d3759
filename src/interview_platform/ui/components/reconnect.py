"""One full page run after the browser's websocket reconnects (to another app process).

Several app processes may serve one deployment. When the process behind a tab dies, the
browser reconnects through the proxy to another process, which has never run this
tab's page: it drops the reruns of the page's fragments (the chat box is one, so a typed
answer would be lost). ``static/reconnect.js`` notices a reconnect in the browser and
asks for one full run, which rebuilds the page from PostgreSQL there.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_STATIC = Path(__file__).parent.parent / "static"
_reconnect_component = st.components.v2.component(
    "interview_platform.reconnect",
    js=(_STATIC / "reconnect.js").read_text("utf-8"),
)


def rerun_after_reconnect() -> None:
    """Draw the (invisible) watcher; call it once per full page run, outside fragments."""
    _reconnect_component(
        key="reconnect_watch",
        on_reconnected_change=lambda: None,  # a trigger outside fragments: a full run
        width="content",
        height=0,
    )

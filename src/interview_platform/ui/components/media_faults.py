"""Media devices: asking the browser for them, explaining failures, fault indicators."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from interview_platform.models import CommunicationMode, Session
from interview_platform.observability.context import session_context
from interview_platform.ui.tab_state import tab_state
from interview_platform.ui.user_text import escape_markdown
from interview_platform.ui.widget_state import widgets

_log = logging.getLogger("interview_platform.ui.media")
_STATIC = Path(__file__).parent.parent / "static"
_device_component = st.components.v2.component(
    "interview_platform.device_check",
    js=(_STATIC / "device_check.js").read_text("utf-8"),
    css=(_STATIC / "controls.css").read_text("utf-8")
    + (_STATIC / "device_check.css").read_text("utf-8"),
)
_DEVICES = {
    CommunicationMode.AUDIO: "microphone",
    CommunicationMode.VIDEO: "camera",
    CommunicationMode.SCREEN_SHARE: "screen",
}
RTC_CONFIGURATION: dict[str, Any] = {"iceServers": []}  # loopback: no STUN/TURN


def set_fault(session_id: str, mode: CommunicationMode, message: str | None) -> bool:
    """Mark (or clear) a fault on a mode's indicator; return True when it changed."""
    faults = tab_state(session_id).faults
    changed = faults.get(mode) != message
    if message:
        faults[mode] = message
        if changed:
            with session_context(session_id):
                _log.warning("media fault", extra={"mode": mode.value, "error": message})
    else:
        faults.pop(mode, None)
    return changed


def fault_of(session_id: str, mode: CommunicationMode) -> str | None:
    """The fault shown on a mode's indicator (None when the mode works)."""
    return tab_state(session_id).faults.get(mode)


def show_fault(session_id: str, mode: CommunicationMode, message: str) -> None:
    """Set a fault and redraw the page once so the bottom bar's indicator shows it."""
    if set_fault(session_id, mode, message):
        st.rerun()
    st.error(escape_markdown(message))


def device_message(mode: CommunicationMode, name: str, detail: str = "") -> str:
    """Explain a browser media error (``NotAllowedError``...) to the candidate."""
    device = _DEVICES.get(mode, "device")
    others = "The interview goes on: you can still type and use the whiteboard."
    screen = mode is CommunicationMode.SCREEN_SHARE
    # The screen has no Retry of its own: switching it on again asks the browser again.
    again = "then switch it off and on again" if screen else "then press Retry"
    if name in ("NotAllowedError", "SecurityError", "PermissionDeniedError"):
        where = "for this site in the browser" if screen else "in the address bar"
        return (
            f"Access to the {device} was denied (blocked by the browser). "
            f"Allow it {where}, {again}. {others}"
        )
    if name in ("NotFoundError", "OverconstrainedError", "DevicesNotFoundError"):
        return f"No {device} was found. Connect one, {again}. {others}"
    if name in ("NotReadableError", "AbortError", "TrackStartError"):
        return f"The {device} could not be started (is another application using it?). {others}"
    if name == "TrackEndedError":
        return f"The {device} was disconnected: {again}. {others}"
    return f"The {device} could not be used ({name}: {detail}). {others}"


def device_ready(session: Session, mode: CommunicationMode) -> bool | None:
    """Ask the browser for the mode's device; None while asking, then True or False.

    The component shows the device's state in plain words with a Retry (and the camera's
    preview or the microphone's level); a Retry that works clears the fault and redraws
    the page so the bottom bar's indicator is true again.
    """
    kind = "audio" if mode is CommunicationMode.AUDIO else "video"
    result: Any = _device_component(
        data={"kind": kind},
        key=widgets(session.id).device_check(kind),
        on_result_change=lambda: None,
    )
    status = getattr(result, "result", None)
    if not isinstance(status, dict):
        return None
    if status.get("ok"):
        if set_fault(session.id, mode, None):
            st.rerun()
        return True
    show_fault(
        session.id,
        mode,
        device_message(mode, str(status.get("name")), str(status.get("message", ""))),
    )
    return False


def report_failure(session_id: str, message: str) -> bool:
    """Keep a media failure (a recording that could not be saved) on the page until dismissed.

    Unlike a device fault it outlives switching the mode off: the recording is lost
    whatever the candidate does next, and they must be told. Returns True when new.
    """
    failures = tab_state(session_id).failures
    if message in failures:
        return False
    failures.append(message)
    return True


def show_failures(session_id: str) -> None:
    """Show the media failures not yet dismissed, each with a dismiss button."""
    failures = tab_state(session_id).failures
    keys = widgets(session_id)
    for index, message in enumerate(list(failures)):
        text_col, button_col = st.columns([8, 1], vertical_alignment="center")
        text_col.error(f"⚠️ {message}")
        if button_col.button("Dismiss", key=keys.dismiss_failure(index)):
            failures.remove(message)
            st.rerun(scope="fragment")

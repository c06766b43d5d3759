"""The candidate picker keeps its choice when a rerun interrupts a run before it is drawn.

A browser rerun (a click in the first split second, a component reporting its value)
stops the running script at its next element and starts again with the browser's widget
values, which cannot yet hold the picker. The picker must then still show what this
browser chose ("New candidate" when nothing was), never Streamlit's default first option.

The browser draws a selectbox from the element sent: the value sent with it (``set_value``)
or else option number ``default``; it reports that shown option on its next rerun, so a
picker shown on the wrong option picks that profile as soon as the person does anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.runtime.scriptrunner import RerunData, RerunException, get_script_run_ctx
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import Candidate
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

PICKER = "candidate_select"
NEW = "➕ New candidate…"


@pytest.fixture(autouse=True)
def _local_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loopback browser, as single-user mode requires (AppTest's address is made up)."""
    monkeypatch.setattr("streamlit.runtime.context._get_client_context", lambda: None)


@pytest.fixture(params=["before", "after"])
def interrupted(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[int]]:
    """Interrupt the first run at the picker, as a browser rerun arriving then does.

    A rerun stops the script at its next element: before the picker registers, or just
    after it registered, when it is sent (never seen by the browser). The browser's
    rerun carries the widget values it has drawn: none of the picker yet. Yields the
    count of interruptions made (one).
    """
    made: list[int] = []
    real: Callable[..., Any] = st.selectbox

    def selectbox(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("key") == PICKER and not made:
            made.append(1)
            if request.param == "after":
                real(*args, **kwargs)
            ctx = get_script_run_ctx()
            assert ctx is not None
            raise RerunException(
                RerunData(
                    query_string=ctx.query_string,
                    page_script_hash=ctx.page_script_hash,
                    widget_states=WidgetStates(),
                )
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(st, "selectbox", selectbox)
    yield made


def _shown(at: AppTest) -> str:
    """The option the browser shows for the element sent (see the module docstring)."""
    proto = at.selectbox(key=PICKER).proto
    return str(proto.raw_value) if proto.set_value else str(proto.options[proto.default])


def _profiles(app: App, *names: str) -> list[Candidate]:
    return [app.store.candidates.create_candidate(Candidate(name=n)) for n in names]


def test_a_new_browser_keeps_new_candidate_after_an_early_rerun(
    at: AppTest, app: App, interrupted: list[int]
) -> None:
    _profiles(app, "Ada First", "Bo Second")
    at.run()
    assert not at.exception
    assert interrupted == [1]
    assert at.selectbox(key=PICKER).value == NEW
    assert _shown(at) == NEW
    state = at.session_state[BROWSER_KEY]
    assert state.candidate_id is None  # no profile chosen behind the person's back
    assert "candidate" not in at.query_params


def test_a_chosen_profile_stays_chosen_after_an_early_rerun(
    at: AppTest, app: App, interrupted: list[int]
) -> None:
    _first, second = _profiles(app, "Ada First", "Bo Second")
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=second.id)
    at.run()
    assert not at.exception
    assert interrupted == [1]
    assert at.selectbox(key=PICKER).value == second.id
    assert _shown(at) == "Bo Second"
    assert at.session_state[BROWSER_KEY].candidate_id == second.id


def test_the_picker_still_follows_the_person_after_an_early_rerun(
    at: AppTest, app: App, interrupted: list[int]
) -> None:
    first, second = _profiles(app, "Ada First", "Bo Second")
    at.run()
    assert _shown(at) == NEW
    at.selectbox(key=PICKER).select(second.id).run()
    assert at.selectbox(key=PICKER).value == second.id
    assert _shown(at) == "Bo Second"
    at.selectbox(key=PICKER).select(NEW).run()
    assert at.selectbox(key=PICKER).value == NEW
    assert _shown(at) == NEW
    at.selectbox(key=PICKER).select(first.id).run()
    assert _shown(at) == "Ada First"
    assert at.session_state[BROWSER_KEY].candidate_id == first.id

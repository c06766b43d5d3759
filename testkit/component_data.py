"""The data a page drew a components-v2 component with, read from an AppTest run.

AppTest does not run a component's JavaScript; what Python sent it is in the element.
(``at`` is an ``AppTest``: testkit does not import Streamlit, see the banned-api rule.)
"""

from __future__ import annotations

import json
from typing import Any


def component_data(at: Any, name: str) -> list[dict[str, Any]]:
    """The ``data`` of every component named ``name`` drawn by the last run, in order."""
    return [
        dict(json.loads(el.proto.json))
        for el in at.get("bidi_component")
        if el.proto.component_name == name
    ]


def clock_data(at: Any) -> dict[str, Any]:
    """The data the interview page's clock was drawn with (exactly one clock)."""
    found = component_data(at, "interview_platform.clock")
    assert len(found) == 1, found
    return found[0]

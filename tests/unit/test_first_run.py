"""The warm-up of Streamlit's first-run one-offs (issue 13, first paint)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from interview_platform.ui import first_run

_CHECK = """
import sys, inspect
import streamlit
from interview_platform.ui.first_run import warm_streamlit_first_run
assert "streamlit.emojis" not in sys.modules
loaded = {n for n, m in list(sys.modules.items()) if getattr(m, "__file__", None)}
seconds = warm_streamlit_first_run()
assert "streamlit.emojis" in sys.modules, "the emoji table was not loaded"
# inspect now knows the file of every module loaded before the call.
unknown = loaded - set(inspect._filesbymodname)
assert not unknown, sorted(unknown)[:10]
print(seconds)
"""


def test_it_loads_what_the_first_page_run_would_load() -> None:
    # A fresh interpreter: this one has imported Streamlit's emoji table already.
    done = subprocess.run(
        [sys.executable, "-c", _CHECK], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout.strip()) >= 0


def test_a_streamlit_that_moved_its_internals_does_not_stop_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from streamlit import string_util

    def gone(_: str) -> bool:
        raise AttributeError("moved in a later Streamlit")

    monkeypatch.setattr(string_util, "is_emoji", gone)
    assert first_run.warm_streamlit_first_run() >= 0

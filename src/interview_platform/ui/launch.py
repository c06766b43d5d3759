"""Running the web app with its first page ready: warm-up, then the Streamlit server.

Streamlit runs the app's script only when the first browser connects, and that first
run imported LangChain, the provider SDKs and the rest and built the application: the
first page stayed blank for ~10 s (issue 13). :func:`warm_up` does that work before
:func:`run_server` starts listening, so once the health check answers a page is served
at once. ``python -m interview_platform serve`` (what ``startup.sh`` runs) calls both.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.web import cli as streamlit_cli

from interview_platform.exceptions import InterviewPlatformError
from interview_platform.ui.first_run import warm_streamlit_first_run

APP_ENTRY = Path(__file__).resolve().parent / "app.py"
# What the sign-in gate and the setup page import besides the runtime. Modules that
# declare a Streamlit component need the running server, so they are not listed.
_FIRST_PAGE_MODULES = (
    "interview_platform.ui.sign_in",
    "interview_platform.ui.page_registry",
    "interview_platform.ui.heap_freeze",
    "interview_platform.ui.components.outage_banner",
    "interview_platform.ui.components.candidate_picker",
    "interview_platform.ui.components.provider_panel",
    "interview_platform.ui.components.resume_panel",
)
# Streamlit warns about every st.* call made outside a page run; the warm-up makes some.
_BARE_MODE_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"

log = logging.getLogger("interview_platform.ui.launch")


@contextmanager
def _quiet_bare_mode() -> Iterator[None]:
    # Streamlit sets its logger's level when the module is first imported: import it first.
    importlib.import_module(_BARE_MODE_LOGGER)
    bare = logging.getLogger(_BARE_MODE_LOGGER)
    level = bare.level
    bare.setLevel(logging.ERROR)
    try:
        yield
    finally:
        bare.setLevel(level)


def warm_up(config_path: str) -> float:
    """Import what the first page needs and build the process's App.

    A failure is not fatal: the first page run meets it again and tells the user.

    Args:
        config_path: The settings file the pages will read (unless ``IP_CONFIG_FILE``
            already names one).

    Returns:
        The seconds it took.
    """
    start = time.perf_counter()
    os.environ.setdefault("IP_CONFIG_FILE", config_path)
    with _quiet_bare_mode():
        from interview_platform.ui import runtime

        for name in _FIRST_PAGE_MODULES:
            try:
                importlib.import_module(name)
            except Exception:
                log.debug("warm-up could not import %s", name, exc_info=True)
        try:
            runtime.prepare()
        except InterviewPlatformError as exc:
            print(f"warm-up: the app could not be built yet: {exc}", file=sys.stderr)
        # Streamlit's one-off costs of a process's first page run, paid before it listens.
        warm_streamlit_first_run()
    return time.perf_counter() - start


def streamlit_args(address: str, port: int) -> list[str]:
    """The ``streamlit run`` arguments of the app (headless, no usage statistics)."""
    return [
        "run",
        str(APP_ENTRY),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def run_server(address: str, port: int) -> int:
    """Run Streamlit in this process until it stops; return its exit code."""
    try:
        streamlit_cli.main(args=streamlit_args(address, port), prog_name="streamlit")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 0
    return 0

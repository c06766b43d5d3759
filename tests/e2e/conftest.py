"""End-to-end fixtures: the real app under ``streamlit run`` and headless Chromium.

The app runs against the test database (``database_url``) with its own storage
folder; how it is started, and Chromium's flags, are in :mod:`testkit.streamlit_app`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from testkit.streamlit_app import (
    BASE_ARGS,
    CHROMIUM,
    RunningApp,
    require_chromium,
    start_app,
    stop_app,
)


@pytest.fixture(scope="module")
def running_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The app, started once per test module."""
    require_chromium()
    app = start_app(database_url, tmp_path_factory.mktemp("app"))
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def accounts_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    """The app in accounts mode (sign-in before any page), started once per module."""
    require_chromium()
    app = start_app(
        database_url, tmp_path_factory.mktemp("accounts"), {"IP_AUTH__MODE": "accounts"}
    )
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=BASE_ARGS)
        yield instance
        instance.close()


@pytest.fixture(autouse=True)
def _close_media_contexts() -> Iterator[None]:
    """Stop the camera/microphone streams a media test left open."""
    yield
    from testkit.browser_media import close_open_contexts

    close_open_contexts()


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Any]:
    """One Playwright driver per module (the sync API cannot be nested)."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as driver:
        yield driver

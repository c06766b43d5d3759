"""AppTest fixtures: the real pages against the test database (no browser)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App, create_app
from interview_platform.config import load_settings
from interview_platform.database.postgres_store import PostgresDataStore

REPO = Path(__file__).resolve().parents[2]
ENTRY = str(REPO / "src/interview_platform/ui/app.py")


@pytest.fixture(scope="session")
def ui_env(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the UI's settings at the test database and a private storage folder."""
    folder = tmp_path_factory.mktemp("ui")
    values = {
        "IP_DATABASE__URL": database_url,
        "IP_STORAGE__ROOT": str(folder / "sessions"),
        "IP_LOGGING__FILE": str(folder / "app.log"),
        "IP_LOGGING__CONSOLE": "false",
        "IP_CONFIG_FILE": str(REPO / "config.yaml"),
        "IP_OUTBOUND__ALLOWED_HOSTS": '["127.0.0.1"]',  # the stubs' host, typed as base URL
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture()
def app(ui_env: None, store: PostgresDataStore) -> Iterator[App]:
    """An App wired like the UI's, for arranging data the pages then show."""
    application = create_app(load_settings(REPO / "config.yaml"), apply_schema=False)
    yield application
    application.store.close()


@pytest.fixture()
def at(ui_env: None, store: PostgresDataStore) -> AppTest:
    """The multipage app under AppTest, not yet run."""
    return AppTest.from_file(ENTRY, default_timeout=60)

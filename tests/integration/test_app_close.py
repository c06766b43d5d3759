"""App.close() stops the speech decoder processes the app started."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_platform.app_factory import create_app
from interview_platform.config import load_settings
from tests.speech import decoder_processes

pytestmark = pytest.mark.integration


def test_close_stops_pool_and_live_decoders(database_url: str, tmp_path: Path) -> None:
    before = decoder_processes()
    settings = load_settings(
        None,
        None,
        environ={},
        overrides={
            "database": {"url": database_url},
            "storage": {"root": str(tmp_path / "sessions")},
            "logging": {"file": str(tmp_path / "app.log")},
        },
    )
    app = create_app(settings, apply_schema=False)
    app.audio.warm_up()
    live = app.audio.open_live()
    live.finish().result(timeout=60)  # the live process has started and answered
    assert len(decoder_processes() - before) >= 2  # the pool's and the live one
    app.close()
    assert decoder_processes() - before == set()
    assert not live.usable

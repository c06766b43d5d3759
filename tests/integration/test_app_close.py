"""App.close() stops the speech decoder processes the app started (Whisper's included)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from testkit.app_settings import app_settings
from testkit.speech import decoder_processes

from interview_platform.app_factory import App, create_app

pytestmark = pytest.mark.integration


def whisper_processes() -> set[str]:
    """PIDs of this test process's Whisper decoder processes."""
    found = subprocess.run(
        ["pgrep", "-P", str(os.getpid()), "-f", "whisper_worker"],
        check=False,
        capture_output=True,
        text=True,
    )
    return set(found.stdout.split())


def _app(database_url: str, tmp_path: Path, backend: str) -> App:
    settings = app_settings(database_url, tmp_path, media={"transcription_backend": backend})
    return create_app(settings, apply_schema=False)


def test_close_stops_the_whisper_process(database_url: str, tmp_path: Path) -> None:
    before = whisper_processes()
    app = _app(database_url, tmp_path, "auto")  # local Whisper by default
    app.audio.warm_up(wait=True)
    live = app.audio.open_live()
    live.feed(np.zeros(16_000, dtype=np.int16))
    assert live.finish().result(timeout=60).text == ""  # silence: nothing to decode
    assert len(whisper_processes() - before) == 1  # one process, model loaded once
    app.close()
    assert whisper_processes() - before == set()
    tone = (8000 * np.sin(np.arange(16_000) / 3)).astype(np.int16)
    live.feed(tone)  # after close: the result fails at once instead of waiting forever
    with pytest.raises(OSError, match="Whisper"):
        live.finish().result(timeout=10)


def test_close_stops_pool_and_live_decoders(database_url: str, tmp_path: Path) -> None:
    before = decoder_processes()
    app = _app(database_url, tmp_path, "offline")  # pocketsphinx: Whisper unavailable
    app.audio.warm_up()
    live = app.audio.open_live()
    live.finish().result(timeout=60)  # the live process has started and answered
    assert len(decoder_processes() - before) >= 2  # the pool's and the live one
    app.close()
    assert decoder_processes() - before == set()
    assert not live.usable

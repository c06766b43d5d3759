"""Speech made in the tests with Debian's ``flite`` (voice slt), and word accuracy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from interview_platform.communication.whisper_text import word_accuracy

__all__ = ["decoder_processes", "require_flite", "speak", "word_accuracy"]


def require_flite() -> str:
    """Return the flite binary or skip (fail in CI, where it must be installed)."""
    import os

    path = shutil.which("flite")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("flite is required in CI (apt-get install flite)")
        pytest.skip("flite not installed")
    return path


def speak(text: str, out: Path) -> bytes:
    """Synthesise ``text`` to a WAV file and return its bytes."""
    flite = require_flite()
    subprocess.run([flite, "-voice", "slt", "-t", text, "-o", str(out)], check=True)
    return out.read_bytes()


def decoder_processes() -> set[str]:
    """PIDs of this test process's pocketsphinx decoder processes."""
    import os

    found = subprocess.run(
        ["pgrep", "-P", str(os.getpid()), "-f", "pocketsphinx_worker"],
        check=False,
        capture_output=True,
        text=True,
    )
    return set(found.stdout.split())

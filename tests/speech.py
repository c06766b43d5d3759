"""Speech made in the tests with Debian's ``flite`` (voice slt), and word accuracy."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest


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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def word_accuracy(reference: str, hypothesis: str) -> float:
    """1 - word error rate (Levenshtein over words), floored at 0."""
    ref, hyp = _words(reference), _words(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return max(0.0, 1.0 - prev[-1] / max(len(ref), 1))


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

"""``startup.sh --help`` names the demo model option and how to change the ports."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _help() -> str:
    result = subprocess.run(
        ["bash", str(REPO / "startup.sh"), "--help"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout


def test_help_lists_the_demo_model_option() -> None:
    text = _help()
    assert "--demo-llm" in text
    assert "no API key" in text


def test_help_says_how_to_change_the_ports() -> None:
    text = _help()
    assert "PORT=8600 ./startup.sh" in text
    assert "DEMO_LLM_PORT" in text

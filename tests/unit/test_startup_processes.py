"""``./startup.sh --processes N``: the option is checked before anything starts."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _bash(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script, "bash", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_help_names_the_option_and_its_proxy() -> None:
    result = _bash("bash ./startup.sh --help")
    assert "--processes N" in result.stdout and "nginx" in result.stdout


def test_a_count_that_is_not_a_small_number_is_refused_at_once() -> None:
    for bad in ("0", "x", "", "-2", "33"):
        result = _bash('bash ./startup.sh --processes "$1"', bad)
        assert result.returncode == 1, bad
        assert "--processes needs a number from 1 to 32" in result.stderr, bad


def test_without_nginx_it_says_how_to_install_it_and_fails() -> None:
    stubbed = (
        'fail() { printf "%s\\n" "$@" >&2; exit 1; }; source scripts/processes.sh; '
        'find_nginx() { return 1; }; check_processes_option "$1"'
    )
    missing = _bash(stubbed, "2")
    assert missing.returncode == 1
    assert "apt-get install nginx-light" in missing.stderr
    assert _bash(stubbed, "1").returncode == 0, "one process needs no proxy"

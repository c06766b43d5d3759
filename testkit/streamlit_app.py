"""The real app under ``streamlit run`` on a free loopback port, and Debian's Chromium.

Used by the end-to-end tests (``tests/e2e``) and the browser benchmarks. The app
runs against the database URL it is given with its own storage folder; Chromium
is Debian's (never downloaded) with fake camera/microphone/screen devices.
Screenshots go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--auto-select-desktop-capture-source=Entire screen",
]


@dataclass
class RunningApp:
    """A Streamlit server started for the tests."""

    url: str
    storage_root: Path
    log_path: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        try:
            health = f"{url}/_stcore/health"  # http on loopback, built here
            with urllib.request.urlopen(health, timeout=1) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()[-3000:]}")


def start_app(
    database_url: str, workdir: Path, extra_env: dict[str, str] | None = None
) -> RunningApp:
    """Start ``streamlit run`` on a free loopback port and wait for its health check."""
    port = _free_port()
    storage = workdir / "sessions"
    log_path = workdir / "streamlit.log"
    # pytest-cov would trace the server too (COV_CORE_*): far slower, and ui/ is not measured.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("COV_CORE_")}
    env = {
        **inherited,
        "IP_DATABASE__URL": database_url,
        "IP_STORAGE__ROOT": str(storage),
        "IP_LOGGING__FILE": str(workdir / "app.log"),
        "IP_CONFIG_FILE": str(REPO / "config.yaml"),
        # The stubs listen on 127.0.0.1: allowed here as an operator would (issue 12).
        "IP_OUTBOUND__ALLOWED_HOSTS": '["127.0.0.1"]',
        **(extra_env or {}),
    }
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "src/interview_platform/ui/app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log_path.open("wb") as log:
        # From the repository, so .streamlit/config.toml applies as it does for users.
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, proc, log_path, 60)
    return RunningApp(url, storage, log_path, proc)


def stop_app(app: RunningApp) -> None:
    """Stop the server."""
    app.process.terminate()
    try:
        app.process.wait(10)
    except subprocess.TimeoutExpired:
        app.process.kill()


def require_chromium() -> None:
    """Skip without Chromium outside CI; in CI its absence is a failure."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI (apt-get install chromium)")
    pytest.skip("chromium not installed")


def screenshot(page: object, name: str) -> None:
    """Save a full-page screenshot as a CI artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

"""Time ``./startup.sh --local`` to a healthy page and to the setup page's first paint.

Run with the dependencies already installed (one ``./startup.sh`` before):

    .venv/bin/python bench/startup_bench.py            # cold: local PostgreSQL stopped first
    .venv/bin/python bench/startup_bench.py --warm     # reuse a running local PostgreSQL

Prints the seconds until ``/_stcore/health`` answers ``ok`` and the page HTML is served
(target: 15 s). Then headless Chromium (started before the app, so its own start is not
counted) opens the page, as a user does once the script says the app is running, and the
seconds until the setup page's title is painted are printed (target: 2 s; issue 13).
Last it sends SIGINT to the script's process group, as Ctrl-C in a terminal does, and
checks that Streamlit and the PostgreSQL the script started are gone.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # testkit
PY = REPO / ".venv" / "bin" / "python"
DATADIR = "data/postgres"
TARGET_S = 15.0
FIRST_PAINT_TARGET_S = 2.0
SETUP_TITLE = "Set up your mock interview"


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return None


def local_db_running() -> bool:
    result = subprocess.run(
        [str(PY), "-m", "interview_platform", "db", "local-status", "--datadir", DATADIR],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def stop_local_db() -> None:
    subprocess.run(
        [str(PY), "-m", "interview_platform", "db", "local-stop", "--datadir", DATADIR],
        cwd=REPO,
        capture_output=True,
        check=False,
    )


def children_of(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def echo_output(proc: subprocess.Popen[str], lines: list[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        sys.stdout.write(f"  | {line}")


def wait_ready(base: str, proc: subprocess.Popen[str], timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            return None
        if fetch(f"{base}/_stcore/health") == "ok":
            html = fetch(f"{base}/")
            if html and '<div id="root">' in html:
                return time.monotonic() - start
        time.sleep(0.05)
    return None


class Browser:
    """Debian's headless Chromium through Playwright, started before the app."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright
        from testkit.streamlit_app import BASE_ARGS, CHROMIUM

        self._driver = sync_playwright().start()
        self._browser = self._driver.chromium.launch(executable_path=CHROMIUM, args=BASE_ARGS)

    def first_paint(self, url: str, timeout: float) -> float:
        """Seconds from asking for ``url`` until the setup page's title is visible.

        Each call opens a new browser context: an empty cache, as a user's first visit.
        Where the time went is printed below the figure (see :func:`print_breakdown`).
        """
        context = self._browser.new_context()
        page = context.new_page()
        start = time.monotonic()
        page.goto(url)
        page.get_by_text(SETUP_TITLE).first.wait_for(state="visible", timeout=timeout * 1000)
        elapsed = time.monotonic() - start
        print_breakdown(page.evaluate(_TIMINGS), elapsed)
        context.close()
        return elapsed

    def close(self) -> None:
        self._browser.close()
        self._driver.stop()


# What the browser spent the first view on: the page's HTML, its scripts and styles
# (Streamlit's bundle, fetched and parsed before anything is drawn), then the rest (the
# websocket, the page script's first run on the server, drawing).
_TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const scripts = res.filter((r) => /\\.(js|css)(\\?|$)/.test(r.name));
  return {
    html: nav.responseEnd,
    dom: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    files: scripts.length,
    kib: scripts.reduce((sum, r) => sum + (r.transferSize || 0), 0) / 1024,
    lastFile: Math.max(0, ...scripts.map((r) => r.responseEnd)),
  };
}"""


def print_breakdown(t: dict[str, float], elapsed: float) -> None:
    """Print where the first view's time went (browser timings, in seconds from start)."""
    print(
        f"    HTML {t['html'] / 1000:.2f} s · scripts parsed (DOMContentLoaded) "
        f"{t['dom'] / 1000:.2f} s · {t['files']:.0f} script/style files, "
        f"{t['kib']:.0f} KiB, the last in at {t['lastFile'] / 1000:.2f} s · title painted "
        f"{elapsed:.2f} s (the websocket, the page's first run, drawing: "
        f"{elapsed - t['dom'] / 1000:.2f} s after the scripts)"
    )


def report_first_paint(browser: Browser, url: str, timeout: float) -> None:
    try:
        paint = browser.first_paint(url, timeout)
    except Exception as exc:  # the figure is missing: say why and go on
        print(f"FAIL: the setup page was not painted: {type(exc).__name__}: {exc}")
        return
    verdict = "within" if paint <= FIRST_PAINT_TARGET_S else "OVER"
    print(
        f"first paint of the setup page after start: {paint:.2f} s "
        f"({verdict} target {FIRST_PAINT_TARGET_S:g} s)"
    )
    try:
        again = browser.first_paint(url, timeout)
    except Exception:  # only context for the figure above
        return
    print(
        f"  (a second new visitor, the server's first page run behind it: {again:.2f} s; "
        f"load average now {os.getloadavg()[0]:.1f})"
    )


def launch(port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "IP_DATABASE__URL")}
    env["PORT"] = str(port)
    return subprocess.Popen(
        ["bash", str(REPO / "startup.sh"), "--local"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
        # A terminal's Ctrl-C reaches a shell whose SIGINT is not ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )


def stop_and_verify(proc: subprocess.Popen[str], db_started_here: bool) -> bool:
    app_pids = children_of(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print("FAIL: startup.sh still running 30 s after SIGINT; killing it")
        os.killpg(proc.pid, signal.SIGKILL)
        return False
    time.sleep(0.5)
    leftovers = [pid for pid in app_pids if alive(pid)]
    db_left = db_started_here and local_db_running()
    print(f"startup.sh exit code after SIGINT: {code}")
    print(f"child processes left: {leftovers or 'none'}")
    print(f"local PostgreSQL it started still running: {db_left}")
    return not leftovers and not db_left


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", action="store_true", help="keep a running local PostgreSQL")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    if not PY.exists():
        print("run ./startup.sh once first: the benchmark needs .venv with the requirements")
        return 2
    if not port_free(args.port):
        print(f"port {args.port} is in use; stop what runs there first")
        return 2
    if not args.warm and local_db_running():
        stop_local_db()
    db_was_running = local_db_running()
    lines: list[str] = []
    browser = Browser()
    proc = launch(args.port)
    reader = threading.Thread(target=echo_output, args=(proc, lines), daemon=True)
    reader.start()
    elapsed = wait_ready(f"http://127.0.0.1:{args.port}", proc, args.timeout)
    if elapsed is None:
        print("FAIL: the app did not become healthy")
        if proc.poll() is None:
            stop_and_verify(proc, not db_was_running)
        browser.close()
        return 1
    mode = "warm (local PostgreSQL reused)" if db_was_running else "cold (PostgreSQL started)"
    verdict = "within" if elapsed <= TARGET_S else "OVER"
    print(f"\nstartup to healthy page, {mode}: {elapsed:.2f} s ({verdict} target {TARGET_S:g} s)")
    report_first_paint(browser, f"http://127.0.0.1:{args.port}/", args.timeout)
    browser.close()
    print("machine load (1, 5, 15 min):", ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    clean = stop_and_verify(proc, not db_was_running)
    reader.join(timeout=5)
    print("cleanup after Ctrl-C:", "OK" if clean else "FAILED")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())

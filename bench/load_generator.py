"""Simulated candidates at human pace against 1 vs 2 app processes behind nginx.

Run: ``.venv/bin/python bench/load_generator.py [--candidates 4] [--processes 1 2]
[--turns 3] [--think 6]`` (needs chromium, nginx and the local PostgreSQL).

For each process count the script starts that many real app processes (``streamlit run``,
one throw-away database, one storage folder, one cookie secret) behind a real nginx with
the repository's configuration (:mod:`testkit.proxy`), opens one interview per candidate
in headless Chromium (one browser context each, all through the proxy), and lets every
candidate think for ``--think`` s (+/- 50 %, random), type an answer and wait for the
interviewer's reply, ``--turns`` times, all candidates at once. It prints:

* turn time p50 / p95: from pressing Enter until the reply is drawn in that tab (what the
  candidate sees; the offline interviewer answers, so this is the platform's own cost);
* server CPU: the app processes' CPU seconds (``/proc``) over the run, in ms per second
  per connected candidate, and nginx's;
* memory: each app process's resident set after the run, and per candidate;
* errors: turns whose reply did not appear within 60 s, or that raised.

The browsers run on the same 2 cores as the servers: the turn times are upper bounds
(the load average is printed). This is not the issue's 100-candidate run, which
needs a websocket client in place of browsers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright
from testkit.browser_media import open_interview
from testkit.proxy import start_proxy, stop_proxy
from testkit.streamlit_app import BASE_ARGS, CHROMIUM, RunningApp, start_app, stop_app

from _scratch_db import scratch_database
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import CommunicationMode

REPLY_TIMEOUT_MS = 60_000
ANSWERS = (
    "Writes go to a sharded Postgres keyed by the short code.",
    "Hot links are cached in Redis with a one hour time to live.",
    "Click events go to Kafka and a worker aggregates them per minute.",
    "Replicas in two zones serve the reads; the primary takes the writes.",
    "A token bucket per API key limits abuse at the gateway.",
)
REPLY_AFTER = """([text, before]) => {
    const msgs = [...document.querySelectorAll(
        ".st-key-chat_box [data-testid='stChatMessage']")];
    const mine = msgs.findIndex(m => m.innerText.includes(text));
    return msgs.length > before && mine >= 0 && mine < msgs.length - 1;
}"""
COUNT = """() => document.querySelectorAll(
    ".st-key-chat_box [data-testid='stChatMessage']").length"""


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def children(pid: int) -> set[int]:
    """The direct children of a process (nginx's workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def candidate(
    context: Any, url: str, turns: int, think_s: float, seed: int
) -> tuple[list[float], int]:
    """One candidate: open the interview, then think, answer and wait, ``turns`` times."""
    rng = random.Random(seed)
    page = await context.new_page()
    await page.goto(url)
    await page.locator(".mode-indicator").first.wait_for(timeout=REPLY_TIMEOUT_MS)
    times: list[float] = []
    errors = 0
    for turn in range(turns):
        await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
        text = f"[{seed}-{turn}] {ANSWERS[(seed + turn) % len(ANSWERS)]}"
        try:
            before = await page.evaluate(COUNT)
            box = page.get_by_test_id("stChatInputTextArea")
            await box.fill(text)
            started = time.perf_counter()
            await box.press("Enter")
            await page.wait_for_function(
                REPLY_AFTER, arg=[text[:30], before], timeout=REPLY_TIMEOUT_MS
            )
            times.append(time.perf_counter() - started)
        except Exception as exc:  # every failure is counted and named, never fatal
            errors += 1
            print(f"  candidate {seed} turn {turn}: {type(exc).__name__}: {exc}"[:200])
    return times, errors


async def drive(proxy_url: str, sessions: list[str], turns: int, think_s: float) -> Any:
    """All candidates at once in one headless Chromium; return (results, chromium CPU s)."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=BASE_ARGS)
        contexts = [
            await browser.new_context(viewport={"width": 1280, "height": 720}) for _ in sessions
        ]
        started = time.monotonic()
        results = await asyncio.gather(
            *(
                candidate(ctx, f"{proxy_url}/interview?session={sid}", turns, think_s, i)
                for i, (ctx, sid) in enumerate(zip(contexts, sessions, strict=True))
            )
        )
        await browser.close()
        return results, time.monotonic() - started


def run(processes: int, args: argparse.Namespace, database_url: str, root: Path) -> None:
    """Measure one process count and print its figures."""
    shared = {
        "IP_STORAGE__ROOT": str(root / "sessions"),
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16),
    }
    apps: list[RunningApp] = []
    for i in range(processes):
        (root / f"app{i}").mkdir()
        apps.append(start_app(database_url, root / f"app{i}", shared))
    proxy = start_proxy([int(a.url.rsplit(":", 1)[1]) for a in apps], root / "nginx")
    store = PostgresDataStore(database_url, pool_min=1, pool_max=2)
    sessions = [open_interview(store, [CommunicationMode.TEXT]) for _ in range(args.candidates)]
    store.close()
    pids = [a.process.pid for a in apps]
    cpu0 = [cpu_seconds(p) for p in pids]
    nginx0 = sum(cpu_seconds(p) for p in {proxy.process.pid} | children(proxy.process.pid))
    try:
        results, wall = asyncio.run(drive(proxy.url, sessions, args.turns, args.think))
        cpu = sum(cpu_seconds(p) for p in pids) - sum(cpu0)
        nginx_pids = {proxy.process.pid} | children(proxy.process.pid)
        nginx = sum(cpu_seconds(p) for p in nginx_pids) - nginx0
        rss = [rss_mb(p) for p in pids]
    finally:
        stop_proxy(proxy)
        for app in apps:
            stop_app(app)
    times = sorted(t for ts, _ in results for t in ts)
    errors = sum(e for _, e in results)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    p50 = statistics.median(times) if times else float("nan")
    print(
        f"{processes} process(es), {args.candidates} candidates, {len(times)} turns in "
        f"{wall:.0f} s (load {os.getloadavg()[0]:.1f}): turn p50 {p50:.2f} s, "
        f"p95 {p95:.2f} s; errors {errors}"
    )
    print(
        f"  server CPU {cpu * 1000 / wall / args.candidates:.1f} ms/s per candidate "
        f"({cpu / wall * 100:.0f}% of a core for all {processes}); nginx "
        f"{nginx * 1000 / wall:.1f} ms/s; RSS per process "
        f"{', '.join(f'{r:.0f}' for r in rss)} MB ({sum(rss) / args.candidates:.0f} MB per "
        "candidate, the processes' baseline included)"
    )


def main() -> None:
    """Parse the options and measure each process count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, default=4)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--think", type=float, default=6.0, help="mean think time, s")
    args = parser.parse_args()
    with scratch_database() as url:
        store = PostgresDataStore(url)
        store.apply_schema()
        store.close()
        for processes in args.processes:
            with tempfile.TemporaryDirectory(prefix="ip-load-") as tmp:
                run(processes, args, url, Path(tmp))


if __name__ == "__main__":
    main()

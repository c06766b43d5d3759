"""Up to 100 simulated candidates over Streamlit's websocket, 1 vs 2 app processes.

Run: ``.venv/bin/python bench/ws_load.py [--candidates 1 10 50 100] [--processes 1 2]
[--typing 10] [--idle 20] [--busy 60]`` (needs nginx and the local PostgreSQL).

For each process count and each number of candidates the script starts that many real app
processes (``streamlit run``, one throw-away database, one storage folder, one cookie
secret) behind a real nginx with the repository's configuration (:mod:`testkit.proxy`),
creates one text-mode interview per candidate in the database (offline interviewer) and
connects one :mod:`testkit.st_ws_client` tab per candidate through the proxy (no browser:
a tab costs the client a few ms, so the figures are the server's). Then:

* idle phase (``--idle`` s): everyone connected, nobody types; server CPU per candidate;
* busy phase (``--busy`` s): ``--typing`` candidates at a time think 5-15 s, type an
  answer and wait for the reply (picked at random among those not in a turn);
  turn time = Enter until the reply is stored in PostgreSQL *and* its text has arrived in
  a delta on that candidate's websocket (what the page shows);
* memory: each process's resident set before the tabs connected and at the end.

Errors: tabs that did not open, turns that raised or timed out (60 s), closed websockets.
The load average and this client's own CPU are printed: everything shares 2 cores.

Measured 2026-12-01 (text interviews, offline interviewer, 10 typing, 20 s idle, 60 s busy,
load 0.6-4.3 from other work): 100 candidates on 2 processes: 69 turns, p50 0.039 s,
p95 0.158 s, 0 errors; idle 0.01 ms/s per candidate (each process alone ~3.5 ms/s), busy
0.36 ms/s; RSS 288 -> 292/294 MB (0.11 MB per candidate). 1 process, 100 candidates:
p95 0.050 s. All 100 typing on 2 processes: 440 turns, p95 0.074 s, 27% of a core.
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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.browser_media import open_interview
from testkit.proxy import start_proxy, stop_proxy
from testkit.st_ws_client import StreamlitTab, open_tab, take_turn
from testkit.streamlit_app import RunningApp, start_app, stop_app

from _scratch_db import scratch_database
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import CommunicationMode
from load_generator import ANSWERS, cpu_seconds, rss_mb


@dataclass
class Results:
    """What one configuration measured."""

    turn_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def connect_all(url: str, sessions: list[str], results: Results) -> list[StreamlitTab]:
    """Open one tab per session, 5 at a time (as candidates arriving), keeping failures."""
    gate = asyncio.Semaphore(5)

    async def one(sid: str) -> StreamlitTab | None:
        async with gate:
            try:
                return await open_tab(url, "interview", f"session={sid}", timeout=120)
            except Exception as exc:  # counted and named, never fatal
                results.errors.append(f"open {sid[:8]}: {type(exc).__name__}: {exc}"[:160])
                return None

    tabs = await asyncio.gather(*(one(s) for s in sessions))
    return [t for t in tabs if t is not None]


async def busy_phase(
    tabs: list[tuple[StreamlitTab, str]],
    store: PostgresDataStore,
    args: argparse.Namespace,
    results: Results,
) -> None:
    """``args.typing`` candidates at a time think, type and wait for the reply."""
    free = list(range(len(tabs)))
    rng = random.Random(15)
    end = time.perf_counter() + args.busy
    turns = [0] * len(tabs)

    async def typist() -> None:
        while time.perf_counter() < end and free:
            i = free.pop(rng.randrange(len(free)))
            await asyncio.sleep(rng.uniform(5, 15))  # thinking, then typing at once
            tab, sid = tabs[i]
            text = f"[{i}-{turns[i]}] {ANSWERS[(i + turns[i]) % len(ANSWERS)]}"
            turns[i] += 1
            try:
                results.turn_times.append(await take_turn(tab, store, sid, text))
            except Exception as exc:  # counted and named, never fatal
                results.errors.append(f"turn {i}: {type(exc).__name__}: {exc}"[:160])
            free.append(i)

    await asyncio.gather(*(typist() for _ in range(min(args.typing, len(tabs)))))


async def warm_up(
    apps: list[RunningApp], store: PostgresDataStore, modes: list[CommunicationMode], s: float
) -> float:
    """Open and close one interview on each process directly (its first-run one-offs and
    imports are paid before memory is read); return the processes' own idle CPU (cores).
    """
    for app in apps:
        tab = await open_tab(app.url, "interview", f"session={open_interview(store, modes)}")
        await tab.close()
    await asyncio.sleep(2)
    cpu0, t0 = app_cpu(apps), time.perf_counter()
    await asyncio.sleep(min(s, 10))
    return (app_cpu(apps) - cpu0) / (time.perf_counter() - t0)


def app_cpu(apps: list[RunningApp]) -> float:
    """CPU seconds of all app processes so far."""
    return sum(cpu_seconds(a.process.pid) for a in apps)


async def measure(
    url: str, apps: list[RunningApp], store: PostgresDataStore, args: argparse.Namespace, n: int
) -> None:
    """Connect ``n`` candidates, run the idle then the busy phase, print the figures."""
    results = Results()
    modes = [CommunicationMode(m) for m in args.modes]
    base = await warm_up(apps, store, modes, args.idle)
    sessions = [open_interview(store, modes) for _ in range(n)]
    rss0 = [rss_mb(a.process.pid) for a in apps]
    client0 = time.process_time()
    tabs = await connect_all(url, sessions, results)
    pairs = [(t, t.query.split("=", 1)[1]) for t in tabs]  # the session each tab opened
    await asyncio.sleep(3)  # the last tabs' first runs settle
    cpu0, t0 = app_cpu(apps), time.perf_counter()
    await asyncio.sleep(args.idle)
    idle = (app_cpu(apps) - cpu0) / (time.perf_counter() - t0)
    cpu0, t0 = app_cpu(apps), time.perf_counter()
    await busy_phase(pairs, store, args, results)
    busy = (app_cpu(apps) - cpu0) / (time.perf_counter() - t0)
    rss = [rss_mb(a.process.pid) for a in apps]
    client = time.process_time() - client0
    results.errors += [f"websocket closed: {t.query[:20]}" for t in tabs if t.closed]
    results.errors += [f"exception on page: {e[:80]}" for t in tabs for e in t.exceptions]
    await asyncio.gather(*(t.close() for t in tabs))
    timers = sum(len(t.timers) for t in tabs) / max(len(tabs), 1)
    spread = Counter(t.upstream for t in tabs)
    print(f"  tabs per process {dict(spread)}; fragments on a timer per tab {timers:.1f}")
    report(len(apps), n, len(tabs), results, Usage(base, idle, busy, rss0, rss, client))


@dataclass
class Usage:
    """CPU (cores) of all app processes: alone, idle with the tabs, busy; and memory."""

    base: float
    idle: float
    busy: float
    rss0: list[float]
    rss: list[float]
    client_cpu: float


def report(processes: int, n: int, connected: int, results: Results, use: Usage) -> None:
    """Print one configuration's figures (CPU per candidate net of the processes' own)."""
    times = sorted(results.turn_times)
    p50 = statistics.median(times) if times else float("nan")
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    per = max(connected, 1)
    print(
        f"{processes} process(es), {n} candidates ({connected} connected): "
        f"{len(times)} turns, p50 {p50:.3f} s, p95 {p95:.3f} s, max "
        f"{(times[-1] if times else float('nan')):.3f} s; errors {len(results.errors)}; "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  server CPU: alone {use.base * 1000:.1f} ms/s; idle {use.idle * 100:.1f}% of a core"
        f" = {(use.idle - use.base) * 1000 / per:.2f} ms/s per candidate; busy "
        f"{use.busy * 100:.0f}% = {(use.busy - use.base) * 1000 / per:.2f} ms/s per candidate;"
        f" this client {use.client_cpu:.1f} CPU s in all"
    )
    grown = sum(use.rss) - sum(use.rss0)
    pairs = zip(use.rss0, use.rss, strict=True)
    print(
        f"  RSS per process {', '.join(f'{a:.0f}->{b:.0f}' for a, b in pairs)} MB; "
        f"{grown / per:.2f} MB per connected candidate"
    )
    for error in results.errors[:5]:
        print(f"  error: {error}")
    sys.stdout.flush()


def run(processes: int, n: int, args: argparse.Namespace, database_url: str, root: Path) -> None:
    """Fresh app processes and proxy for one configuration (memory starts from scratch)."""
    shared = {
        "IP_STORAGE__ROOT": str(root / "sessions"),
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16),
    }
    apps: list[RunningApp] = []
    proxy = None
    store = PostgresDataStore(database_url, pool_min=1, pool_max=4)
    try:
        for i in range(processes):
            (root / f"app{i}").mkdir()
            apps.append(start_app(database_url, root / f"app{i}", shared))
        proxy = start_proxy([int(a.url.rsplit(":", 1)[1]) for a in apps], root / "nginx")
        asyncio.run(measure(proxy.url, apps, store, args, n))
    finally:
        if proxy is not None:
            stop_proxy(proxy)
        for app in apps:
            stop_app(app)
        store.close()


def main() -> None:
    """Parse the options and measure each configuration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, nargs="+", default=[1, 10, 50, 100])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--typing", type=int, default=10, help="candidates in a turn at once")
    parser.add_argument("--idle", type=float, default=20.0, help="idle phase, s")
    parser.add_argument("--busy", type=float, default=60.0, help="typing phase, s")
    parser.add_argument(
        "--modes", nargs="+", default=["text"], help="the interviews' modes (text whiteboard ..)"
    )
    args = parser.parse_args()
    with scratch_database() as url:
        store = PostgresDataStore(url)
        store.apply_schema()
        store.close()
        for processes in args.processes:
            for n in args.candidates:
                with tempfile.TemporaryDirectory(prefix="ip-wsload-") as tmp:
                    run(processes, n, args, url, Path(tmp))


if __name__ == "__main__":
    main()

"""Candidate message -> first streamed chunk: the app's overhead over the provider's own TTFT.

For each turn, the time from calling ``AIInterviewer.reply`` (stores the answer,
reads history, budget, whiteboard, builds the prompt, opens the stream) to the
first chunk the caller receives is measured, and the stub server's own
time-to-first-token (request received -> first chunk written, which includes
its configured delay) is subtracted. What remains is the platform's overhead
(target: ≤ 50 ms). Runs against a throw-away database on the local server.

Usage::

    .venv/bin/python bench/first_token_bench.py [--turns 40] [--provider openai|anthropic]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.stubs import AnthropicStub, OpenAIStub
from testkit.stubs.interview_setup import build_rig

from _scratch_db import scratch_database
from interview_platform.database.postgres_store import PostgresDataStore

MODELS = {"openai": "gpt-4o", "anthropic": "claude-sonnet-4-5"}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(store: PostgresDataStore, provider: str, turns: int, delay_s: float) -> list[float]:
    rig = build_rig(store, timeout_s=10.0)
    stub_cls = AnthropicStub if provider == "anthropic" else OpenAIStub
    overheads: list[float] = []
    with stub_cls(delay_s=delay_s) as stub:
        session = rig.new_session(provider, MODELS[provider])
        creds = rig.creds(stub, provider)
        rig.interviewer.open(session.id, creds=creds).text()  # warm-up: clients, pool
        for turn in range(turns):
            started = time.perf_counter()
            stream = rig.interviewer.reply(session.id, f"Answer {turn}: use a cache.", creds=creds)
            next(stream)
            total = time.perf_counter() - started
            stream.text()
            overheads.append((total - stub.first_token_s[-1]) * 1000)
    return overheads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--provider", choices=sorted(MODELS), default=None)
    parser.add_argument("--delay", type=float, default=0.05, help="stub TTFT in seconds")
    args = parser.parse_args()
    with scratch_database() as url:
        store = PostgresDataStore(url, pool_min=1, pool_max=5)
        try:
            store.apply_schema()
            for provider in [args.provider] if args.provider else sorted(MODELS):
                values = run(store, provider, args.turns, args.delay)
                print(
                    f"{provider:10s} turns={len(values)} stub_ttft={args.delay * 1000:.0f}ms "
                    f"overhead p50={statistics.median(values):.1f}ms "
                    f"p95={_percentile(values, 0.95):.1f}ms max={max(values):.1f}ms "
                    "(target <= 50ms)"
                )
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

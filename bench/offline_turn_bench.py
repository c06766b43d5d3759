"""Offline interviewer turn latency with a long history (target: p95 <= 100 ms at 100 turns).

Run: .venv/bin/python bench/offline_turn_bench.py [--turns 100] [--repeat 200]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.simulated_candidates import (
    AVERAGE,
    PHASES,
    STRONG,
    WEAK,
    make_context,
    run_interview,
    url_shortener_problem,
)

from interview_platform.analysis import conversation
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=100, help="candidate turns of history")
    parser.add_argument("--repeat", type=int, default=200, help="timed replies")
    args = parser.parse_args()
    problem = url_shortener_problem()
    engine = OfflineInterviewer()
    script = list(itertools.islice(itertools.cycle(STRONG + AVERAGE + WEAK), args.turns))
    history, _ = run_interview(engine, problem, script, turns_per_phase=max(1, args.turns // 6))
    history = history[:-1]  # end on the candidate's turn
    print(
        f"history: {len(history)} messages ({args.turns} candidate turns), replies: {args.repeat}"
    )
    ok = True
    # Warm: earlier answers' claims are cached (a live interview analyses only the newest
    # one). Cold: the cache is emptied before every reply (a restarted server).
    for label, cold in (("warm", False), ("cold", True)):
        samples: list[float] = []
        for i in range(args.repeat):
            phase = PHASES[i % len(PHASES)]
            ctx = make_context(problem, history, phase, phase_changed=i % 7 == 0)
            if cold:
                conversation.clear_cache()
            start = time.perf_counter()
            next(iter(engine.respond(ctx)))
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        p50 = statistics.median(samples)
        p95 = samples[int(len(samples) * 0.95) - 1]
        ok = ok and p95 <= 100
        print(
            f"offline turn latency ({label}): p50 {p50:.2f} ms, p95 {p95:.2f} ms, "
            f"max {samples[-1]:.2f} ms"
        )
    print(f"target p95 <= 100 ms: {'OK' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

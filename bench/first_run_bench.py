"""What the Setup page's first run costs the server after the warm-up (issue 13).

``startup_bench.py`` times the first paint in Chromium; this script looks inside the
server's share of it. Each trial is a fresh process on a scratch database: it runs
``launch.warm_up`` (what ``python -m interview_platform serve`` does before listening),
then runs the app's script twice with Streamlit's AppTest (the same script runner as the
server) and prints both runs (with ``--show N``, the first run's N slowest calls).

Two one-off costs of Streamlit sit in that first run (measured Dec 2026 at load 2.5:
first run 0.21-0.26 s, second run 0.013 s): the first element drawn calls
``inspect.stack()``, which looks up the file of each of the ~5,500 loaded modules, and
``set_page_config(page_icon=...)`` compiles Streamlit's emoji pattern.
``--prewarm`` does both first (0.2 s) with ``ui.first_run.warm_streamlit_first_run``,
as the warm-up could; the first run then takes 0.025 s:

    .venv/bin/python bench/first_run_bench.py              # as served today
    .venv/bin/python bench/first_run_bench.py --prewarm    # with the two done earlier
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _scratch_db
ENTRY = str(REPO / "src" / "interview_platform" / "ui" / "app.py")


def prewarm() -> float:
    """Do Streamlit's two first-run costs now; return the seconds they took."""
    from interview_platform.ui.first_run import warm_streamlit_first_run

    return warm_streamlit_first_run()


def trial(do_prewarm: bool, show: int) -> None:
    """One fresh process's measurement (runs in the child)."""
    from _scratch_db import scratch_database

    with scratch_database() as url, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            {
                "IP_DATABASE__URL": url,
                "IP_STORAGE__ROOT": f"{tmp}/sessions",
                "IP_LOGGING__FILE": f"{tmp}/app.log",
                "IP_LOGGING__CONSOLE": "false",
            }
        )
        from interview_platform.ui.launch import warm_up

        warm = warm_up(str(REPO / "config.yaml"))
        extra = prewarm() if do_prewarm else 0.0
        from streamlit.runtime.scriptrunner import script_runner
        from streamlit.testing.v1 import AppTest

        runs: list[tuple[float, cProfile.Profile]] = []
        original = script_runner.ScriptRunner._run_script

        def timed(self: script_runner.ScriptRunner, rerun_data: object) -> None:
            profile = cProfile.Profile()  # on only with --show: it slows what it watches
            start = time.perf_counter()
            if show:
                profile.enable()
            try:
                original(self, rerun_data)  # type: ignore[arg-type]
            finally:
                profile.disable()
                runs.append((time.perf_counter() - start, profile))

        script_runner.ScriptRunner._run_script = timed  # type: ignore[method-assign]
        app = AppTest.from_file(ENTRY, default_timeout=120)
        app.run()
        app.run()
        print(
            f"warm-up {warm:.2f} s, prewarm {extra:.2f} s | Setup first run "
            f"{runs[0][0]:.3f} s{' (profiled)' if show else ''}, second run "
            f"{runs[1][0]:.3f} s | "
            f"load {os.getloadavg()[0]:.1f}"
        )
        if show:
            pstats.Stats(runs[0][1]).sort_stats("cumulative").print_stats(show)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prewarm", action="store_true", help="do the two one-offs first")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="top N calls of the first run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        trial(args.prewarm, args.show)
        return 0
    mode = "with the prewarm" if args.prewarm else "as served"
    print(f"Setup page, first server run after the warm-up ({mode}), {args.trials} processes:")
    for _ in range(args.trials):
        command = [sys.executable, __file__, "--child", "--show", str(args.show)]
        command += ["--prewarm"] if args.prewarm else []
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        print("  " + (done.stdout.strip() or done.stderr.strip()[-500:]).replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    sys.exit(main())

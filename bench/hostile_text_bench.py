"""Work on untrusted text grows linearly (target: 1 MB analysed in <= 1 s per analyser).

1. Every analyser that reads what a user or a model wrote is fed hostile shapes of text
   (prose, one endless token, unpunctuated words, digits, e-mail-like runs, questions
   without marks, marks and lines) at 64 KB, 256 KB and 1 MB, without the caps. For each
   it prints the worst shape's times and the growth per step (4x the text: linear work
   grows ~4x, quadratic ~16x); it passes at <= 1 s per MB and a growth from the first
   size to the last within 1.5 times the growth of the text.
2. The same 1 MB through the boundary: a resume upload (ResumeManager: read, cap at
   MAX_RESUME_CHARS, parse) and a conversation message (analysed up to
   MAX_ANALYSED_CHARS).
3. The other user's view: offline interviewer turns of one candidate are timed while a
   hostile 1 MB upload is processed again and again in a second thread (target: the
   turn's p95 grows by <= 100 ms), then while the raw analysers read 1 MB (no caps).
4. With --regex-audit: every compiled pattern of the package, fed runs of awkward
   characters at 4 KB and 16 KB; a pattern whose time grows over 8x is listed.

Times are CPU seconds of this process (time.process_time), so other processes on the
machine slow them less; the neighbour delay is wall-clock, as a user feels it.

Run: .venv/bin/python bench/hostile_text_bench.py [--max-kb 1024] [--regex-audit]
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import pkgutil
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.simulated_candidates import STRONG, make_context, url_shortener_problem

import interview_platform
from interview_platform.analysis import answers, claim_numbers, claims, conversation
from interview_platform.config import UploadSettings
from interview_platform.evaluation.evidence import sentences
from interview_platform.evaluation.signals import analyse_turn
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.interviewer.offline_phrases import questions_in
from interview_platform.models import Message, MessageRole
from interview_platform.problems.knowledge import KnowledgeBase
from interview_platform.problems.matching import text_concept
from interview_platform.resume.offline_parser import OfflineResumeParser
from interview_platform.resume.resume_manager import ResumeManager

PROSE = (
    "We shard the keys by hash across 16 nodes and keep 3 replicas; a write is acknowledged "
    "after 2 of them persist it, so p99 stays under 50 ms at 12,000 writes per second. "
)
RESUME_LINE = "## Senior Engineer | Acme — 2019 - 2021 *?\n"
SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: (PROSE * (n // len(PROSE) + 1))[:n],
    "one token": lambda n: "a" * n,
    "no punctuation": lambda n: ("cache shard replica queue " * (n // 26 + 1))[:n],
    "digits": lambda n: ("1234567890" * (n // 10 + 1))[:n],
    "e-mail-like": lambda n: ("a.b@c" * (n // 5 + 1))[:n],
    "no question mark": lambda n: ("why would you do that " * (n // 22 + 1))[:n],
    "marks and lines": lambda n: (RESUME_LINE * (n // len(RESUME_LINE) + 1))[:n],
}
STEPS_KB = (64, 256, 1024)


def _problem_and_knowledge() -> tuple[Any, Any]:
    problem = url_shortener_problem()
    return problem, KnowledgeBase.load_default().for_problem(problem)


def _analysers() -> dict[str, Callable[[str], object]]:
    problem, knowledge = _problem_and_knowledge()
    parser = OfflineResumeParser(clock=lambda: date(2026, 1, 1))

    def whole_conversation(text: str) -> object:
        conversation.clear_cache()
        # The raw reader, without the per-message cap that analyse() applies.
        return conversation._read_uncached(text, problem, knowledge)

    return {
        "split_claims": claims.split_claims,
        "answer_strength": lambda t: answers.answer_strength(t, problem.concepts),
        "vagueness": answers.vagueness,
        "quantities": claim_numbers.quantities,
        "stated_arithmetic": claim_numbers.stated_arithmetic,
        "conversation (uncapped)": whole_conversation,
        "questions_in": questions_in,
        "text_concept": lambda t: text_concept(t, "Custom"),
        "resume parse (uncapped)": parser.parse,
        "evidence sentences": sentences,
        "grading signals": lambda t: analyse_turn(Message("s", MessageRole.CANDIDATE, t)),
    }


def _boundary() -> dict[str, Callable[[str], object]]:
    """The same text as it really arrives: through the caps at the boundary."""
    problem, knowledge = _problem_and_knowledge()
    manager = _resume_manager()

    def message(text: str) -> object:
        conversation.clear_cache()
        candidate = Message("s", MessageRole.CANDIDATE, text)
        return conversation.analyse([candidate], problem, knowledge)

    return {
        "resume upload (capped)": lambda t: manager.parse_upload("cv.txt", t.encode()),
        "conversation.analyse (capped)": message,
    }


def _resume_manager() -> ResumeManager:
    parser = OfflineResumeParser(clock=lambda: date(2026, 1, 1))
    # Parsing never touches the candidate store.
    return ResumeManager(None, UploadSettings(), parser)  # type: ignore[arg-type]


def _cpu(fn: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    fn(text)
    return time.process_time() - start


def sweep(analysers: dict[str, Callable[[str], object]], max_kb: int) -> bool:
    """Print each analyser's worst shape at every size, with the growth per step."""
    steps = [kb for kb in STEPS_KB if kb <= max_kb] or [max_kb]
    ok = True
    for name, fn in analysers.items():
        worst: tuple[str, list[float]] = ("", [0.0])
        for shape, make in SHAPES.items():
            times = [max(_cpu(fn, make(kb * 1024)), 1e-6) for kb in steps]
            if times[-1] > worst[1][-1]:
                worst = (shape, times)
        shape, times = worst
        growth = [later / earlier for earlier, later in itertools.pairwise(times)]
        per_mb = times[-1] * 1024 / steps[-1]
        # Judged over the whole range (one step alone is noisy on a busy machine):
        # linear work grows like the text, quadratic like its square.
        overall = times[-1] / times[0]
        passed = per_mb <= 1.0 and overall <= 1.5 * steps[-1] / steps[0]
        ok = ok and passed
        sizes = "  ".join(f"{kb} KB {t * 1000:7.1f} ms" for kb, t in zip(steps, times, strict=True))
        ratios = " ".join(f"x{g:.1f}" for g in growth)
        print(
            f"{name:30s} worst {shape!r:18s} {sizes}  growth {ratios:12s} "
            f"{per_mb:5.2f} s/MB  {'OK' if passed else 'MISSED'}"
        )
    return ok


def _turn_times(turns: int) -> list[float]:
    problem = url_shortener_problem()
    engine = OfflineInterviewer()
    history = [Message("s", MessageRole.CANDIDATE, t) for t in STRONG[:6]]
    samples = []
    for _ in range(turns):
        conversation.clear_cache()  # each turn reads the history cold, like a new process
        ctx = make_context(problem, history, "high_level_design")
        start = time.perf_counter()
        "".join(engine.respond(ctx))
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _p95(samples: list[float]) -> float:
    return samples[max(0, int(len(samples) * 0.95) - 1)]


def neighbour(label: str, work: list[Callable[[], object]], turns: int) -> bool:
    """Time another candidate's offline turns with and without ``work`` in a thread."""
    quiet = _turn_times(turns)
    stop = threading.Event()
    rounds = 0

    def attack() -> None:
        nonlocal rounds
        while not stop.is_set():
            for job in work:
                job()
            rounds += 1

    worker = threading.Thread(target=attack, daemon=True)
    worker.start()
    busy = _turn_times(turns)
    stop.set()
    worker.join()
    delay = _p95(busy) - _p95(quiet)
    print(
        f"other candidate's turn during {label} ({rounds} rounds): quiet p50 "
        f"{statistics.median(quiet):.1f} ms p95 {_p95(quiet):.1f} ms; busy p50 "
        f"{statistics.median(busy):.1f} ms p95 {_p95(busy):.1f} ms (+{delay:.1f} ms, "
        f"target <= 100 ms: {'OK' if delay <= 100 else 'MISSED'})"
    )
    return delay <= 100


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern at module level in the package (also inside tuples)."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(interview_platform.__path__, "interview_platform."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # a module that cannot be imported here is skipped
            continue
        for key, value in vars(module).items():
            stack: list[tuple[str, Any]] = [(f"{info.name}.{key}", value)]
            while stack:
                name, item = stack.pop()
                if isinstance(item, re.Pattern):
                    found[name] = item
                elif isinstance(item, tuple):
                    stack += [(f"{name}[{i}]", x) for i, x in enumerate(item)]
    return found


_RUNS = (
    "a", "1", " ", ".", ",", "\n", "@", "-", "'", "*", "#", ":", "/", "\u2028", "a.", "1,",
    "a ", "1 ", "a-", ". ", "\t", "so ", "rf ", "://", "a://x:", "jan ", "2019 ", "1.", "`",
    " -", "m. ", "?", "\n\n ", "<", "a@",
)  # fmt: skip


def _pattern_cpu(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: other processes on the machine add noise
        start = time.process_time()
        pattern.findall(text)
        pattern.search(text)
        pattern.split(text)
        best = min(best, time.process_time() - start)
    return best


def regex_audit() -> bool:
    """List the patterns whose time grows more than 8x for 4x the text."""
    patterns = _patterns()
    slow = 0
    for name, pattern in sorted(patterns.items()):
        for run in _RUNS:
            for tail in ("", "x", "!", "\n"):
                small = _pattern_cpu(pattern, run * (4000 // len(run)) + tail)
                if small < 0.002:
                    continue  # too fast to measure a growth against noise
                large = _pattern_cpu(pattern, run * (16000 // len(run)) + tail)
                if large / small > 8:
                    slow += 1
                    print(f"  {name}: {run!r}+{tail!r} x{large / small:.1f} ({large:.3f} s)")
    print(f"regex audit: {len(patterns)} patterns, {slow} super-linear cases")
    return slow == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--regex-audit", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    linear = sweep(_analysers(), args.max_kb)
    capped = sweep(_boundary(), args.max_kb)
    hostile = SHAPES["no punctuation"](args.max_kb * 1024)
    upload = _boundary()["resume upload (capped)"]
    shared = neighbour(f"a hostile {args.max_kb} KB upload", [lambda: upload(hostile)], args.turns)
    raw = [lambda fn=fn: fn(hostile) for fn in _analysers().values()]  # type: ignore[misc]
    neighbour(f"every raw analyser on {args.max_kb} KB (no caps)", raw, args.turns)
    audited = regex_audit() if args.regex_audit else True
    print(f"overall: {'OK' if capped and shared and audited else 'MISSED'}", end="")
    print("" if linear else " (some analyser without its cap misses 1 s per MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A typed turn while another candidate's 60 s spoken answer is decoded (target <= 1 s).

Builds the app as ``app_factory.create_app`` does (throw-away database on the
PostgreSQL server of ``TEST_DATABASE_URL``, default
postgresql://postgres@127.0.0.1:5432/postgres; files in a temporary folder) with the
local Whisper recogniser. One candidate's 60 s answer (flite, voice slt, via sox to
16 kHz mono) is decoded again and again through ``AudioHandler.handle`` (the
push-to-talk path: keep the WAV, decode it in the Whisper process, keep the
transcript) in a background thread, while another candidate's typed turns are
answered by the offline interviewer (``AIInterviewer.reply``, timed from the call to
the last chunk of the reply). The same turns are timed without the decode.

Run: .venv/bin/python bench/concurrent_turn_bench.py [--turns 10] [--gap 0.3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from _scratch_db import scratch_database
from interview_platform.app_factory import App, create_app
from interview_platform.config import load_settings
from interview_platform.models import Candidate

TARGET_S = 1.0
ANSWER_S = 60.0
SENTENCES = (
    "I would put a load balancer in front of stateless application servers.",
    "Short links are stored in a sharded key value store, keyed by the short code.",
    "The hottest links are cached in Redis with a time to live of one hour.",
    "Writes go to the primary database and replicas serve the reads in other zones.",
    "Click events are sent to Kafka and an analytics worker aggregates them per hour.",
    "A rate limiter per user protects the write path from abuse.",
)
TYPED = "Reads go to the cache first; on a miss we read the database and fill the cache."


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def spoken_answer(folder: Path) -> bytes:
    """A 60 s spoken answer (flite slt, 16 kHz mono 16-bit WAV)."""
    flite, sox = shutil.which("flite"), shutil.which("sox")
    if flite is None or sox is None:
        raise SystemExit("needs Debian's flite and sox (apt-get install flite sox)")
    raw, out = folder / "raw.wav", folder / "answer.wav"
    text = " ".join(SENTENCES * 4)
    subprocess.run([flite, "-voice", "slt", "-t", text, "-o", str(raw)], check=True)
    convert = [sox, str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)]
    subprocess.run([*convert, "trim", "0", f"{ANSWER_S:g}"], check=True)
    return out.read_bytes()


class Decoding(threading.Thread):
    """Decodes one spoken answer through the app's audio path until stopped."""

    def __init__(self, app: App, session_id: str, wav: bytes) -> None:
        super().__init__(daemon=True)
        self._app, self._session_id, self._wav = app, session_id, wav
        self.stop = threading.Event()
        self.busy = threading.Event()
        self.seconds: list[float] = []
        self.models: set[str] = set()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.busy.set()
                started = time.perf_counter()
                turn = self._app.audio.handle(self._session_id, self._wav)
                self.seconds.append(time.perf_counter() - started)
                self.models.add(f"{turn.transcript.backend}/{turn.transcript.model}")
        except BaseException as exc:  # reported by the main thread
            self.error = exc


def typed_turns(app: App, session_id: str, turns: int, gap_s: float) -> list[float]:
    """Seconds from ``reply`` to the reply's last chunk, for ``turns`` typed answers."""
    timings: list[float] = []
    for turn in range(turns):
        started = time.perf_counter()
        reply = app.interviewer.reply(session_id, f"{TYPED} (turn {turn})").text()
        timings.append(time.perf_counter() - started)
        assert reply, "the offline interviewer answered nothing"
        time.sleep(gap_s)
    return timings


def new_session(app: App, name: str) -> str:
    """An active offline session of a new candidate, with its opening turn given."""
    candidate = app.store.candidates.create_candidate(Candidate(name=name))
    session = app.sessions.create(
        candidate.id,
        "offline",
        "rubric-interviewer",
        ["text", "audio"],
        "senior",
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    app.interviewer.open(session.id).text()
    return session.id


def report(label: str, values: list[float]) -> bool:
    """Print p50/p95/max of ``values`` against the target; True when p95 meets it."""
    p95 = _percentile(values, 0.95)
    print(
        f"typed turn {label}: p50 {statistics.median(values) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(values) * 1000:.0f} ms over {len(values)} turns "
        f"(target <= {TARGET_S:g} s: {'OK' if max(values) <= TARGET_S else 'MISSED'})"
    )
    return max(values) <= TARGET_S


def bench(app: App, wav: bytes, turns: int, gap_s: float) -> bool:
    """Time typed turns without and during the decode; print the figures."""
    app.audio.warm_up(wait=True)
    spoken = new_session(app, "Speaking candidate")
    alone = typed_turns(app, new_session(app, "Typing candidate A"), turns, gap_s)
    decoding = Decoding(app, spoken, wav)
    decoding.start()
    decoding.busy.wait(timeout=10)
    time.sleep(0.2)  # the first chunk of audio is in the recogniser
    during = typed_turns(app, new_session(app, "Typing candidate B"), turns, gap_s)
    decoding.stop.set()
    decoding.join()
    if decoding.error is not None:
        raise decoding.error
    secs = decoding.seconds
    print(
        f"60 s answer decode ({', '.join(sorted(decoding.models))}): "
        f"{statistics.median(secs):.2f} s median over {len(secs)} decodes "
        f"(real-time factor {statistics.median(secs) / ANSWER_S:.3f}); {os.cpu_count()} CPUs"
    )
    ok_alone = report("without a decode", alone)
    return report("during the 60 s decode", during) and ok_alone


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between typed turns")
    args = parser.parse_args()
    with scratch_database() as url, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        overrides = {
            "database": {"url": url},
            "storage": {"root": str(root / "sessions")},
            "logging": {"file": str(root / "app.log"), "console": False},
            "media": {"transcription_backend": "faster-whisper"},
        }
        settings = load_settings(config_path=None, env_file=None, overrides=overrides)
        app = create_app(settings)
        try:
            ok = bench(app, spoken_answer(root), args.turns, args.gap)
        finally:
            app.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

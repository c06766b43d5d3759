"""UI figures of issue D.

1. Interview page script time at 300 messages over at 10 messages (AppTest; target ratio ≤ 1.5).
2. Whiteboard snapshot save of a 1920×1080 drawing, PNG file + database row (target p95 ≤ 100 ms).

Run: ``.venv/bin/python bench/ui_bench.py`` (needs PostgreSQL at TEST_DATABASE_URL).
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from _scratch_db import scratch_database
from interview_platform.app_factory import App, create_app
from interview_platform.config import load_settings
from interview_platform.models import (
    Candidate,
    CommunicationMode,
    ExperienceLevel,
    Message,
    MessageRole,
)


def _session(app: App, messages: int) -> str:
    candidate = app.store.candidates.create_candidate(Candidate(name=f"Bench {messages}"))
    session = app.sessions.create(
        candidate.id,
        "offline",
        "rubric-interviewer",
        [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.SENIOR,
        problem_id="url-shortener",
    )
    app.sessions.start(session.id)
    for i in range(messages):
        role = MessageRole.INTERVIEWER if i % 2 == 0 else MessageRole.CANDIDATE
        text = f"Turn {i}: we shard by user id and cache hot keys in Redis. " * 4
        app.store.conversation.append_message(Message(session.id, role, text))
    return session.id


def page_time(session_id: str, runs: int = 15) -> float:
    """Median seconds of a full interview-page script run."""
    from streamlit.testing.v1 import AppTest

    from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

    at = AppTest.from_file(str(REPO / "src/interview_platform/ui/app.py"), default_timeout=60)
    at.session_state[BROWSER_KEY] = BrowserState(session_id=session_id)
    at.run()
    at.switch_page("app_pages/interview.py").run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _drawing_png() -> bytes:
    image = Image.new("RGB", (1920, 1080), "white")
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    for _ in range(40):
        x, y = rng.randrange(1700), rng.randrange(950)
        draw.rectangle([x, y, x + 200, y + 110], outline="#1f4e79", width=3)
        draw.text((x + 10, y + 10), "Service", fill="black")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def snapshot_times(app: App, session_id: str, runs: int = 40) -> list[float]:
    """Milliseconds to store a 1920×1080 snapshot (PNG file + rows)."""
    png = _drawing_png()
    canvas = {"objects": [{"type": "Rect"}] * 40}
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        app.whiteboard.snapshot(session_id, png, canvas)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    with scratch_database() as url, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            {
                "IP_DATABASE__URL": url,
                "IP_STORAGE__ROOT": f"{tmp}/sessions",
                "IP_LOGGING__FILE": f"{tmp}/app.log",
                "IP_LOGGING__CONSOLE": "false",
                "IP_CONFIG_FILE": str(REPO / "config.yaml"),
            }
        )
        app = create_app(load_settings(REPO / "config.yaml"))
        small, large = _session(app, 10), _session(app, 300)
        t10, t300 = page_time(small), page_time(large)
        print(
            f"interview page script: 10 msgs {t10 * 1000:.1f} ms, 300 msgs {t300 * 1000:.1f} ms,"
            f" ratio {t300 / t10:.2f} (target ≤ 1.5)"
        )
        snaps = sorted(snapshot_times(app, small))
        p50, p95 = snaps[len(snaps) // 2], snaps[int(len(snaps) * 0.95) - 1]
        print(
            f"snapshot 1920x1080 PNG + rows: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 ≤ 100)"
        )
        app.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

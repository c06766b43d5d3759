"""A whole App on the test database with a clock the test moves, and its statement count.

Used by the tests of the application layer (use cases and read models).
"""

from __future__ import annotations

import base64
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from psycopg2.extras import RealDictCursor
from testkit.app_settings import app_settings

from interview_platform.app_factory import App, create_app
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel, Session

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def build_app(database_url: str, tmp_path: Path, clock: Clock) -> App:
    """An App like the UI's, on the test database, with files under ``tmp_path``."""
    settings = app_settings(database_url, tmp_path, logging={"console": False})
    return create_app(settings, apply_schema=False, clock=clock)


def candidate(app: App, name: str = "Ada Rig") -> Candidate:
    """A new candidate profile."""
    return app.store.candidates.create_candidate(Candidate(name=name))


def started(app: App, who: Candidate, *, modes: list[CommunicationMode] | None = None) -> Session:
    """A started interview on the URL shortener (offline interviewer)."""
    session = app.sessions.create(
        who.id,
        "offline",
        "rubric-interviewer",
        modes or [CommunicationMode.TEXT, CommunicationMode.WHITEBOARD],
        ExperienceLevel.MID,
        problem_id="url-shortener",
    )
    return app.sessions.start(session.id)


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny, white PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def png_data_url() -> str:
    """The tiny PNG as the screen-share component sends it."""
    return "data:image/png;base64," + base64.b64encode(png()).decode()


class StatementCounter:
    """Counts the SQL statements this thread runs (other threads, e.g. the audit sink, not)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self._thread = threading.get_ident()

    @contextmanager
    def counting(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
        """Count every statement run through a dict cursor while the block runs."""
        original = RealDictCursor.execute
        seen = self.statements

        def execute(cur: RealDictCursor, query: Any, params: Any = None) -> Any:
            if threading.get_ident() == self._thread:
                seen.append(str(query))
            return original(cur, query, params)

        with monkeypatch.context() as patch:
            patch.setattr(RealDictCursor, "execute", execute)
            yield seen

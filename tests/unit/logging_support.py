"""Shared helpers of the logging tests: a fake audit store and a configure fixture."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from interview_platform.config import LoggingSettings
from interview_platform.models import AuditEvent
from interview_platform.observability.logging_manager import LoggingManager, configure_logging
from tests.unit.repository_fakes import InMemoryAudit

API_KEY = "sk-proj-TESTKEY0123456789abcdefXYZ"
DB_URL = "postgresql://app:Hunter2Secret@db.local:5432/interviews"


class AuditRows(InMemoryAudit):
    """Collects audit events; may fail or block on demand."""

    def __init__(self) -> None:
        super().__init__()
        self.fail = False
        self.gate: threading.Event | None = None
        self.calls = 0

    def write_audit_events(self, events: Sequence[AuditEvent]) -> None:
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(30)
        if self.fail:
            raise ConnectionError(f"database is down ({DB_URL})")
        self.events.extend(events)


Configure = Callable[..., LoggingManager]


@pytest.fixture()
def configure(tmp_path: Path) -> Iterator[Configure]:
    root = logging.getLogger()
    level = root.level
    managers: list[LoggingManager] = []

    def _configure(
        store: AuditRows | None = None, queue: int = 10_000, **settings: Any
    ) -> LoggingManager:
        values = {"file": tmp_path / "logs" / "app.log", "level": "DEBUG", **settings}
        manager = configure_logging(
            LoggingSettings(**values),
            store,
            secrets=[API_KEY, DB_URL],
            audit_queue_size=queue,
        )
        managers.append(manager)
        return manager

    yield _configure
    for manager in managers:
        manager.shutdown(timeout=1)
    root.setLevel(level)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def ours(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if getattr(h, "_interview_platform_handler", False)]

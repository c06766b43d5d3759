"""Readable console lines, JSON in the file, secrets masked in both, repeats limited."""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

import pytest

from interview_platform.config import LoggingSettings
from interview_platform.observability.logging_manager import session_context
from interview_platform.observability.redaction import Redactor
from interview_platform.observability.repeat_limit import RepeatLimiter
from interview_platform.observability.text_format import RedactingTextFormatter
from tests.unit.logging_support import API_KEY, DB_URL, Configure, configure, lines

__all__ = ["configure"]  # the fixture, imported for pytest

SESSION = "ab12cd34-5678-90ef-1234-567890abcdef"


def record(msg: str, level: int = logging.INFO, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("interview_platform.session", level, __file__, 1, msg, (), None)
    rec.__dict__.update(extra)
    return rec


def test_a_record_is_one_readable_line() -> None:
    formatter = RedactingTextFormatter(Redactor())
    rec = record("session started", session_id=SESSION, minutes=42, duration_ms=12.4)

    line = formatter.format(rec)

    assert re.fullmatch(
        r"\d\d:\d\d:\d\d INFO  session started  session=ab12cd34… took=12ms minutes=42", line
    )


def test_a_warning_names_its_component_and_long_values_are_cut() -> None:
    line = RedactingTextFormatter(Redactor()).format(
        record("slow decoder", logging.WARNING, error="x" * 500)
    )

    assert "\n" not in line
    assert line.endswith("[interview_platform.session]")
    assert len(line) < 220


def test_secrets_are_masked_in_the_readable_line() -> None:
    formatter = RedactingTextFormatter(Redactor([API_KEY, DB_URL]))
    rec = record(
        f"calling with {API_KEY}", url=DB_URL, headers={"Authorization": "Bearer " + "t" * 20}
    )

    line = formatter.format(rec)

    assert API_KEY not in line
    assert "Hunter2Secret" not in line
    assert "t" * 20 not in line
    assert "***" in line


def test_an_exception_trace_follows_the_line_redacted() -> None:
    try:
        raise ValueError(f"bad key {API_KEY}")
    except ValueError:
        rec = logging.LogRecord("c", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    text = RedactingTextFormatter(Redactor([API_KEY])).format(rec)

    assert text.splitlines()[0].endswith("failed  [c]")
    assert "Traceback" in text and "ValueError" in text
    assert API_KEY not in text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_repeated_warning_passes_once_per_interval_with_the_count() -> None:
    clock = Clock()
    limiter = RepeatLimiter(interval_s=30, clock=clock)
    warn = "Not all the queued frames have been consumed"

    passed = [limiter.filter(record(warn, logging.WARNING)) for _ in range(50)]
    clock.now += 31
    after = record(warn, logging.WARNING)
    kept = limiter.filter(after)

    assert passed == [True] + [False] * 49
    assert kept and after.suppressed == 49  # type: ignore[attr-defined]
    assert RedactingTextFormatter(Redactor()).format(after).endswith("(49 similar suppressed)")


def test_other_messages_info_lines_and_a_zero_interval_are_not_limited() -> None:
    clock = Clock()
    limiter = RepeatLimiter(interval_s=30, clock=clock)
    assert limiter.filter(record("first", logging.WARNING))
    assert limiter.filter(record("second", logging.WARNING))
    assert limiter.filter(record("request %d failed", logging.ERROR, args=(1,)))
    assert limiter.filter(record("request %d failed", logging.ERROR, args=(2,)))
    assert all(limiter.filter(record("turn stored")) for _ in range(5))
    off = RepeatLimiter(interval_s=0, clock=clock)
    assert all(off.filter(record("first", logging.WARNING)) for _ in range(5))


def test_console_is_readable_and_the_file_keeps_json(
    configure: Configure, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure(level="INFO")
    log = logging.getLogger("interview_platform.session")

    with session_context(SESSION):
        log.info("session started", extra={"minutes": 42, "api_key": API_KEY})

    err = capsys.readouterr().err.strip().splitlines()
    assert re.fullmatch(r"\d\d:\d\d:\d\d INFO  session started  session=ab12cd34… .*", err[-1])
    assert API_KEY not in err[-1]
    entry = lines(tmp_path / "logs" / "app.log")[-1]
    assert entry["message"] == "session started" and entry["session_id"] == SESSION
    assert API_KEY not in json.dumps(entry)


def test_json_on_the_console_is_an_option(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(level="INFO", console_format="json")

    logging.getLogger("interview_platform.x").info("hello")

    assert json.loads(capsys.readouterr().err.strip().splitlines()[-1])["message"] == "hello"


def test_the_console_and_the_file_each_limit_a_flood(
    configure: Configure, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    configure(level="INFO", repeat_interval_s=60)
    log = logging.getLogger("streamlit_webrtc.process")

    for _ in range(100):
        log.warning("Not all the queued frames have been consumed")

    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert len(lines(tmp_path / "logs" / "app.log")) == 1


def test_the_settings_default_to_text_and_reject_other_formats() -> None:
    assert LoggingSettings().console_format == "text"
    with pytest.raises(ValueError, match="console_format"):
        LoggingSettings(console_format="xml")

"""The compose init script and the packaged schema are the same file."""

from __future__ import annotations

from pathlib import Path

from interview_platform.database.errors import redact, redact_url
from interview_platform.database.migrate import schema_sql

ROOT = Path(__file__).resolve().parents[2]


def test_init_sql_is_identical_to_packaged_schema() -> None:
    packaged = ROOT / "src" / "interview_platform" / "database" / "schema.sql"
    assert (ROOT / "init.sql").read_bytes() == packaged.read_bytes()
    assert schema_sql() == packaged.read_text(encoding="utf-8")


def test_schema_is_idempotent_by_construction() -> None:
    statements = [s.strip() for s in schema_sql().split(";") if s.strip()]
    creates = [s for s in statements if "CREATE " in s.upper()]
    assert creates
    assert all("IF NOT EXISTS" in s.upper() for s in creates)
    assert "ON CONFLICT" in statements[-1].upper()


def test_passwords_are_masked_in_urls_and_messages() -> None:
    url = "postgresql://app:p%40ss@db:5432/ip?sslmode=require"
    assert redact_url(url) == "postgresql://app:***@db:5432/ip?sslmode=require"
    assert redact_url("postgresql://postgres@127.0.0.1/x") == "postgresql://postgres@127.0.0.1/x"
    message = "failed for host=db password=hunter2 and postgresql://u:hunter2@h/d"
    assert "hunter2" not in redact(message, "host=db password=hunter2")
    assert "hunter2" not in redact_url("host=db password=hunter2 dbname=x")

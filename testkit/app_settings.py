"""Settings of a whole App on a test database: no config file, no environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interview_platform.config import Settings, load_settings

# The stubs listen on 127.0.0.1 and tests name them as typed base URLs: the operator of
# a test allows that host (the default refuses loopback addresses, issue 12).
LOOPBACK_OUTBOUND: dict[str, Any] = {"allowed_hosts": ["127.0.0.1"]}


def app_settings(database_url: str, root: Path, **sections: dict[str, Any]) -> Settings:
    """Settings with the database at ``database_url`` and every file under ``root``.

    Args:
        database_url: The test database.
        root: Session files go to ``root/sessions``, the log to ``root/app.log``.
        **sections: More settings per section, merged over these (e.g.
            ``logging={"console": False}``, ``providers={...}``,
            ``outbound={"allowed_hosts": []}`` for the default policy).
    """
    overrides: dict[str, dict[str, Any]] = {
        "database": {"url": database_url},
        "storage": {"root": str(root / "sessions")},
        "logging": {"file": str(root / "app.log")},
        "outbound": LOOPBACK_OUTBOUND,
    }
    for name, values in sections.items():
        overrides[name] = {**overrides.get(name, {}), **values}
    return load_settings(None, None, environ={}, overrides=overrides)

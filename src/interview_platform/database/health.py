"""Is the database there? One quick, honest answer, and sockets that do not hang.

A health check must say the truth *now*: :func:`ping` opens a new connection (a pooled
socket may be dead without knowing it), runs ``SELECT 1`` and gives up after a few
seconds, without retries. :data:`SOCKET_OPTIONS` are the libpq settings every pooled
connection uses so that a server that vanishes without closing its sockets (a cut
network) fails a statement within seconds instead of leaving it waiting.
"""

from __future__ import annotations

from typing import Any

import psycopg2

from interview_platform.database.sql import HEALTH

__all__ = ["PING_TIMEOUT_S", "SOCKET_OPTIONS", "ping"]

# Sent data unacknowledged for 10 s, or an idle peer silent to three keepalives, ends
# the connection.
SOCKET_OPTIONS: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
PING_TIMEOUT_S = 2


def ping(dsn: str, timeout_s: int = PING_TIMEOUT_S) -> bool:
    """Whether the server at ``dsn`` answers ``SELECT 1`` on a new connection in time.

    Never raises: any failure (refused, timed out, authentication) is ``False``.
    """
    limit_ms = timeout_s * 1000
    params: dict[str, Any] = {
        **SOCKET_OPTIONS,
        "tcp_user_timeout": limit_ms,
        "connect_timeout": timeout_s,
        "application_name": "interview_platform_ping",
        "options": f"-c statement_timeout={limit_ms}",
    }
    try:
        conn = psycopg2.connect(dsn, **params)
    except psycopg2.Error:
        return False
    try:
        with conn.cursor() as cur:
            cur.execute(HEALTH)
            return bool(cur.fetchone() == (1,))
    except psycopg2.Error:
        return False
    finally:
        conn.close()

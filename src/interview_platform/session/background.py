"""What ending an interview needs to hand its evaluation to the job queue.

The job's payload is stored, so it never holds a key: it keeps the provider, model and
base URL, and whether the operator's keys may be used. A key the candidate typed stays
in the memory of the process that ended the interview (:class:`CredentialHandoff`); the
embedded worker of that process uses it, a worker elsewhere evaluates without it (with
the operator's key where the account may use it, else offline, saying so in the report).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Final, Protocol

from interview_platform.llm.credentials import ProviderCredentials

MAX_HANDOFFS: Final = 1_000  # typed keys kept for queued evaluations (oldest dropped)


class EvaluationQueue(Protocol):
    """Where an ended interview's evaluation is queued."""

    def enqueue_evaluation(self, session_id: str, payload: dict[str, Any]) -> None:
        """Queue the evaluation unless the session already has an open one."""

    def enqueue_rescore(self, session_id: str, payload: dict[str, Any]) -> None:
        """Queue scoring an ended session again unless one is already open."""


def creds_payload(creds: ProviderCredentials | None) -> dict[str, Any]:
    """The storable part of ``creds`` (no key), for the job's payload."""
    if creds is None:
        return {}
    return {
        "provider": creds.provider,
        "model": creds.model,
        "base_url": creds.base_url,
        "operator_key": creds.operator_key,
        "typed_key": creds.api_key is not None,
    }


def creds_from_payload(payload: dict[str, Any]) -> ProviderCredentials | None:
    """Credentials rebuilt from a payload (without a key); None when it names none."""
    if not payload.get("provider"):
        return None
    return ProviderCredentials(
        provider=str(payload["provider"]),
        model=str(payload.get("model") or ""),
        base_url=payload.get("base_url") or None,
        operator_key=bool(payload.get("operator_key", False)),
    )


class CredentialHandoff:
    """Typed credentials of queued evaluations, in this process's memory only.

    Thread-safe and bounded: the oldest entries go first when it is full.
    """

    def __init__(self, limit: int = MAX_HANDOFFS) -> None:
        self._items: OrderedDict[str, ProviderCredentials] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def put(self, session_id: str, creds: ProviderCredentials | None) -> None:
        """Keep ``creds`` for the session's job (nothing to keep without a key)."""
        if creds is None or creds.api_key is None:
            return
        with self._lock:
            self._items[session_id] = creds
            self._items.move_to_end(session_id)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def get(self, session_id: str) -> ProviderCredentials | None:
        """The kept credentials of the session, if this process has them."""
        with self._lock:
            return self._items.get(session_id)

    def drop(self, session_id: str) -> None:
        """Forget the session's credentials (its job is over)."""
        with self._lock:
            self._items.pop(session_id, None)

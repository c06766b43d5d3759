"""Recognise architecture patterns in a diagram graph.

Pattern names: ``replication``, ``sharding``, ``pub_sub``, ``cqrs``,
``rate_limiting``, ``caching``, ``cdn``, ``load_balancing``,
``async_processing``. Detection is deliberately simple and explainable: it
looks at component kinds, label words and who is connected to whom.
"""

from __future__ import annotations

from collections.abc import Callable

from interview_platform.analysis.answers import TextIndex
from interview_platform.diagram.model import DiagramGraph

__all__ = ["PATTERN_NAMES", "detect_patterns", "neighbours"]

PATTERN_NAMES: dict[str, str] = {
    "replication": "replication",
    "sharding": "sharding",
    "pub_sub": "publish/subscribe",
    "cqrs": "CQRS (separate read and write paths)",
    "rate_limiting": "rate limiting",
    "caching": "caching",
    "cdn": "a CDN",
    "load_balancing": "load balancing",
    "async_processing": "asynchronous processing",
}


def neighbours(graph: DiagramGraph) -> dict[str, set[str]]:
    """Map each component id to the ids it is connected to (either direction)."""
    result: dict[str, set[str]] = {c.id: set() for c in graph.components}
    for conn in graph.connections:
        result.setdefault(conn.source_id, set()).add(conn.target_id)
        result.setdefault(conn.target_id, set()).add(conn.source_id)
    return result


def _labels_have(graph: DiagramGraph, words: tuple[str, ...]) -> bool:
    return any(TextIndex(c.label).matches(words) for c in graph.components)


def _ids_of(graph: DiagramGraph, kind: str) -> list[str]:
    return [c.id for c in graph.components if c.kind == kind]


def _replication(graph: DiagramGraph) -> bool:
    words = ("replica", "replicas", "primary", "secondary", "follower", "leader", "master")
    if _labels_have(graph, words):
        return True
    return len(_ids_of(graph, "database")) >= 2 and not _sharding(graph)


def _sharding(graph: DiagramGraph) -> bool:
    if _labels_have(graph, ("shard", "partition", "sharded", "partitioned")):
        return True
    dbs = set(_ids_of(graph, "database"))
    adjacent = neighbours(graph)
    routers = [c for c in graph.components if TextIndex(c.label).matches(("router", "coordinator"))]
    return any(len(adjacent.get(r.id, set()) & dbs) >= 2 for r in routers)


def _pub_sub(graph: DiagramGraph) -> bool:
    if _labels_have(graph, ("pub sub", "pubsub", "topic", "fan out", "fanout")):
        return True
    adjacent = neighbours(graph)
    for queue_id in _ids_of(graph, "queue"):
        consumers = {c.target_id for c in graph.connections if c.source_id == queue_id}
        if len(consumers) >= 2 or len(adjacent.get(queue_id, set())) >= 3:
            return True
    return False


def _cqrs(graph: DiagramGraph) -> bool:
    if _labels_have(graph, ("cqrs", "command", "read model")):
        return True
    reads = {c.id for c in graph.components if TextIndex(c.label).matches(("read", "query"))}
    writes = {c.id for c in graph.components if TextIndex(c.label).matches(("write", "command"))}
    return bool(reads) and bool(writes) and reads != writes


def _caching(graph: DiagramGraph) -> bool:
    caches = _ids_of(graph, "cache")
    if not caches:
        return False
    adjacent = neighbours(graph)
    return any(adjacent.get(c) for c in caches) or bool(_ids_of(graph, "database"))


def _async(graph: DiagramGraph) -> bool:
    return bool(_ids_of(graph, "queue")) and bool(
        _ids_of(graph, "worker") or _ids_of(graph, "stream_processor")
    )


_DETECTORS: tuple[tuple[str, Callable[[DiagramGraph], bool]], ...] = (
    ("replication", _replication),
    ("sharding", _sharding),
    ("pub_sub", _pub_sub),
    ("cqrs", _cqrs),
    ("rate_limiting", lambda g: bool(_ids_of(g, "rate_limiter"))),
    ("caching", _caching),
    ("cdn", lambda g: bool(_ids_of(g, "cdn"))),
    ("load_balancing", lambda g: bool(_ids_of(g, "load_balancer"))),
    ("async_processing", _async),
)


def detect_patterns(graph: DiagramGraph) -> list[str]:
    """Return the names of the patterns the diagram shows, in a fixed order.

    Args:
        graph: A diagram graph with components and connections.
    """
    return [name for name, detector in _DETECTORS if detector(graph)]

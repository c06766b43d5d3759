"""Shared machinery of the wire-protocol stub servers (see the package docstring).

A :class:`StubServer` is a ``ThreadingHTTPServer`` on 127.0.0.1 with an
ephemeral port. Each completion request takes the next scripted reply from a
queue (or the default text when the queue is empty), records the request, and
reports deterministic token counts so tests can compare usage exactly.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, Self

from testkit.stubs.handler import QuietServer, StubHandler
from testkit.stubs.script import (
    DEFAULT_TEXT,
    RecordedRequest,
    ScriptedReply,
    Usage,
    count_tokens,
    split_chunks,
)


class StubServer:
    """Base of the provider stubs: queue, recording, lifecycle.

    Args:
        api_key: When set, requests carrying another key get a 401.
        models: Model ids the stub knows; others get a 404.
        default_text: Reply used when nothing is queued.
        delay_s: Default wait before the first byte/token of a completion.
        chunk_delay_s: Default wait between streamed chunks.
        enforce_max_tokens: Cut a reply longer than the request's output limit
            (``max_tokens`` / ``max_completion_tokens``) to the limit and report it as
            stopped by the limit, as the real services do.
    """

    known_models: tuple[str, ...] = ()

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: Iterable[str] | None = None,
        default_text: str = DEFAULT_TEXT,
        delay_s: float = 0.0,
        chunk_delay_s: float = 0.0,
        enforce_max_tokens: bool = True,
    ) -> None:
        self.api_key = api_key
        self.enforce_max_tokens = enforce_max_tokens
        self.models = list(models if models is not None else self.known_models)
        self.default_text = default_text
        self.delay_s = delay_s
        self.chunk_delay_s = chunk_delay_s
        self.models_error: int | None = None
        self.usages: list[Usage] = []
        self.first_token_s: list[float] = []
        self._requests: list[RecordedRequest] = []
        self._queue: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        handler = type("BoundHandler", (StubHandler,), {"stub": self})
        self._server = QuietServer(("127.0.0.1", 0), handler)
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------
    @property
    def port(self) -> int:
        """The TCP port the stub listens on."""
        return int(self._server.server_address[1])

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no path)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        """Start serving in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port; pending delays are cut short."""
        self._stop.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- scripting ------------------------------------------------------------
    def enqueue_text(self, text: str, **options: Any) -> None:
        """Queue a successful reply; options are :class:`ScriptedReply` fields."""
        with self._lock:
            self._queue.append(ScriptedReply(text=text, **options))

    def enqueue_error(
        self, status: int, *, times: int = 1, message: str = "", retry_after_ms: int | None = 1
    ) -> None:
        """Queue ``times`` error responses with the provider's error JSON."""
        with self._lock:
            for _ in range(times):
                self._queue.append(
                    ScriptedReply(status=status, message=message, retry_after_ms=retry_after_ms)
                )

    def next_reply(self) -> ScriptedReply:
        """Pop the next scripted reply, or the default one."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return ScriptedReply(text=self.default_text)

    @property
    def pending(self) -> int:
        """Replies still queued."""
        with self._lock:
            return len(self._queue)

    # -- recording ------------------------------------------------------------
    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(req)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Requests whose path equals ``path``."""
        return [r for r in self.requests if r.path == path]

    def reset(self) -> None:
        """Forget recorded requests, usage and queued replies."""
        with self._lock:
            self._requests.clear()
            self._queue.clear()
            self.usages.clear()
            self.first_token_s.clear()

    # -- helpers for subclasses ----------------------------------------------
    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the stub is closed."""
        if seconds > 0:
            self._stop.wait(seconds)

    def stream_chunks(
        self, reply: ScriptedReply, started: float, handler: StubHandler
    ) -> Iterator[tuple[int, str]]:
        """Yield (index, chunk) pacing them; records time-to-first-token after the first."""
        delay = reply.chunk_delay_s if reply.chunk_delay_s is not None else self.chunk_delay_s
        for index, chunk in enumerate(split_chunks(reply.text)):
            if index:
                self.wait(delay)
            yield index, chunk
            if index == 0:
                self.first_token_s.append(time.perf_counter() - started)

    def first_delay(self, reply: ScriptedReply) -> float:
        """Delay before the first byte of a completion."""
        return reply.delay_s if reply.delay_s is not None else self.delay_s

    def error_json(self, status: int, message: str = "") -> dict[str, Any]:
        """The provider's error document (implemented by each provider stub)."""
        raise NotImplementedError

    def prompt_tokens(self, body: dict[str, Any]) -> int:
        """Tokens of the prompt in a request body (implemented by each provider stub)."""
        raise NotImplementedError

    def send_error(self, reply: ScriptedReply, handler: StubHandler) -> None:
        """Answer a scripted error with fast-retry headers."""
        headers = {"retry-after": "0"}
        if reply.retry_after_ms is not None:
            headers["retry-after-ms"] = str(reply.retry_after_ms)
        handler.send_json(reply.status, self.error_json(reply.status, reply.message), headers)

    def scripted_completion(
        self, body: dict[str, Any], handler: StubHandler, unknown_model: str
    ) -> tuple[ScriptedReply, Usage] | None:
        """Run the common part of a completion: model check, delay, scripted error, usage.

        Returns None when an error was already answered; otherwise the reply to send and
        its usage, which is recorded first (a client may finish reading before this
        thread resumes).
        """
        if str(body.get("model", "")) not in self.models:
            handler.send_json(404, self.error_json(404, unknown_model))
            return None
        reply = self.next_reply()
        self.wait(self.first_delay(reply))
        if reply.status != 200:
            self.send_error(reply, handler)
            return None
        reply = self.apply_limit(reply, body)
        usage = Usage(
            reply.input_tokens or self.prompt_tokens(body),
            reply.output_tokens or count_tokens(reply.text),
        )
        self.record_usage(usage)
        return reply, usage

    @staticmethod
    def output_limit(body: dict[str, Any]) -> int | None:
        """The request's output token limit, if it set one."""
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        return int(limit) if limit else None

    def apply_limit(self, reply: ScriptedReply, body: dict[str, Any]) -> ScriptedReply:
        """Cut a reply that exceeds the request's output limit, as the real services do."""
        limit = self.output_limit(body)
        if not self.enforce_max_tokens or limit is None or count_tokens(reply.text) <= limit:
            return reply
        return replace(reply, text=reply.text[: limit * 4], truncated=True, output_tokens=limit)

    def record_usage(self, usage: Usage) -> None:
        """Remember the usage reported for a completion."""
        with self._lock:
            self.usages.append(usage)

    def route(self, req: RecordedRequest, handler: StubHandler) -> None:
        """Answer a request (implemented by each provider stub)."""
        raise NotImplementedError

"""Shared machinery of the wire-protocol stub servers (see the package docstring).

A :class:`StubServer` is a ``ThreadingHTTPServer`` on 127.0.0.1 with an
ephemeral port. Each completion request takes the next scripted reply from a
queue (or the default text when the queue is empty), records the request, and
reports deterministic token counts so tests can compare usage exactly.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

DEFAULT_TEXT = "Thanks. How would you estimate the peak read traffic for this system?"


def count_tokens(text: str) -> int:
    """Deterministic token count used by both stubs: one token per 4 characters (min 1)."""
    return max(1, (len(text) + 3) // 4)


def split_chunks(text: str) -> list[str]:
    """Split a reply into stream chunks: one word each, keeping the spaces."""
    words = text.split(" ")
    return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words) if w or i == 0]


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request the stub received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes = b""


@dataclass(frozen=True)
class Usage:
    """Tokens the stub reported for one successful completion."""

    input_tokens: int
    output_tokens: int


@dataclass
class ScriptedReply:
    """What the next completion request gets: text, or an HTTP error."""

    text: str = DEFAULT_TEXT
    status: int = 200
    message: str = ""
    delay_s: float | None = None
    chunk_delay_s: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    retry_after_ms: int | None = 1
    extra: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False
    """Answer as cut off at the output limit (OpenAI ``length``, Anthropic ``max_tokens``)."""


class StubHandler(BaseHTTPRequestHandler):
    """Request handler; the routing lives on the owning :class:`StubServer`."""

    protocol_version = "HTTP/1.1"
    # Real servers disable Nagle; without this small SSE writes wait ~40 ms for delayed ACKs.
    disable_nagle_algorithm = True
    stub: StubServer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _dispatch(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = raw
        if "json" in (self.headers.get("content-type") or ""):
            body = json.loads(raw or b"null")
        req = RecordedRequest(
            self.command,
            self.path.split("?")[0],
            {k.lower(): v for k, v in self.headers.items()},
            body,
            raw,
        )
        self.stub._record(req)
        try:
            self.stub.route(req, self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = _dispatch
    do_POST = _dispatch

    def send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        """Send a complete JSON response."""
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def start_stream(self) -> None:
        """Begin a chunked ``text/event-stream`` response."""
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

    def write_event(self, data: str) -> None:
        """Write one SSE event (already formatted, ending in a blank line) as an HTTP chunk."""
        payload = data.encode()
        self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
        self.wfile.flush()

    def end_stream(self) -> None:
        """Terminate the chunked response."""
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (timeouts, cancelled streams) are expected, not errors."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore connection resets; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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
        self._server = _QuietServer(("127.0.0.1", 0), handler)
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

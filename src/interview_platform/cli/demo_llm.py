"""``python -m interview_platform demo-llm``: a small local model server, no key needed.

It speaks the OpenAI chat-completions protocol (``GET /v1/models``, ``POST
/v1/chat/completions`` as JSON or as a server-sent-event stream), so the app's
OpenAI-compatible provider can use it and a user sees an interviewer reply arrive token
by token without an account anywhere. Its replies are canned interviewer lines, not a
model's thoughts. ``./startup.sh --demo-llm`` starts it beside the app on 127.0.0.1.
Only the standard library is used: it runs in the app's own environment.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_PORT = 8765
DEMO_MODEL = "llama3.1"  # the OpenAI-compatible provider's default model in config.yaml
_REPLIES = (
    "Thanks. Before any boxes and arrows: who uses this system, and roughly how many "
    "reads and writes per second do you expect at peak?",
    "Good. Walk me through the write path: what happens, step by step, from the client's "
    "request until the data is durable?",
    "Where is the first bottleneck as traffic grows tenfold, and what would you change "
    "first: caching, partitioning or something else?",
    "How does your design behave when one data centre goes away? What does the user see, "
    "and what data could be lost?",
    "Let's talk about consistency: which reads must see the latest write, and which can "
    "be a little stale?",
    "We have a few minutes left. Summarise your design and the one trade-off you are "
    "least sure about.",
)
_TOKEN = re.compile(r"\S+\s*")


def tokens(text: str) -> list[str]:
    """Split a reply into the pieces streamed one event each (a word and its space)."""
    return _TOKEN.findall(text)


class DemoModel:
    """The replies, in turn (thread-safe: the server answers requests on threads)."""

    def __init__(self, token_delay_s: float = 0.04) -> None:
        self.token_delay_s = token_delay_s
        self._cycle = itertools.cycle(_REPLIES)
        self._lock = threading.Lock()

    def next_reply(self) -> str:
        """The next interviewer line."""
        with self._lock:
            return next(self._cycle)


def _usage(prompt: str, reply: str) -> dict[str, int]:
    # Roughly four characters a token, like the providers' own rule of thumb.
    prompt_tokens, completion_tokens = len(prompt) // 4 + 1, len(reply) // 4 + 1
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _prompt_text(body: dict[str, Any]) -> str:
    parts = []
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            parts.append(content)
    return "\n".join(parts)


class DemoHandler(BaseHTTPRequestHandler):
    """One request to the demo server."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small streamed writes go out at once
    model: DemoModel

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the app's console is for the app."""

    def do_GET(self) -> None:
        """``/v1/models``: the one demo model."""
        if self.path.rstrip("/") == "/v1/models":
            entry = {"id": DEMO_MODEL, "object": "model", "created": 0, "owned_by": "demo"}
            self._json(200, {"object": "list", "data": [entry]})
        elif self.path.startswith("/v1/models/"):
            model = self.path.removeprefix("/v1/models/")
            self._json(200, {"id": model, "object": "model", "created": 0, "owned_by": "demo"})
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        """``/v1/chat/completions``: the next canned reply, streamed when asked."""
        length = int(self.headers.get("content-length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = None
        if self.path.rstrip("/") != "/v1/chat/completions" or not isinstance(body, dict):
            self._json(400, {"error": {"message": "bad request", "type": "invalid_request"}})
            return
        reply = self.model.next_reply()
        model = str(body.get("model") or DEMO_MODEL)
        usage = _usage(_prompt_text(body), reply)
        if body.get("stream"):
            wants_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(reply, model, usage if wants_usage else None)
            return
        message = {"role": "assistant", "content": reply}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        self._json(200, {**_head(model, "chat.completion"), "choices": [choice], "usage": usage})

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, reply: str, model: str, usage: dict[str, int] | None) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        try:
            for event in _events(reply, model, usage, self.model.token_delay_s):
                payload = event.encode()
                self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the app stopped reading (a deadline, a new page)


def _head(model: str, kind: str) -> dict[str, Any]:
    return {"id": "chatcmpl-demo", "object": kind, "created": int(time.time()), "model": model}


def _events(reply: str, model: str, usage: dict[str, int] | None, delay_s: float) -> Iterator[str]:
    """The server-sent events of one streamed reply, paced ``delay_s`` apart."""
    head = _head(model, "chat.completion.chunk")
    for index, piece in enumerate(tokens(reply)):
        if index:
            time.sleep(delay_s)
        delta = {"role": "assistant", "content": piece} if index == 0 else {"content": piece}
        choice = {"index": 0, "delta": delta, "finish_reason": None}
        yield f"data: {json.dumps({**head, 'choices': [choice]})}\n\n"
    done = {"index": 0, "delta": {}, "finish_reason": "stop"}
    yield f"data: {json.dumps({**head, 'choices': [done]})}\n\n"
    if usage is not None:
        yield f"data: {json.dumps({**head, 'choices': [], 'usage': usage})}\n\n"
    yield "data: [DONE]\n\n"


def make_server(port: int = 0, token_delay_s: float = 0.04) -> ThreadingHTTPServer:
    """A demo server bound to 127.0.0.1:``port`` (0: any free port); call serve_forever."""
    handler = type("BoundDemoHandler", (DemoHandler,), {"model": DemoModel(token_delay_s)})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def register(subparsers: Any) -> None:
    """Add the ``demo-llm`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo-llm", help="run a local OpenAI-compatible demo model server (no key needed)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1")
    parser.add_argument(
        "--token-delay", type=float, default=0.04, help="seconds between streamed words"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    server = make_server(args.port, args.token_delay)
    port = server.server_address[1]
    print(f"demo model server: http://127.0.0.1:{port}/v1 (model {DEMO_MODEL})", file=sys.stderr)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0

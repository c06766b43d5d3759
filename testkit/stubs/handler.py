"""The HTTP side of a stub server: request recording and JSON / SSE responses."""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from testkit.stubs.script import RecordedRequest

if TYPE_CHECKING:
    from testkit.stubs.base import StubServer


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


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up (timeouts, cancelled streams) are expected, not errors."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore connection resets; report anything else as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

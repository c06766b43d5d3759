"""A local server speaking the Anthropic Messages protocol for the official SDK.

Endpoints: ``POST /v1/messages`` (JSON, or SSE events ``message_start`` (usage
with input tokens), ``content_block_start``, ``ping``, ``content_block_delta``
(``text_delta``), ``content_block_stop``, ``message_delta`` (cumulative usage:
input and output tokens) and ``message_stop``), ``GET /v1/models`` and ``GET
/v1/models/{id}``. See :mod:`testkit.stubs` for the scripting API.
"""

from __future__ import annotations

import json
import time
from typing import Any

from testkit.stubs.base import StubServer
from testkit.stubs.handler import StubHandler
from testkit.stubs.script import RecordedRequest, ScriptedReply, Usage, count_tokens

_ERRORS = {
    400: ("invalid_request_error", "Bad request."),
    401: ("authentication_error", "invalid x-api-key"),
    404: ("not_found_error", "model: not found"),
    429: ("rate_limit_error", "Number of requests has exceeded your rate limit."),
    500: ("api_error", "Internal server error"),
    529: ("overloaded_error", "Overloaded"),
}


def prompt_text(body: dict[str, Any]) -> str:
    """All text of the request: system plus messages (what input tokens are counted from)."""
    parts: list[str] = []
    for item in [{"content": body.get("system") or ""}, *body.get("messages", [])]:
        content = item.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(p.get("text", "") for p in content if isinstance(p, dict))
    return "\n".join(p for p in parts if p)


def error_body(status: int, message: str = "") -> dict[str, Any]:
    """The Anthropic error JSON for an HTTP status."""
    kind, default = _ERRORS.get(status, ("api_error", "Error."))
    return {"type": "error", "error": {"type": kind, "message": message or default}}


def _stop(reply: ScriptedReply) -> str:
    """The stop reason of a reply: cut off at ``max_tokens`` or a natural end."""
    return "max_tokens" if reply.truncated else "end_turn"


def _sse(name: str, payload: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(payload)}\n\n"


class AnthropicStub(StubServer):
    """Anthropic-protocol stub; ``base_url`` is the root, as the SDK appends ``/v1``."""

    known_models = ("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1")

    @property
    def base_url(self) -> str:
        """Base URL for ``anthropic.Anthropic(base_url=...)`` / ``ChatAnthropic``."""
        return self.root_url

    def completion_requests(self) -> list[RecordedRequest]:
        """Requests made to ``/v1/messages``."""
        return self.requests_to("/v1/messages")

    def _authorised(self, req: RecordedRequest) -> bool:
        """SDK 2.x sends ``Authorization: Bearer``; older clients send ``x-api-key``."""
        if self.api_key is None:
            return True
        bearer = req.headers.get("authorization", "") == f"Bearer {self.api_key}"
        return bearer or req.headers.get("x-api-key") == self.api_key

    def route(self, req: RecordedRequest, handler: StubHandler) -> None:
        """Answer one request."""
        if not self._authorised(req):
            handler.send_json(401, error_body(401))
        elif req.path.startswith("/v1/models") and self.models_error is not None:
            headers = {"retry-after": "0", "retry-after-ms": "1"}
            handler.send_json(self.models_error, error_body(self.models_error), headers)
        elif req.method == "GET" and req.path == "/v1/models":
            data = [self._model_json(m) for m in self.models]
            first, last = (data[0]["id"], data[-1]["id"]) if data else (None, None)
            page = {"data": data, "has_more": False, "first_id": first, "last_id": last}
            handler.send_json(200, page)
        elif req.method == "GET" and req.path.startswith("/v1/models/"):
            model = req.path.removeprefix("/v1/models/")
            if model in self.models:
                handler.send_json(200, self._model_json(model))
            else:
                handler.send_json(404, error_body(404, f"model: {model}"))
        elif req.method == "POST" and req.path == "/v1/messages":
            self._messages(req, handler)
        else:
            handler.send_json(404, error_body(404, f"Unknown path {req.path}"))

    @staticmethod
    def _model_json(model: str) -> dict[str, Any]:
        created = "2025-01-01T00:00:00Z"
        return {"type": "model", "id": model, "display_name": model, "created_at": created}

    def error_json(self, status: int, message: str = "") -> dict[str, Any]:
        """Anthropic's error document."""
        return error_body(status, message)

    def prompt_tokens(self, body: dict[str, Any]) -> int:
        """Tokens of the system prompt and messages."""
        return count_tokens(prompt_text(body))

    def _messages(self, req: RecordedRequest, handler: StubHandler) -> None:
        started = time.perf_counter()
        body = req.body if isinstance(req.body, dict) else {}
        model = str(body.get("model", ""))
        scripted = self.scripted_completion(body, handler, f"model: {model}")
        if scripted is None:
            return
        reply, usage = scripted
        if body.get("stream"):
            self._stream(reply, model, usage, started, handler)
        else:
            handler.send_json(200, self._message(reply.text, model, usage, _stop(reply)))

    @staticmethod
    def _message(
        text: str, model: str, usage: Usage, stop_reason: str = "end_turn"
    ) -> dict[str, Any]:
        return {
            "id": "msg_stub",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens},
        }

    def _stream(
        self,
        reply: ScriptedReply,
        model: str,
        usage: Usage,
        started: float,
        handler: StubHandler,
    ) -> None:
        start = self._message("", model, Usage(usage.input_tokens, 1))
        start.update(content=[], stop_reason=None)
        handler.start_stream()
        handler.write_event(_sse("message_start", {"type": "message_start", "message": start}))
        block = {"type": "text", "text": ""}
        handler.write_event(
            _sse(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": block},
            )
        )
        handler.write_event(_sse("ping", {"type": "ping"}))
        for _, chunk in self.stream_chunks(reply, started, handler):
            delta = {"type": "text_delta", "text": chunk}
            payload = {"type": "content_block_delta", "index": 0, "delta": delta}
            handler.write_event(_sse("content_block_delta", payload))
        handler.write_event(_sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
        final_usage = {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens}
        delta_payload = {
            "type": "message_delta",
            "delta": {"stop_reason": _stop(reply), "stop_sequence": None},
            "usage": final_usage,
        }
        handler.write_event(_sse("message_delta", delta_payload))
        handler.write_event(_sse("message_stop", {"type": "message_stop"}))
        handler.end_stream()

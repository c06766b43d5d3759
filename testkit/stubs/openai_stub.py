"""A local server speaking the OpenAI REST protocol for the official SDK.

Endpoints: ``POST /v1/chat/completions`` (JSON, or SSE when ``stream`` is true,
with a final usage chunk when ``stream_options.include_usage``), ``GET
/v1/models``, ``GET /v1/models/{id}`` (404 ``model_not_found`` for unknown ids)
``POST /v1/audio/transcriptions`` (multipart; returns ``{"text": ...}``) and ``POST
/v1/audio/speech`` (JSON; returns :func:`speech_wav`, a short tone, as ``audio/wav``).
See :mod:`testkit.stubs` for the scripting API.
"""

from __future__ import annotations

import json
import math
import struct
import time
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from testkit.stubs.base import StubServer
from testkit.stubs.handler import StubHandler
from testkit.stubs.script import RecordedRequest, ScriptedReply, Usage, count_tokens

_ERRORS = {
    400: ("invalid_request_error", "bad_request", "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded."),
}


def prompt_text(body: dict[str, Any]) -> str:
    """All text the request's messages carry (what input tokens are counted from)."""
    parts: list[str] = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts.extend(p.get("text", "") for p in content if isinstance(p, dict))
    return "\n".join(parts)


def speech_wav(seconds: float = 0.6, rate: int = 16_000) -> bytes:
    """A short 440 Hz tone as a 16-bit mono WAV: what the stub "says"."""
    samples = int(seconds * rate)
    tone = (8000 * math.sin(2 * math.pi * 440 * i / rate) for i in range(samples))
    data = b"".join(struct.pack("<h", int(v)) for v in tone)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        *(b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1, 1, rate, rate * 2, 2, 16),
        *(b"data", len(data)),
    )
    return header + data


def error_body(status: int, message: str = "") -> dict[str, Any]:
    """The OpenAI error JSON for an HTTP status."""
    kind, code, default = _ERRORS.get(status, ("server_error", None, "Error."))
    return {"error": {"message": message or default, "type": kind, "param": None, "code": code}}


class OpenAIStub(StubServer):
    """OpenAI-protocol stub; ``base_url`` ends in ``/v1`` as the SDK expects."""

    known_models = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "llama3.1", "whisper-1")

    @property
    def base_url(self) -> str:
        """Base URL for ``openai.OpenAI(base_url=...)`` / ``ChatOpenAI(base_url=...)``."""
        return f"{self.root_url}/v1"

    def completion_requests(self) -> list[RecordedRequest]:
        """Requests made to ``/v1/chat/completions``."""
        return self.requests_to("/v1/chat/completions")

    def _authorised(self, req: RecordedRequest) -> bool:
        if self.api_key is None:
            return True
        return req.headers.get("authorization", "") == f"Bearer {self.api_key}"

    def route(self, req: RecordedRequest, handler: StubHandler) -> None:
        """Answer one request."""
        if not self._authorised(req):
            handler.send_json(401, error_body(401))
        elif req.path.startswith("/v1/models") and self.models_error is not None:
            self.send_error(ScriptedReply(status=self.models_error), handler)
        elif req.method == "GET" and req.path == "/v1/models":
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "stub"} for m in self.models
            ]
            handler.send_json(200, {"object": "list", "data": data})
        elif req.method == "GET" and req.path.startswith("/v1/models/"):
            self._model(req.path.removeprefix("/v1/models/"), handler)
        elif req.method == "POST" and req.path == "/v1/chat/completions":
            self._chat(req, handler)
        elif req.method == "POST" and req.path == "/v1/audio/transcriptions":
            self._transcription(req, handler)
        elif req.method == "POST" and req.path == "/v1/audio/speech":
            self._speech(handler)
        else:
            handler.send_json(404, error_body(404, f"Unknown path {req.path}"))

    def _model(self, model: str, handler: StubHandler) -> None:
        if model not in self.models:
            handler.send_json(404, error_body(404, f"The model '{model}' does not exist."))
            return
        handler.send_json(200, {"id": model, "object": "model", "created": 0, "owned_by": "stub"})

    def error_json(self, status: int, message: str = "") -> dict[str, Any]:
        """OpenAI's error document."""
        return error_body(status, message)

    def prompt_tokens(self, body: dict[str, Any]) -> int:
        """Tokens of the chat messages."""
        return count_tokens(prompt_text(body))

    def _chat(self, req: RecordedRequest, handler: StubHandler) -> None:
        started = time.perf_counter()
        body = req.body if isinstance(req.body, dict) else {}
        model = str(body.get("model", ""))
        scripted = self.scripted_completion(body, handler, f"The model '{model}' does not exist.")
        if scripted is None:
            return
        reply, usage = scripted
        if body.get("stream"):
            include = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(reply, model, usage if include else None, started, handler)
        else:
            handler.send_json(200, self._completion(reply, model, usage))

    @staticmethod
    def _usage_json(usage: Usage) -> dict[str, int]:
        return {
            "prompt_tokens": usage.input_tokens,
            "completion_tokens": usage.output_tokens,
            "total_tokens": usage.input_tokens + usage.output_tokens,
        }

    @staticmethod
    def _finish(reply: ScriptedReply) -> str:
        return "length" if reply.truncated else "stop"

    def _completion(self, reply: ScriptedReply, model: str, usage: Usage) -> dict[str, Any]:
        message = {"role": "assistant", "content": reply.text, "refusal": None}
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": self._finish(reply)}],
            "usage": self._usage_json(usage),
        }

    def _stream(
        self,
        reply: ScriptedReply,
        model: str,
        usage: Usage | None,
        started: float,
        handler: StubHandler,
    ) -> None:
        base = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
        }

        def event(choices: list[dict[str, Any]], **extra: Any) -> None:
            handler.write_event(f"data: {json.dumps({**base, 'choices': choices, **extra})}\n\n")

        handler.start_stream()
        for index, chunk in self.stream_chunks(reply, started, handler):
            delta: dict[str, Any] = {"content": chunk}
            if index == 0:
                delta["role"] = "assistant"
            event([{"index": 0, "delta": delta, "finish_reason": None}])
        event([{"index": 0, "delta": {}, "finish_reason": self._finish(reply)}])
        if usage is not None:
            event([], usage=self._usage_json(usage))
        handler.write_event("data: [DONE]\n\n")
        handler.end_stream()

    def _speech(self, handler: StubHandler) -> None:
        reply = self.next_reply()
        self.wait(self.first_delay(reply))
        if reply.status != 200:
            self.send_error(reply, handler)
            return
        data = speech_wav()
        handler.send_response(200)
        handler.send_header("content-type", "audio/wav")
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()

    def _transcription(self, req: RecordedRequest, handler: StubHandler) -> None:
        reply = self.next_reply()
        self.wait(self.first_delay(reply))
        if reply.status != 200:
            self.send_error(reply, handler)
            return
        head = f"Content-Type: {req.headers.get('content-type', '')}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + req.raw)
        fields = {
            part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
            for part in message.iter_parts()
        }
        self.last_transcription_fields = fields
        handler.send_json(200, {"text": reply.text})

"""Local wire-protocol servers standing in for OpenAI and Anthropic in tests and benchmarks.

The official SDKs (and LangChain's ``ChatOpenAI`` / ``ChatAnthropic`` on top of
them) talk to these servers over real HTTP on 127.0.0.1, so retries, errors,
streaming and token accounting are exercised for real.

Usage::

    from testkit.stubs import OpenAIStub, AnthropicStub

    with OpenAIStub() as stub:                 # ThreadingHTTPServer on 127.0.0.1:<free port>
        stub.base_url                          # "http://127.0.0.1:PORT/v1" (Anthropic: no /v1)
        stub.enqueue_text("Hello there.")      # next completion answers this text
        stub.enqueue_text("Slow.", delay_s=2)  # wait 2 s before the first byte
        stub.enqueue_error(429, times=3)       # three 429s with the provider's error JSON
        ...                                    # call the SDK / ChatOpenAI(base_url=stub.base_url)
        stub.completion_requests()             # RecordedRequest(method, path, headers, body, raw)
        stub.usages                            # [Usage(input_tokens, output_tokens)] per success
        stub.first_token_s                     # seconds from request to first streamed chunk

Behaviour:

* Queue: each completion (or transcription) request pops the next scripted
  reply; when the queue is empty ``default_text`` is answered. Errors carry
  ``retry-after: 0`` and ``retry-after-ms`` (default 1 ms) so SDK retries are fast.
  Supported error statuses: 400, 401, 404, 429, 500, 503 (OpenAI), 529 (Anthropic).
* Constructor options: ``api_key`` (requests with another key get 401 on every
  endpoint), ``models`` (ids the stub knows; others get 404 ``model_not_found``
  / ``not_found_error``), ``default_text``, ``delay_s`` (before the first token),
  ``chunk_delay_s`` (between streamed chunks). Set ``stub.models_error = 429`` (or
  any status) to make the model-listing endpoints fail (credential checks).
* Output limit: a reply longer than the request's ``max_tokens`` /
  ``max_completion_tokens`` is cut to the limit (4 characters a token) and ends with
  OpenAI ``finish_reason: "length"`` / Anthropic ``stop_reason: "max_tokens"``, as the
  real services do (``enforce_max_tokens=False`` turns this off);
  ``enqueue_text(..., truncated=True)`` reports a cut without shortening the text.
* Tokens: input = ``count_tokens(all prompt text)``, output =
  ``count_tokens(reply text)`` (1 token per 4 characters, at least 1) unless the
  reply was queued with ``input_tokens=`` / ``output_tokens=``; what was reported
  is appended to ``stub.usages`` so tests can compare exactly.
* Streams: one chunk per word. OpenAI sends SSE ``data:`` chunks, a final usage
  chunk when ``stream_options.include_usage`` is set, then ``data: [DONE]``.
  Anthropic sends ``message_start`` ... ``message_delta`` (usage) ``message_stop``.
* OpenAI also serves ``GET /v1/models``, ``GET /v1/models/{id}`` and ``POST
  /v1/audio/transcriptions`` (multipart; answers ``{"text": <queued text>}``;
  parsed form fields in ``stub.last_transcription_fields``). Anthropic serves
  ``GET /v1/models`` and ``GET /v1/models/{id}``.
"""

from __future__ import annotations

from testkit.stubs.anthropic_stub import AnthropicStub
from testkit.stubs.openai_stub import OpenAIStub
from testkit.stubs.script import DEFAULT_TEXT, RecordedRequest, ScriptedReply, Usage, count_tokens

__all__ = [
    "DEFAULT_TEXT",
    "AnthropicStub",
    "OpenAIStub",
    "RecordedRequest",
    "ScriptedReply",
    "Usage",
    "count_tokens",
]

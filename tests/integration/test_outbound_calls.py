"""Outbound calls only where the operator allows, through the real SDKs (issue 12).

A stub on 127.0.0.1 stands for a service on the server's own loopback: with the default
settings nothing reaches it, whichever path asks (a chat model, an interviewer turn, the
connection check). A server that answers with text of its own never sees that text
repeated to the user, and a redirect does not carry a request on to another address.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.messages import HumanMessage
from pydantic import SecretStr
from testkit.stubs import OpenAIStub
from testkit.stubs.interview_setup import STUB_KEY, build_rig

from interview_platform.config import ProvidersSettings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import AIProviderError, OutboundRefusedError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.errors import classify
from interview_platform.llm.providers import ProviderFactory

MARKER = "INTERNAL-SERVICE-SAYS-7f3a9c"
LOOPBACK = OutboundSettings(allowed_hosts=["127.0.0.1"])


class Answering(ThreadingHTTPServer):
    """Answers every request with one status, body and headers, and counts the requests."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status, self.body, self.headers, self.hits = status, body, headers, 0
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: Answering

    def _answer(self) -> None:
        self.server.hits += 1
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(self.server.status)
        for name, value in self.server.headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture()
def answering() -> Iterator[list[Answering]]:
    servers: list[Answering] = []
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def _serve(servers: list[Answering], status: int, body: bytes, **headers: str) -> Answering:
    server = Answering(status, body, headers)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    servers.append(server)
    return server


def _creds(url: str, provider: str = "openai_compatible") -> ProviderCredentials:
    return ProviderCredentials(provider, "llama3.1", SecretStr(STUB_KEY), url)


def _factory(outbound: OutboundSettings | None = None) -> ProviderFactory:
    return ProviderFactory(ProvidersSettings(timeout_s=2.0), environ={}, outbound=outbound)


def test_a_loopback_base_url_is_refused_by_default_and_the_service_hears_nothing() -> None:
    factory = _factory()
    with OpenAIStub() as stub:
        with pytest.raises(OutboundRefusedError, match=r"may not call 127\.0\.0\.1:"):
            factory.chat_model(_creds(stub.base_url))
        typed_localhost = stub.base_url.replace("127.0.0.1", "localhost")
        check = factory.check_credentials(_creds(typed_localhost))
        assert stub.requests == []
    assert (check.ok, check.kind) == (False, "refused")
    assert "may not call localhost" in check.message and "outbound.allowed_hosts" in check.message


def test_an_interviewer_turn_with_a_loopback_url_is_answered_offline_and_sends_nothing(
    store: PostgresDataStore,
) -> None:
    rig = build_rig(store, planned_overrides={"outbound": {}})  # the default policy
    with OpenAIStub() as stub:
        session = rig.new_session("openai_compatible", "llama3.1")
        stream = rig.interviewer.reply(
            session.id, "Hello", creds=rig.creds(stub, "openai_compatible")
        )
        assert stream.text()
        assert stub.requests == []
    assert stream.engine == "offline"
    assert any("(address not allowed)" in notice for notice in stream.notices)


def test_the_configured_base_url_and_an_allowed_host_reach_the_stub() -> None:
    with OpenAIStub() as stub:
        configured = ProvidersSettings(openai_compatible={"base_url": stub.base_url})
        trusted = ProviderFactory(configured, environ={})
        assert trusted.check_credentials(_creds(stub.base_url)).ok
        assert _factory(LOOPBACK).check_credentials(_creds(stub.base_url)).ok
        assert len(stub.requests) == 2


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"error": {"message": MARKER, "type": "invalid_request_error"}}).encode(),
        f"<html><body>{MARKER}</body></html>".encode(),
    ],
)
@pytest.mark.parametrize("status", [400, 403, 404, 418, 500])
def test_the_text_of_a_servers_answer_is_never_repeated(
    answering: list[Answering], status: int, body: bytes
) -> None:
    server = _serve(answering, status, body, **{"content-type": "application/json"})
    factory = _factory(LOOPBACK)
    for provider in ("openai_compatible", "openai", "anthropic"):
        check = factory.check_credentials(_creds(server.url, provider))
        assert not check.ok and MARKER not in check.message
    model = factory.chat_model(_creds(server.url), streaming=False)
    with pytest.raises(Exception) as raised:
        model.invoke([HumanMessage("hi")])
    error = classify(raised.value, "Local server", server.url)
    assert MARKER not in str(error) and f"(HTTP {status})" in str(error)


def test_model_names_a_server_lists_are_counted_not_shown() -> None:
    with OpenAIStub(models=[MARKER, "another"]) as stub:
        check = _factory(LOOPBACK).check_credentials(_creds(stub.base_url))
    assert (check.ok, check.kind) == (False, "unknown_model")
    assert MARKER not in check.message and "(it lists 2)" in check.message


def test_a_redirect_is_not_followed_to_another_address(answering: list[Answering]) -> None:
    with OpenAIStub() as target:
        hop = _serve(answering, 307, b"", location=f"{target.base_url}/models")
        factory = _factory(LOOPBACK)
        check = factory.check_credentials(_creds(hop.url))
        model = factory.chat_model(_creds(hop.url), streaming=False)
        with pytest.raises(AIProviderError):
            try:
                model.invoke([HumanMessage("hi")])
            except Exception as exc:
                raise classify(exc) from exc
        assert target.requests == []
    assert not check.ok and hop.hits == 2


def test_the_operators_key_goes_only_to_the_configured_base_url() -> None:
    operator_key = "sk-operator-only-0123456789"
    with OpenAIStub() as stub:
        factory = ProviderFactory(
            ProvidersSettings(),  # configured: http://127.0.0.1:11434/v1
            environ={"OPENAI_COMPATIBLE_API_KEY": operator_key},
            outbound=LOOPBACK,
        )
        typed = factory.resolve_credentials("openai_compatible", "llama3.1", None, stub.base_url)
        assert factory.check_credentials(typed).ok
        factory.chat_model(typed, streaming=False).invoke([HumanMessage("hi")])
        configured = factory.resolve_credentials("openai_compatible", "llama3.1")
        sent = [r.headers.get("authorization", "") for r in stub.requests]
    assert typed.api_key is None and configured.secret() == operator_key
    assert len(sent) == 2 and not any(operator_key in header for header in sent)

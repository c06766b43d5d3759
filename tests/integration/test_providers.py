"""Provider paths through the real SDK clients (via LangChain) against the local stubs."""

from __future__ import annotations

import socket

import anthropic
import openai
import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage
from pydantic import SecretStr
from testkit.stubs import AnthropicStub, OpenAIStub
from testkit.stubs.base import StubServer

from interview_platform.config import ProvidersSettings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.exceptions import AIProviderError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.errors import classify
from interview_platform.llm.providers import ProviderFactory

KEY = "sk-test-stub-key-1234567890"
MODELS = {"openai": "gpt-4o", "anthropic": "claude-sonnet-4-5", "openai_compatible": "llama3.1"}


@pytest.fixture(params=["openai", "anthropic", "openai_compatible"])
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def factory(timeout_s: float = 5.0) -> ProviderFactory:
    settings = ProvidersSettings(timeout_s=timeout_s, max_attempts=3)
    # The stubs' base URLs are not in the settings: the operator allows their loopback host.
    loopback = OutboundSettings(allowed_hosts=["127.0.0.1"])
    return ProviderFactory(settings, environ={}, outbound=loopback)


def creds_for(
    stub: StubServer, provider: str, key: str | None = KEY, model: str = ""
) -> ProviderCredentials:
    secret = SecretStr(key) if key else None
    return ProviderCredentials(provider, model or MODELS[provider], secret, stub.base_url)  # type: ignore[attr-defined]


def test_invoke_returns_the_text_and_the_providers_usage(stub: StubServer, provider: str) -> None:
    stub.enqueue_text("What scale should we design for?")
    model = factory().chat_model(creds_for(stub, provider), streaming=False)

    result = model.invoke([HumanMessage(content="Let's talk about a URL shortener.")])

    assert result.text == "What scale should we design for?"
    reported = stub.usages[-1]
    assert result.usage_metadata is not None
    assert result.usage_metadata["input_tokens"] == reported.input_tokens
    assert result.usage_metadata["output_tokens"] == reported.output_tokens


def test_stream_yields_chunks_and_usage_summed_exactly(stub: StubServer, provider: str) -> None:
    stub.enqueue_text("How many reads per second do you expect at peak?")
    model = factory().chat_model(creds_for(stub, provider))

    chunks = [c for c in model.stream([HumanMessage(content="Design a news feed.")])]

    assert len([c for c in chunks if c.text]) > 3, "the reply arrives in several chunks"
    assert "".join(c.text for c in chunks) == "How many reads per second do you expect at peak?"
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert isinstance(total, AIMessageChunk) and total.usage_metadata is not None
    assert total.usage_metadata["input_tokens"] == stub.usages[-1].input_tokens
    assert total.usage_metadata["output_tokens"] == stub.usages[-1].output_tokens
    if provider != "anthropic":
        body = stub.completion_requests()[-1].body
        assert body["stream_options"] == {"include_usage": True}


def test_openai_compatible_server_needs_no_key() -> None:
    with OpenAIStub() as server:
        creds = creds_for(server, "openai_compatible", key=None)
        text = factory().chat_model(creds).invoke("hello").text
        assert (
            text
            and server.completion_requests()[-1].headers["authorization"] == "Bearer not-needed"
        )
        assert factory().check_credentials(creds).ok


@pytest.mark.parametrize("status", [429, 500])
def test_transient_errors_are_retried_three_times_in_total(
    stub: StubServer, provider: str, status: int
) -> None:
    stub.enqueue_error(status, times=3)
    model = factory().chat_model(creds_for(stub, provider))

    with pytest.raises(Exception) as caught:
        list(model.stream("hi"))

    assert len(stub.completion_requests()) == 3
    error = classify(caught.value)
    assert error.transient
    assert error.kind == ("rate_limited" if status == 429 else "server_error")


def test_a_transient_error_then_success_is_invisible(stub: StubServer, provider: str) -> None:
    stub.enqueue_error(429)
    stub.enqueue_text("Recovered.")
    assert (
        "".join(c.text for c in factory().chat_model(creds_for(stub, provider)).stream("x"))
        == "Recovered."
    )
    assert len(stub.completion_requests()) == 2


def test_invalid_key_is_not_retried(provider: str) -> None:
    server: StubServer = (
        AnthropicStub(api_key=KEY) if provider == "anthropic" else OpenAIStub(api_key=KEY)
    )
    with server:
        model = factory().chat_model(creds_for(server, provider, key="sk-wrong-key-000000000000"))
        with pytest.raises(Exception) as caught:
            model.invoke("hi")
        assert len(server.completion_requests()) == 1
        error = classify(caught.value, "X")
        assert error.kind == "invalid_key" and not error.transient
        assert "sk-wrong" not in str(error)


def test_missing_key_is_refused_before_any_request(provider: str) -> None:
    if provider == "openai_compatible":
        pytest.skip("local servers need no key")
    with pytest.raises(AIProviderError) as caught:
        factory().chat_model(ProviderCredentials(provider, MODELS[provider]))
    assert caught.value.kind == "missing_key"
    env = "OPENAI_API_KEY" if provider == "openai" else "ANTHROPIC_API_KEY"
    assert env in str(caught.value)


# -- credential checks ------------------------------------------------------------
def test_check_accepts_a_good_key_and_known_model(stub: StubServer, provider: str) -> None:
    result = factory().check_credentials(creds_for(stub, provider))
    assert result.ok and result.kind == "ok"
    assert MODELS[provider] in result.message
    assert stub.requests and all(r.path.startswith("/v1/models") for r in stub.requests)


def test_check_names_a_missing_key() -> None:
    result = factory().check_credentials(ProviderCredentials("openai", "gpt-4o"))
    assert (result.ok, result.kind) == (False, "missing_key")
    assert result.message == "No OpenAI API key: enter one or set OPENAI_API_KEY."
    result = factory().check_credentials(ProviderCredentials("anthropic", "claude-sonnet-4-5"))
    assert "ANTHROPIC_API_KEY" in result.message


def test_check_distinguishes_every_failure(provider: str) -> None:
    server: StubServer = (
        AnthropicStub(api_key=KEY) if provider == "anthropic" else OpenAIStub(api_key=KEY)
    )
    checks = factory(timeout_s=2.0)
    with server:
        bad_key = checks.check_credentials(
            creds_for(server, provider, key="sk-not-the-right-one-1234567")
        )
        unknown = checks.check_credentials(creds_for(server, provider, model="no-such-model"))
        server.models_error = 429
        limited = checks.check_credentials(creds_for(server, provider))
        server.models_error = 500
        broken = checks.check_credentials(creds_for(server, provider))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{closed_port}" + ("" if provider == "anthropic" else "/v1")
    unreachable = checks.check_credentials(
        ProviderCredentials(provider, MODELS[provider], SecretStr(KEY), url)
    )

    results = [bad_key, unknown, limited, broken, unreachable]
    assert [r.kind for r in results] == [
        "invalid_key",
        "unknown_model",
        "rate_limited",
        "server_error",
        "unreachable",
    ]
    assert not any(r.ok for r in results)
    assert len({r.message for r in results}) == 5, "every failure reads differently"
    assert "no-such-model" in unknown.message
    assert url in unreachable.message
    for result in results:
        assert "sk-not-the-right" not in result.message and KEY not in result.message


def test_offline_needs_no_check() -> None:
    assert factory().check_credentials(ProviderCredentials("offline", "rubric-interviewer")).ok


def test_repr_of_credentials_hides_the_key() -> None:
    creds = ProviderCredentials("openai", "gpt-4o", SecretStr(KEY))
    assert KEY not in repr(creds) and KEY not in str(creds)


def test_resolve_fills_key_and_model_from_settings_and_environment() -> None:
    settings = ProvidersSettings()
    made = ProviderFactory(settings, environ={"ANTHROPIC_API_KEY": "sk-ant-from-env-123456"})
    creds = made.resolve_credentials("anthropic", "")
    assert creds.model == settings.anthropic.default_model
    assert creds.secret() == "sk-ant-from-env-123456"
    typed = made.resolve_credentials("anthropic", "claude-haiku-4-5", api_key="sk-typed-7654321")
    assert typed.secret() == "sk-typed-7654321" and typed.model == "claude-haiku-4-5"
    local = made.resolve_credentials("openai_compatible")
    assert local.base_url == settings.openai_compatible.base_url and local.api_key is None


def test_classify_maps_sdk_errors() -> None:
    request = openai.APIConnectionError(request=__import__("httpx2").Request("GET", "http://x"))
    assert classify(request, "OpenAI", "http://x").kind == "unreachable"
    timeout = anthropic.APITimeoutError(request=__import__("httpx2").Request("GET", "http://x"))
    assert classify(timeout).kind == "timeout" and classify(timeout).transient
    assert classify(ValueError("boom")).kind == "unknown"

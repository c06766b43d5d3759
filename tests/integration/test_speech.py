"""The interviewer's OpenAI voice through the real SDK, against a local OpenAI server.

What is checked: the request the SDK sends (model, voice, the words), the audio and its
type coming back, the usage recorded as its own operation and priced per character,
the budget refusing before anything is sent, the outbound policy refusing a private
address, and retries ending in a classified error with nothing recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import SecretStr
from testkit.app_settings import app_settings
from testkit.stubs.interview_setup import STUB_KEY, Rig, build_rig
from testkit.stubs.openai_stub import OpenAIStub, speech_wav

from interview_platform.app_factory import App, create_app
from interview_platform.application.credentials import TypedKey
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import AIProviderError, NotFoundError, OutboundRefusedError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.speech import SpeechSynthesizer, speakable
from interview_platform.models import Operation

pytestmark = pytest.mark.integration
REPLY = "**Good.** How would you *shard* the `users` table?"


@pytest.fixture()
def openai_stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(api_key=STUB_KEY) as server:
        yield server


@pytest.fixture()
def rig(store: PostgresDataStore) -> Rig:
    # tts-1 at $15 per million characters, as OpenAI bills it (config.yaml has the same).
    return build_rig(store, prices={"tts-1": ("15.00", "0")})


def _speech(rig: Rig) -> SpeechSynthesizer:
    gateway = ModelGateway(rig.factory, rig.tracker, rig.settings.budget)
    return SpeechSynthesizer(gateway, rig.tracker, OutboundPolicy(rig.settings.outbound, []))


def _creds(stub: OpenAIStub, key: str = STUB_KEY) -> ProviderCredentials:
    return ProviderCredentials("openai", "gpt-4o", SecretStr(key), stub.base_url)


def test_a_reply_is_spoken_and_its_characters_are_billed_as_speech(
    rig: Rig, openai_stub: OpenAIStub
) -> None:
    session = rig.new_session(provider="openai", model="gpt-4o")
    spoken = _speech(rig).synthesize(session.id, _creds(openai_stub), REPLY, "nova")
    [request] = openai_stub.requests_to("/v1/audio/speech")
    words = "Good. How would you shard the users table?"
    assert request.body == {
        "model": "tts-1",
        "voice": "nova",
        "input": words,
        "response_format": "mp3",
    }
    assert request.headers["authorization"] == f"Bearer {STUB_KEY}"
    assert spoken.audio == speech_wav() and spoken.mime == "audio/wav"
    assert spoken.characters == len(words)
    usage = rig.tracker.by_operation(session.id)
    assert list(usage) == [Operation.SPEECH]
    assert usage[Operation.SPEECH].input_tokens == len(words)
    assert usage[Operation.SPEECH].cost_usd == Decimal("0.000630")  # 42 chars x $15 / 1e6


def test_a_spent_budget_refuses_before_any_request(
    store: PostgresDataStore, openai_stub: OpenAIStub
) -> None:
    rig = build_rig(store, budget_usd="0.0001", prices={"tts-1": ("15.00", "0")})
    session = rig.new_session(provider="openai", model="gpt-4o")
    long_reply = "Tell me how the cache is invalidated. " * 100  # 3,800 chars = $0.057
    with pytest.raises(AIProviderError) as refused:
        _speech(rig).synthesize(session.id, _creds(openai_stub), long_reply, "alloy")
    assert refused.value.kind == "budget_exceeded"
    assert openai_stub.requests_to("/v1/audio/speech") == []
    assert rig.tracker.by_operation(session.id) == {}


def test_a_private_address_is_refused_and_nothing_is_sent(rig: Rig) -> None:
    session = rig.new_session(provider="openai", model="gpt-4o")
    creds = ProviderCredentials("openai", "gpt-4o", SecretStr(STUB_KEY), "http://10.1.2.3/v1")
    with pytest.raises(OutboundRefusedError):
        _speech(rig).synthesize(session.id, creds, REPLY, "alloy")
    assert rig.tracker.by_operation(session.id) == {}


def test_server_errors_are_retried_then_reported_and_nothing_is_billed(
    rig: Rig, openai_stub: OpenAIStub
) -> None:
    session = rig.new_session(provider="openai", model="gpt-4o")
    openai_stub.enqueue_error(503, times=3)
    with pytest.raises(AIProviderError) as failed:
        _speech(rig).synthesize(session.id, _creds(openai_stub), REPLY, "alloy")
    assert failed.value.kind != "budget_exceeded"
    assert len(openai_stub.requests_to("/v1/audio/speech")) == 3  # at most 3 attempts
    assert rig.tracker.by_operation(session.id) == {}


def test_a_wrong_key_is_not_retried(rig: Rig, openai_stub: OpenAIStub) -> None:
    session = rig.new_session(provider="openai", model="gpt-4o")
    with pytest.raises(AIProviderError) as failed:
        _speech(rig).synthesize(session.id, _creds(openai_stub, "sk-wrong-key-000"), REPLY, "alloy")
    assert "sk-wrong" not in str(failed.value)
    assert len(openai_stub.requests_to("/v1/audio/speech")) == 1


def test_markdown_is_not_read_out_and_the_text_is_capped() -> None:
    assert speakable("# Title\n\n* a `b` _c_ > d | e") == "Title a b c d e"
    assert len(speakable("word " * 2000)) == 4096


@pytest.fixture()
def speech_app(
    store: PostgresDataStore, database_url: str, tmp_path: Path, openai_stub: OpenAIStub
) -> Iterator[App]:
    """A whole App whose configured OpenAI endpoint is the stub (no key configured)."""
    settings = app_settings(
        database_url,
        tmp_path,
        logging={"console": False},
        providers={"openai": {"base_url": openai_stub.base_url}},
    )
    application = create_app(settings, apply_schema=False)
    yield application
    application.close()


def test_the_use_case_needs_an_openai_key_and_checks_the_session(
    speech_app: App, openai_stub: OpenAIStub, store: PostgresDataStore
) -> None:
    rig = build_rig(store)
    session = rig.new_session(provider="offline")
    speech = speech_app.platform.speech
    assert not speech.available(None)  # no key anywhere: only the browser voice
    assert not speech.available(TypedKey("anthropic", "sk-ant-typed-for-another"))
    typed = TypedKey("openai", STUB_KEY)
    assert speech.available(typed)
    spoken = speech.speak(session.id, "Why a queue here?", "echo", typed)
    assert spoken.audio.startswith(b"RIFF")
    with pytest.raises(NotFoundError):
        speech.speak("no-such-session", "Why a queue here?", "echo", typed)
    with pytest.raises(AIProviderError) as missing:
        speech.speak(session.id, "Why a queue here?", "echo", None)
    assert missing.value.kind == "missing_key"
    assert len(openai_stub.requests_to("/v1/audio/speech")) == 1

"""Provider limits through the real SDK clients and the local stubs: output caps, cut
replies, the turn deadline and the worst-case budget check (security issue, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from testkit.app_settings import LOOPBACK_OUTBOUND
from testkit.stubs import AnthropicStub, OpenAIStub
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import STUB_MODELS, Rig, build_rig

from interview_platform.config import Settings, load_settings
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.evaluation.factory import build_evaluation_manager
from interview_platform.llm.gateway import BUDGET_REACHED, BudgetExhaustedError, ModelGateway
from interview_platform.llm.limits import CUT_MARK
from interview_platform.llm.providers import ProviderFactory
from interview_platform.llm.token_tracker import TokenTracker
from interview_platform.models import Candidate, Message, MessageRole, Operation, Session
from interview_platform.problems.bank import ProblemBank

LONG_REPLY = "Let us talk about sharding the write path across regions. " * 80  # ~1,200 tokens


def _settings(*, deadline_s: float = 30.0, **providers: Any) -> Settings:
    overrides: dict[str, Any] = {
        "providers": {"timeout_s": 5.0, "max_attempts": 3, "turn_deadline_s": deadline_s}
        | providers,
        "pricing": {"models": {}},
        "outbound": LOOPBACK_OUTBOUND,
    }
    return load_settings(config_path=None, env_file=None, overrides=overrides, environ={})


def _cap(body: dict[str, Any]) -> int:
    """The output cap a request carried (OpenAI may name it ``max_completion_tokens``)."""
    return int(body.get("max_completion_tokens") or body["max_tokens"])


def _url(stub: StubServer) -> str:
    return str(stub.base_url)  # type: ignore[attr-defined]


def _gateway(rig: Rig) -> ModelGateway:
    return ModelGateway(rig.factory, rig.tracker, rig.settings.budget)


def test_every_request_carries_the_cap_of_its_operation(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    session = rig.new_session(provider, STUB_MODELS[provider])
    creds = rig.creds(stub, provider)
    rig.interviewer.open(session.id, creds=creds).text()
    rig.interviewer.reply(session.id, "Mostly reads, 100:1.", creds=creds).text()
    gateway = _gateway(rig)
    for operation in (Operation.EVALUATION, Operation.RESUME_PARSING):
        gateway.open(operation, creds, session_id=None).model.invoke([HumanMessage("hi")])

    caps = [_cap(r.body) for r in stub.completion_requests()]  # type: ignore[attr-defined]
    assert caps == [800, 700, 4096, 2048]


def test_a_configured_cap_overrides_the_default(store: PostgresDataStore, provider: str) -> None:
    rig = build_rig(store, settings=_settings(max_output_tokens={"response_analysis": 300}))
    with AnthropicStub() if provider == "anthropic" else OpenAIStub() as server:
        session = rig.new_session(provider, STUB_MODELS[provider])
        rig.interviewer.reply(session.id, "Hi", creds=rig.creds(server, provider)).text()
        (request,) = server.completion_requests()
        assert _cap(request.body) == 300


def test_an_interviewer_reply_cut_at_the_cap_ends_visibly_with_a_notice(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    session = rig.new_session(provider, STUB_MODELS[provider])
    stub.enqueue_text(LONG_REPLY)  # the stub stops it at 700 tokens, as the services do

    stream = rig.interviewer.reply(session.id, "Go on.", creds=rig.creds(stub, provider))
    text = stream.text()

    assert stream.engine == provider, "a cut reply is still the model's reply"
    assert text.endswith(CUT_MARK) and len(text) < len(LONG_REPLY)
    notice = "reply reached its 700-token length limit and was cut short."
    assert any(notice in n for n in stream.notices)
    stored = stream.message
    assert stored is not None and stored.content == text
    assert any(notice in n for n in stored.metadata["notices"])


def test_a_hung_provider_falls_back_within_the_turn_deadline(
    store: PostgresDataStore, provider: str
) -> None:
    rig = build_rig(store, settings=_settings(deadline_s=0.5))
    server: StubServer = (
        AnthropicStub(delay_s=30) if provider == "anthropic" else OpenAIStub(delay_s=30)
    )
    with server:
        session = rig.new_session(provider, STUB_MODELS[provider])
        creds = rig.creds(server, provider)
        model = (
            _gateway(rig)
            .open(Operation.RESPONSE_ANALYSIS, creds, session_id=None, deadline_s=0.5)
            .model
        )
        # The SDK's own attempts are shortened to fit inside the deadline.
        field = "default_request_timeout" if provider == "anthropic" else "request_timeout"
        assert float(getattr(model, field)) * 3 <= 0.5

        stream = rig.interviewer.reply(session.id, "Hello?", creds=creds)
        text = stream.text()

    assert text and stream.engine == "offline" and not stream.restarted
    assert any("no complete reply within 0.5 s" in n for n in stream.notices)
    assert any("answered by the offline interviewer" in n for n in stream.notices)
    assert stream.message is not None and stream.message.metadata["engine"] == "offline"


def test_a_stream_that_stalls_is_replaced_and_the_stored_message_says_so(
    store: PostgresDataStore, provider: str
) -> None:
    rig = build_rig(store, settings=_settings(deadline_s=0.5))
    server: StubServer = AnthropicStub() if provider == "anthropic" else OpenAIStub()
    with server:
        server.enqueue_text("Partial answer that stalls forever", chunk_delay_s=30)
        session = rig.new_session(provider, STUB_MODELS[provider])
        stream = rig.interviewer.reply(session.id, "Hello?", creds=rig.creds(server, provider))
        chunks = list(stream)

    assert chunks[0] == "Partial " and stream.restarted and stream.engine == "offline"
    stored = rig.store.conversation.get_messages(session.id)[-1]
    assert stored.content == "".join(chunks[1:]), "only the offline text is kept"
    replaced = [n for n in stored.metadata["notices"] if "part already shown was discarded" in n]
    # Whichever fires first, the SDK's shortened read timeout or the turn's deadline.
    assert replaced and "broke off" in replaced[0]


def _priced_rig(store: PostgresDataStore, provider: str, output_per_million: str) -> Rig:
    return build_rig(
        store, budget_usd="2.00", prices={STUB_MODELS[provider]: ("10", output_per_million)}
    )


def _spend(rig: Rig, session_id: str, provider: str, usd_cents: int) -> None:
    # At $10 per million input tokens, 1,000 tokens cost one cent.
    rig.tracker.record(
        session_id=session_id,
        provider=provider,
        model=STUB_MODELS[provider],
        operation=Operation.RESPONSE_ANALYSIS,
        input_tokens=usd_cents * 1000,
        output_tokens=0,
    )


def test_with_a_cent_left_a_call_whose_worst_case_exceeds_it_is_refused(
    store: PostgresDataStore, stub: StubServer, provider: str
) -> None:
    rig = _priced_rig(store, provider, "10")
    session = rig.new_session(provider, STUB_MODELS[provider])
    _spend(rig, session.id, provider, 199)  # $1.99 of $2.00
    gateway, creds = _gateway(rig), rig.creds(stub, provider)

    # An evaluation may write 4,096 tokens ($0.041): refused before any request.
    with pytest.raises(BudgetExhaustedError):
        gateway.open(Operation.EVALUATION, creds, session_id=session.id)
    # An interviewer reply's worst case (700 tokens, $0.007) still fits.
    assert gateway.open(Operation.RESPONSE_ANALYSIS, creds, session_id=session.id)
    assert stub.completion_requests() == []  # type: ignore[attr-defined]


def test_a_turn_whose_worst_case_exceeds_the_budget_left_answers_offline(
    store: PostgresDataStore, stub: StubServer, provider: str
) -> None:
    rig = _priced_rig(store, provider, "20")  # 700 output tokens cost $0.014
    session = rig.new_session(provider, STUB_MODELS[provider])
    _spend(rig, session.id, provider, 199)

    stream = rig.interviewer.reply(session.id, "Hi", creds=rig.creds(stub, provider))
    assert stream.text() and stream.engine == "offline"
    assert stream.notices == [BUDGET_REACHED]
    assert stub.completion_requests() == []  # type: ignore[attr-defined]


def test_an_unpriced_model_is_not_refused_by_the_worst_case(
    store: PostgresDataStore, stub: StubServer, provider: str
) -> None:
    rig = build_rig(store, budget_usd="0.01")  # no price: its worst case is unknown
    session = rig.new_session(provider, STUB_MODELS[provider])
    stream = rig.interviewer.reply(session.id, "Hi", creds=rig.creds(stub, provider))
    assert stream.text() and stream.engine == provider


def test_an_evaluation_retry_the_budget_cannot_cover_is_a_labelled_fallback(
    store: PostgresDataStore, stub: StubServer, provider: str
) -> None:
    model = STUB_MODELS[provider]
    overrides: dict[str, Any] = {
        "providers": {provider: {"api_key": "sk-test", "base_url": _url(stub)}},
        # 4,096 output tokens cost $0.041 (the first request fits), 8,192 $0.082 (it does not).
        "pricing": {"models": {model: {"input_per_million": "0", "output_per_million": "10"}}},
        "budget": {"per_session_usd": "0.06"},
    }
    settings = load_settings(None, None, environ={}, overrides=overrides)
    tracker = TokenTracker(store.usage, settings.pricing)
    gateway = ModelGateway(
        ProviderFactory(settings.providers, environ={}), tracker, settings.budget
    )
    manager = build_evaluation_manager(store, ProblemBank.load_default(), gateway)
    candidate = store.candidates.create_candidate(Candidate(name="Ada"))
    session = store.sessions.create_session(
        Session(candidate.id, provider, model, problem_id="url-shortener")
    )
    store.conversation.append_message(
        Message(session.id, MessageRole.CANDIDATE, "A cache in front of the key-value store.")
    )
    stub.enqueue_text("{}", truncated=True)

    evaluation = manager.evaluate_session(session.id)

    requests = stub.completion_requests()  # type: ignore[attr-defined]
    assert len(requests) == 1, "the larger retry was never sent"
    assert evaluation.is_fallback
    assert "budget cannot cover" in evaluation.engine

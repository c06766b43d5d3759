"""The one path to a model: credentials, budget, chat model and usage, on the real store."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import SecretStr
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import Rig, build_rig

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.exceptions import AIProviderError
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import BudgetExhaustedError, ModelGateway
from interview_platform.models import Operation
from interview_platform.provider import Provider


def _gateway(rig: Rig) -> ModelGateway:
    return ModelGateway(rig.factory, rig.tracker, rig.settings.budget)


def _spend(rig: Rig, session_id: str, dimes: int) -> None:
    """Record a call of gpt-4o priced at $0.10 per input token (see ``priced``)."""
    rig.tracker.record(
        session_id=session_id,
        provider="openai",
        model="gpt-4o",
        operation=Operation.RESPONSE_ANALYSIS,
        input_tokens=dimes,
        output_tokens=0,
    )


@pytest.fixture()
def priced(store: PostgresDataStore) -> Rig:
    return build_rig(store, timeout_s=5.0, prices={"gpt-4o": ("100000", "0")})


def test_a_call_is_recorded_under_its_operation_and_session(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    session = rig.new_session(provider=provider)
    call = _gateway(rig).open(
        Operation.EVALUATION, rig.creds(stub, provider), session_id=session.id
    )
    answer = call.model.invoke("How would you shard this?")
    usage = answer.usage_metadata
    assert usage is not None
    call.record(usage["input_tokens"], usage["output_tokens"])

    parts = rig.tracker.by_operation(session.id)
    assert list(parts) == [Operation.EVALUATION]
    assert parts[Operation.EVALUATION].input_tokens == stub.usages[-1].input_tokens  # type: ignore[attr-defined]
    assert call.name == f"{provider}/{call.creds.model}"


def test_a_spent_budget_refuses_before_any_request(priced: Rig) -> None:
    session = priced.new_session(provider="openai")
    _spend(priced, session.id, 30)  # $3.00 against the $2.00 cap
    gateway = _gateway(priced)
    creds = ProviderCredentials("openai", "gpt-4o", SecretStr("sk-x"), "http://127.0.0.1:9/v1")

    assert gateway.budget(session.id).exhausted and gateway.budget(session.id).remaining == 0
    with pytest.raises(BudgetExhaustedError):
        gateway.open(Operation.RESPONSE_ANALYSIS, creds, session_id=session.id)
    assert gateway.try_open(Operation.EVALUATION, creds, session_id=session.id) is None
    # Before a session exists (resume parsing) there is no session budget to spend.
    assert gateway.open(Operation.RESUME_PARSING, creds, session_id=None).session_id is None


def test_the_budget_warns_before_it_refuses(priced: Rig) -> None:
    session = priced.new_session(provider="openai")
    gateway = _gateway(priced)
    _spend(priced, session.id, 17)
    status = gateway.budget(session.id)
    assert (status.percent, status.warn, status.exhausted) == (85, True, False)
    _spend(priced, session.id, 3)  # $2.00 of $2.00: refused
    status = gateway.budget(session.id)
    assert (status.spent, status.exhausted, status.remaining) == (Decimal("2.000000"), True, 0)


def test_a_zero_budget_allows_no_paid_call(store: PostgresDataStore) -> None:
    rig = build_rig(store, budget_usd="0")
    session = rig.new_session(provider="openai")
    creds = ProviderCredentials("openai", "gpt-4o", SecretStr("sk-x"), "http://127.0.0.1:9/v1")
    with pytest.raises(BudgetExhaustedError):
        _gateway(rig).open(Operation.EVALUATION, creds, session_id=session.id)


def test_a_key_typed_for_another_provider_is_not_sent_elsewhere(rig: Rig) -> None:
    typed = ProviderCredentials("anthropic", "claude-x", SecretStr("sk-ant-typed"))
    resolved = _gateway(rig).credentials("openai", "gpt-4o", typed)
    assert resolved.provider == Provider.OPENAI and resolved.model == "gpt-4o"
    assert resolved.api_key is None  # no config key in the rig, and never the Anthropic one


def test_a_typed_key_for_the_same_provider_is_kept_and_blanks_filled(rig: Rig) -> None:
    typed = ProviderCredentials("openai", "", SecretStr("sk-typed"))
    resolved = _gateway(rig).credentials("openai", "gpt-4o", typed)
    assert resolved.secret() == "sk-typed"
    assert resolved.model == rig.settings.providers.openai.default_model


def test_the_offline_provider_has_no_model(rig: Rig) -> None:
    with pytest.raises(AIProviderError):
        _gateway(rig).open(
            Operation.EVALUATION, ProviderCredentials("offline", "rules"), session_id=None
        )

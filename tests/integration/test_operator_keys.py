"""The operator's API key is spent only for accounts the operator allowed, up to a daily cap.

The operator's OpenAI key and endpoint (a wire-protocol stub on 127.0.0.1) are in the
settings; members type no key. The stub's request log shows who reached the provider.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from testkit.app_settings import app_settings
from testkit.start_requests import offline_start
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.app_factory import App, create_app
from interview_platform.application.facade import Platform
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Operation, TokenUsage
from interview_platform.principal import Role

PASSWORD = "correct horse battery"


@pytest.fixture()
def provider() -> Iterator[OpenAIStub]:
    with OpenAIStub(api_key="sk-operator-key") as server:
        yield server


@pytest.fixture()
def app(
    store: PostgresDataStore, database_url: str, tmp_path: Path, provider: OpenAIStub
) -> Iterator[App]:
    settings = app_settings(
        database_url,
        tmp_path,
        logging={"console": False},
        auth={"mode": "accounts", "admin_emails": ["op@example.com"], "daily_spend_usd": "1.00"},
        providers={
            "timeout_s": 5.0,
            "max_attempts": 1,
            "openai": {"api_key": "sk-operator-key", "base_url": provider.base_url},
        },
    )
    built = create_app(settings, apply_schema=False)
    yield built
    built.close()


def _member(app: App, email: str, operator_keys: bool) -> Platform:
    operator = app.accounts.sign_up("op@example.com", PASSWORD).principal
    member = app.accounts.sign_up(email, PASSWORD).principal
    app.accounts.set_rights(operator, member.account_id, Role.MEMBER, operator_keys)
    return app.platform_for(app.accounts.sign_in(email, PASSWORD).principal)


def _answer(platform: Platform) -> tuple[str, str]:
    who = platform.candidates.create("Ada")
    request = offline_start(who.id, provider="openai", model="gpt-4o")
    session = platform.start(request).session
    reply = platform.turns.answer(session, "Mostly mobile users.", None)
    reply.text()
    return session.id, reply.engine


def test_a_member_the_operator_did_not_allow_never_reaches_the_operators_key(
    app: App, provider: OpenAIStub
) -> None:
    member = _member(app, "ada@example.com", operator_keys=False)
    assert not member.operator_keys()
    _, engine = _answer(member)
    assert engine == "offline"
    assert provider.requests_to("/v1/chat/completions") == []


def test_an_allowed_member_uses_it_until_the_daily_cap(app: App, provider: OpenAIStub) -> None:
    member = _member(app, "ada@example.com", operator_keys=True)
    provider.enqueue_text("How many users at peak?")
    session_id, engine = _answer(member)
    assert engine == "openai" and len(provider.requests_to("/v1/chat/completions")) == 1
    app.store.usage.record_token_usage(
        TokenUsage(
            session_id, "openai", "gpt-4o", Operation.QUESTION_GENERATION, 1, 1, Decimal("1.50")
        )
    )
    assert not member.operator_keys()  # $1.50 spent today against a $1.00 cap
    _, engine = _answer(member)
    assert engine == "offline" and len(provider.requests_to("/v1/chat/completions")) == 1

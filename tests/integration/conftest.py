"""Fixtures shared by the integration tests that talk to a provider stub.

``provider`` runs a test once per provider (OpenAI and Anthropic), ``stub`` is that
provider's wire-protocol server on 127.0.0.1, ``rig`` the interviewer's collaborators on
the real PostgreSQL, ``session`` a new offline session of a new candidate. A test module
that needs another shape defines its own fixture of the same name, which takes precedence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.stubs.anthropic_stub import AnthropicStub
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import Rig, build_rig
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.app_factory import App
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.models import Candidate, Session
from tests.integration.platform_rig import Clock, build_app


@pytest.fixture(params=["openai", "anthropic"])
def provider(request: pytest.FixtureRequest) -> str:
    """The provider under test."""
    return str(request.param)


@pytest.fixture()
def stub(provider: str) -> Iterator[StubServer]:
    """The provider's wire-protocol stub server, started for the test."""
    server: StubServer = AnthropicStub() if provider == "anthropic" else OpenAIStub()
    with server:
        yield server


@pytest.fixture()
def session(store: PostgresDataStore) -> Session:
    """A candidate's new offline session (for tests of what a session records)."""
    candidate = store.candidates.create_candidate(Candidate(name="Media Tester"))
    return store.sessions.create_session(
        Session(candidate_id=candidate.id, provider="offline", model="m")
    )


@pytest.fixture()
def rig(store: PostgresDataStore) -> Rig:
    """Store, tracker, provider factory, bank and settings wired for interviewer turns."""
    return build_rig(store, timeout_s=5.0)


@pytest.fixture()
def clock() -> Clock:
    """A clock the test moves (the application-layer tests)."""
    return Clock()


@pytest.fixture()
def app(store: PostgresDataStore, database_url: str, tmp_path: Path, clock: Clock) -> Iterator[App]:
    """A whole App like the UI's on the test database (a module may define its own)."""
    application = build_app(database_url, tmp_path, clock)
    yield application
    application.close()

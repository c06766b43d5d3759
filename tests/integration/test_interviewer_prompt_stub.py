"""What the LLM interviewer is told, seen in the requests the provider stubs receive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import STUB_MODELS, Rig
from testkit.stubs.script import RecordedRequest

from interview_platform.models import ExperienceLevel, MessageRole, utcnow
from interview_platform.problems.knowledge import KnowledgeBase

pytestmark = pytest.mark.integration
MODELS = STUB_MODELS
# The model announces the change in its own words: the text never matches the bank's.
PARAPHRASE = "OK. Marketing now wants click stats by country within a minute; what changes?"


def _system(request: RecordedRequest, provider: str) -> str:
    if provider == "anthropic":
        return str(request.body["system"])
    return str(request.body["messages"][0]["content"])


def test_the_requirement_change_is_asked_for_once_and_never_after_it_was_announced(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    started = utcnow() - timedelta(minutes=32)  # 45 min: deep dive runs 29.25-40.5 min
    session = rig.new_session(
        provider, MODELS[provider], level=ExperienceLevel.SENIOR,
        problem_id="url-shortener", started_at=started,
    )  # fmt: skip
    creds = rig.creds(stub, provider)
    change = rig.bank.get("url-shortener").requirement_changes[0].text
    stub.enqueue_text(PARAPHRASE)
    stub.enqueue_text("Understood. Where do the click events go first?")

    first = rig.interviewer.reply(session.id, "The redirect reads from Redis.", creds=creds)
    assert first.text() == PARAPHRASE
    assert first.message is not None and first.message.metadata["requirement_change"] == 0
    second = rig.interviewer.reply(session.id, "I'd stream clicks to Kafka.", creds=creds)
    second.text()

    systems = [_system(r, provider) for r in stub.completion_requests()]  # type: ignore[attr-defined]
    assert change in systems[0] and "Requirement change" in systems[0]
    assert change not in systems[1] and "Requirement change" not in systems[1]
    stored = [
        m
        for m in rig.store.conversation.get_messages(session.id)
        if m.role is MessageRole.INTERVIEWER
    ]
    assert [m.metadata.get("requirement_change") for m in stored] == [0, None]


def test_the_system_prompt_carries_red_flags_probes_the_level_bar_and_the_neutral_rules(
    rig: Rig, stub: StubServer, provider: str
) -> None:
    session = rig.new_session(
        provider, MODELS[provider], level=ExperienceLevel.MID, problem_id="url-shortener"
    )
    creds = rig.creds(stub, provider)
    rig.interviewer.reply(session.id, "Hash the URL with MD5.", creds=creds).text()
    system = _system(stub.completion_requests()[-1], provider)  # type: ignore[attr-defined]

    knowledge = KnowledgeBase.load_default().for_problem(rig.bank.get("url-shortener"))
    for flag in knowledge.red_flags:
        assert flag.probe in system, flag.id
    assert knowledge.bar("mid") in system and knowledge.bar("senior") not in system
    assert "Keep acknowledgements neutral" in system
    assert "Never volunteer numbers" in system and "What would you assume?" in system
    assert "FOR YOUR JUDGEMENT ONLY. Never state" in system

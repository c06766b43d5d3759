"""A model reply is stored (and so later analysed) at most MAX_REPLY_CHARS long.

The provider stub here ignores the request's output-token cap, as a misbehaving
provider or proxy could: the interviewer still stores no more than the cap.
"""

from __future__ import annotations

import pytest
from testkit.stubs.anthropic_stub import AnthropicStub
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import STUB_MODELS, Rig
from testkit.stubs.openai_stub import OpenAIStub

from interview_platform.analysis.limits import MAX_REPLY_CHARS
from interview_platform.models import MessageRole

# Words the stub counts as tokens one by one: far beyond any turn's output cap.
ENDLESS = "shard " * (MAX_REPLY_CHARS // 3)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_a_reply_beyond_the_cap_is_stored_capped(rig: Rig, provider: str) -> None:
    server: StubServer = (
        AnthropicStub(enforce_max_tokens=False)
        if provider == "anthropic"
        else OpenAIStub(enforce_max_tokens=False)
    )
    with server:
        session = rig.new_session(provider, STUB_MODELS[provider])
        server.enqueue_text(ENDLESS)
        stream = rig.interviewer.reply(session.id, "Go on.", creds=rig.creds(server, provider))
        shown = stream.text()

    assert stream.engine == provider
    assert len(shown) > MAX_REPLY_CHARS  # the candidate read what the provider sent
    stored = [
        m
        for m in rig.store.conversation.get_messages(session.id)
        if m.role is MessageRole.INTERVIEWER
    ]
    assert [len(m.content) for m in stored] == [MAX_REPLY_CHARS]
    assert ENDLESS.startswith(stored[0].content)

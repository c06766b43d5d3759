"""The latest screen capture sent to the interviewer on request (real SDKs, local stubs)."""

from __future__ import annotations

import pytest
from testkit.simulated_candidates import make_context, url_shortener_problem
from testkit.stubs.base import StubServer
from testkit.stubs.interview_setup import STUB_MODELS as MODELS
from testkit.stubs.interview_setup import Rig

from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.interviewer.offline_interviewer import OfflineInterviewer
from interview_platform.models import CommunicationMode, Message, MessageRole, Operation

pytestmark = pytest.mark.integration
PNG = b"\x89PNG\r\n\x1a\nscreen-bytes"


def test_the_screen_capture_reaches_a_vision_model_and_is_accounted(
    rig: Rig, stub: StubServer, provider: str, store: PostgresDataStore
) -> None:
    session = rig.new_session(provider, MODELS[provider])
    stub.enqueue_text("Your dashboard shows p99 latency at 900 ms. What drives the tail?")
    review = rig.interviewer.review_screen(session.id, PNG, creds=rig.creds(stub, provider))
    assert review.text().startswith("Your dashboard shows")
    last = stub.completion_requests()[-1].body["messages"][-1]["content"]
    texts = " ".join(str(p.get("text", "")) for p in last)
    assert "shared screen" in texts
    if provider == "openai":
        image = next(p for p in last if p["type"] == "image_url")
        assert image["image_url"]["url"].startswith("data:image/png;base64,")
    else:
        assert next(p for p in last if p["type"] == "image")["source"]["type"] == "base64"
    assert review.message is not None and review.message.mode is CommunicationMode.SCREEN_SHARE
    usage = store.usage.get_token_usage_by_operation(session.id)
    assert set(usage) == {Operation.SCREEN_ANALYSIS} and usage[Operation.SCREEN_ANALYSIS].calls == 1


def test_offline_interviewer_says_it_cannot_see_and_asks_for_a_walkthrough() -> None:
    problem = url_shortener_problem()
    history = [Message("s1", MessageRole.CANDIDATE, "Here is my load test dashboard.")]
    ctx = make_context(problem, history, "deep_dive")
    engine = OfflineInterviewer()
    text = "".join(engine.review_screen(ctx, PNG))
    assert "can't read images" in text and text.count("?") == 1
    asked = Message("s1", MessageRole.INTERVIEWER, text)
    again = "".join(
        engine.review_screen(make_context(problem, [*history, asked], "deep_dive"), PNG)
    )
    assert again.split(". ")[-1] != text.split(". ")[-1]  # not the same question twice

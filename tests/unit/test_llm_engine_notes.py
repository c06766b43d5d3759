"""A requirement change is noted only when the model's turn actually went out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.outputs import ChatGenerationChunk

from interview_platform.interviewer.llm_engine import LLMInterviewer
from interview_platform.interviewer.turn_types import TurnContext
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.models import ExperienceLevel, Operation, Session
from interview_platform.problems.bank import ProblemBank

URL = ProblemBank.load_default().get("url-shortener")
CREDS = ProviderCredentials("openai", "gpt-4o", None, None)


class _Down(FakeListChatModel):
    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        raise ConnectionError("down")


def _ctx() -> TurnContext:
    session = Session("c", "openai", "gpt-4o", level=ExperienceLevel.SENIOR)
    return TurnContext(session=session, problem=URL, history=[], phase="deep_dive")


def _ignore(operation: Operation, inp: int, out: int) -> None:
    del operation, inp, out


def test_a_delivered_turn_keeps_the_note_of_the_change_it_announced() -> None:
    ctx = _ctx()
    engine = LLMInterviewer(FakeListChatModel(responses=["OK. Marketing wants..."]), CREDS, _ignore)
    assert "".join(engine.respond(ctx)) == "OK. Marketing wants..."
    assert ctx.notes["requirement_change"] == 0


def test_a_failed_turn_takes_the_note_back_for_the_engine_that_takes_over() -> None:
    ctx = _ctx()
    ctx.notes["topic"] = "caching"
    engine = LLMInterviewer(_Down(responses=["x"]), CREDS, _ignore)
    with pytest.raises(ConnectionError):
        "".join(engine.respond(ctx))
    assert ctx.notes == {"topic": "caching"}

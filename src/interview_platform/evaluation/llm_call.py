"""One evaluation request to a chat model: output budget, temperature, JSON mode, stop reason.

A full report is about 3,000 output tokens, so the call asks for a budget that
holds one (Anthropic's SDK default is 1,024) and says when the provider stopped
at the limit (OpenAI ``finish_reason == "length"``, Anthropic ``stop_reason ==
"max_tokens"``), so a cut-off report is retried with a larger budget instead of
being taken for a malformed one.

Example::

    call = EvaluationCall(chat_model, CallOptions(json_mode=True), on_usage=record)
    answer = call.ask(messages, max_tokens=4096)
    if answer.truncated: ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.utils import count_tokens_approximately

__all__ = [
    "EVALUATION_MAX_TOKENS",
    "RETRY_MAX_TOKENS",
    "Answer",
    "CallOptions",
    "EvaluationCall",
    "ReportTruncatedError",
]

EVALUATION_MAX_TOKENS = 4096
"""Output budget of an evaluation call (a full report needs about 3,000 tokens)."""
RETRY_MAX_TOKENS = 8192
"""Budget of the one retry after a report was cut off at the limit."""
_BAD_REQUEST = 400

UsageCallback = Callable[[int, int], None]
BudgetCheck = Callable[[int, int], None]
"""Called with (input_tokens estimate, max_tokens) before every request; raises to refuse."""
_log = logging.getLogger("interview_platform.evaluation.llm")


@dataclass(frozen=True)
class CallOptions:
    """How the evaluation model is asked.

    Attributes:
        max_tokens: Output budget of the first request.
        retry_max_tokens: Budget of the retry after an answer was cut off.
        temperature: Sampling temperature (0: the same session grades the same way).
        json_mode: Ask for a JSON object (OpenAI ``response_format``); only for
            providers that speak the OpenAI protocol.
    """

    max_tokens: int = EVALUATION_MAX_TOKENS
    retry_max_tokens: int = RETRY_MAX_TOKENS
    temperature: float | None = 0.0
    json_mode: bool = False


@dataclass(frozen=True)
class Answer:
    """The model's text and whether it stopped at the output limit."""

    text: str
    truncated: bool = False


class ReportTruncatedError(RuntimeError):
    """The report was still cut off at the output limit after the larger retry."""

    def __init__(self, max_tokens: int) -> None:
        super().__init__(f"answer cut off at the {max_tokens}-token output limit")
        self.max_tokens = max_tokens


def _stopped_at_limit(answer: BaseMessage) -> bool:
    meta = answer.response_metadata or {}
    return meta.get("finish_reason") == "length" or meta.get("stop_reason") == "max_tokens"


def _text(answer: BaseMessage) -> str:
    return answer.text if isinstance(answer.text, str) else str(answer.content)


def _is_bad_request(exc: Exception) -> bool:
    return getattr(exc, "status_code", None) == _BAD_REQUEST


class EvaluationCall:
    """Makes evaluation requests and reports their usage.

    Args:
        model: A non-streaming LangChain chat model.
        options: Budget, temperature and JSON mode.
        on_usage: Called with (input_tokens, output_tokens) after every request.
        check: Refuses a request whose worst case the session cannot pay for
            (``ModelGateway.ensure_affordable``); None checks nothing.
    """

    def __init__(
        self,
        model: BaseChatModel,
        options: CallOptions,
        on_usage: UsageCallback | None,
        check: BudgetCheck | None = None,
    ) -> None:
        self._model = model
        self._options = options
        self._on_usage = on_usage
        self._check = check
        self._extras_rejected = False

    def _extras(self) -> dict[str, Any]:
        if self._extras_rejected:
            return {}
        extras: dict[str, Any] = {}
        if self._options.temperature is not None:
            extras["temperature"] = self._options.temperature
        if self._options.json_mode:
            extras["response_format"] = {"type": "json_object"}
        return extras

    def ask(self, messages: list[BaseMessage], max_tokens: int) -> Answer:
        """Send ``messages`` with an output budget of ``max_tokens``.

        Raises:
            Exception: Whatever the provider's SDK raised (after the retry below).
        """
        extras = self._extras()
        try:
            return self._invoke(messages, max_tokens, extras)
        except Exception as exc:
            if not (extras and _is_bad_request(exc)):
                raise
            # Some OpenAI-compatible servers reject JSON mode and some reasoning models a
            # temperature: ask once more without them, and not again for this evaluator.
            _log.warning("evaluation options rejected, retrying without them")
            self._extras_rejected = True
            return self._invoke(messages, max_tokens, {})

    def _invoke(
        self, messages: list[BaseMessage], max_tokens: int, extras: dict[str, Any]
    ) -> Answer:
        if self._check is not None:
            # A retry asks for a larger budget: its worst case is checked before it is paid.
            self._check(count_tokens_approximately(messages), max_tokens)
        try:
            answer = self._model.invoke(messages, max_tokens=max_tokens, **extras)
        except openai.LengthFinishReasonError as exc:
            # In JSON mode the OpenAI SDK parses the completion and raises when it was cut.
            return self._cut_off(exc.completion)
        self._record(messages, answer)
        return Answer(_text(answer), _stopped_at_limit(answer))

    def _cut_off(self, completion: Any) -> Answer:
        usage = completion.usage
        if usage is not None and self._on_usage is not None:
            self._on_usage(int(usage.prompt_tokens), int(usage.completion_tokens))
        content = completion.choices[0].message.content if completion.choices else ""
        return Answer(content or "", truncated=True)

    def _record(self, messages: list[BaseMessage], answer: BaseMessage) -> None:
        if self._on_usage is None:
            return
        meta = answer.usage_metadata if isinstance(answer, AIMessage) else None
        if meta:
            self._on_usage(int(meta["input_tokens"]), int(meta["output_tokens"]))
        else:
            # Providers that report nothing are approximated, so the budget still counts them.
            inp = count_tokens_approximately(messages)
            self._on_usage(inp, count_tokens_approximately([answer]))

"""The LLM evaluator: a chat model scores the session, validated against a schema.

A malformed answer is retried once with the validation error; if it is still
malformed (or the provider fails) the offline rubric evaluator's result is
returned, labelled as a fallback so it is never passed off as the model's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.messages.utils import count_tokens_approximately

from interview_platform.evaluation.contracts import EvaluationInput
from interview_platform.evaluation.feedback import overall_score, weakest
from interview_platform.evaluation.llm_prompt import system_prompt, user_prompt
from interview_platform.evaluation.llm_schema import (
    LLMFeedback,
    LLMReport,
    MalformedReportError,
    parse_report,
)
from interview_platform.evaluation.mode_analysis import mode_analysis
from interview_platform.evaluation.offline_evaluator import (
    ENGINE_NAME,
    OfflineRubricEvaluator,
    next_problem_id,
)
from interview_platform.evaluation.rubric import Rubric
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    Evidence,
    FeedbackItem,
    ImprovementStep,
)

if TYPE_CHECKING:
    from interview_platform.ai.problem_bank import ProblemBank

UsageCallback = Callable[[int, int], None]
_log = logging.getLogger("interview_platform.evaluation.llm")


def _usage(messages: list[BaseMessage], answer: BaseMessage) -> tuple[int, int]:
    """Input and output tokens as the provider reported them (approximated if it did not)."""
    meta = answer.usage_metadata if isinstance(answer, AIMessage) else None
    if meta:
        return int(meta["input_tokens"]), int(meta["output_tokens"])
    return count_tokens_approximately(messages), count_tokens_approximately([answer])


def _items(group: list[LLMFeedback]) -> list[FeedbackItem]:
    return [FeedbackItem(f.text, [Evidence(q) for q in f.evidence]) for f in group]


class LLMEvaluator:
    """Evaluates a session with a chat model.

    Args:
        chat_model: A LangChain chat model (any provider).
        rubric: The rubric the model is grounded on.
        bank: The problem bank (next problem, fallback evaluator).
        on_usage: Called with (input_tokens, output_tokens) after every model call.
        name: Engine name shown in the report (e.g. ``openai/gpt-4o``).
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        rubric: Rubric,
        bank: ProblemBank,
        on_usage: UsageCallback | None = None,
        name: str = "llm",
    ) -> None:
        self._model = chat_model
        self._rubric = rubric
        self._bank = bank
        self._on_usage = on_usage
        self.name = name
        self._offline = OfflineRubricEvaluator(rubric, bank)

    def _ask(self, messages: list[BaseMessage]) -> str:
        answer = self._model.invoke(messages)
        if self._on_usage is not None:
            self._on_usage(*_usage(messages, answer))
        return answer.text if isinstance(answer.text, str) else str(answer.content)

    def _report(self, inp: EvaluationInput) -> LLMReport:
        """Ask the model, retrying once when its answer is malformed."""
        messages: list[BaseMessage] = [
            SystemMessage(system_prompt(self._rubric, inp.session.level)),
            HumanMessage(user_prompt(inp)),
        ]
        text = self._ask(messages)
        try:
            return parse_report(text)
        except MalformedReportError as exc:
            _log.warning("malformed evaluation, retrying", extra={"error": str(exc)})
            messages += [
                AIMessage(text),
                HumanMessage(
                    f"That answer was not valid: {exc}. Reply again with only the JSON "
                    "object that matches the schema."
                ),
            ]
        return parse_report(self._ask(messages))

    def evaluate(self, inp: EvaluationInput) -> Evaluation:
        """Return the model's evaluation, or the labelled offline fallback."""
        try:
            report = self._report(inp)
        except MalformedReportError as exc:
            return self._fallback(inp, f"malformed model answer: {exc}")
        except Exception as exc:
            _log.warning("evaluation model failed", extra={"error": type(exc).__name__})
            return self._fallback(inp, f"model call failed: {type(exc).__name__}")
        return self._to_evaluation(inp, report)

    def _fallback(self, inp: EvaluationInput, reason: str) -> Evaluation:
        result = self._offline.evaluate(inp)
        return replace(result, engine=f"{ENGINE_NAME} (fallback: {reason})", is_fallback=True)

    def _to_evaluation(self, inp: EvaluationInput, report: LLMReport) -> Evaluation:
        order = {cid: i for i, cid in enumerate(self._rubric.ids())}
        scores = sorted(
            (
                CompetencyScore(
                    c.competency,
                    c.score,
                    Confidence(c.confidence),
                    [Evidence(q) for q in c.evidence],
                    c.rationale,
                )
                for c in report.competencies
            ),
            key=lambda s: order[s.competency],
        )
        overall = overall_score(self._rubric, scores)
        plan = [
            ImprovementStep(s.competency, s.step, s.resources or self._resources(s.competency))
            for s in report.improvement_plan
        ]
        return Evaluation(
            session_id=inp.session.id,
            engine=self.name,
            rubric_version=self._rubric.version,
            overall_score=overall,
            hiring_signal=self._rubric.hiring_signal(inp.session.level, overall),
            competencies=scores,
            went_well=_items(report.went_well),
            went_okay=_items(report.went_okay),
            needs_improvement=_items(report.needs_improvement),
            improvement_plan=plan,
            mode_analysis=mode_analysis(
                inp.session.modes,
                inp.messages,
                media=inp.media_files,
                snapshots=inp.snapshots,
                diagram=inp.diagram,
                gaps=inp.gaps,
                audio_stats=inp.audio_stats,
            ),
            next_problem_id=next_problem_id(self._bank, inp, weakest(self._rubric, scores)),
        )

    def _resources(self, competency_id: str) -> list[str]:
        try:
            return list(self._rubric.competency(competency_id).resources)
        except Exception:
            return []

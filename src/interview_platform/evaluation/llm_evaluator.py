"""The LLM evaluator: a chat model scores the session, validated against a schema.

The model is asked at temperature 0 with an output budget that holds a full
report. An answer cut off at the output limit is asked again once with a larger
budget; a malformed answer is retried once with the validation error. If it is
still cut off or malformed (or the provider fails) the offline rubric
evaluator's result is returned, labelled as a fallback so it is never passed off
as the model's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from interview_platform.evaluation.evaluator import EvaluationInput
from interview_platform.evaluation.feedback import overall_score, weakest
from interview_platform.evaluation.grade_schema import (
    LLMCompetency,
    LLMFeedback,
    LLMReport,
    MalformedReportError,
    parse_report,
)
from interview_platform.evaluation.llm_call import (
    Answer,
    BudgetCheck,
    CallOptions,
    EvaluationCall,
    ReportTruncatedError,
)
from interview_platform.evaluation.llm_prompt import system_prompt, user_prompt
from interview_platform.evaluation.mode_analysis import analyse_recording
from interview_platform.evaluation.offline_evaluator import (
    ENGINE_NAME,
    OfflineRubricEvaluator,
    next_problem_id,
)
from interview_platform.evaluation.plan_resources import distinct_resources
from interview_platform.evaluation.rubric import Rubric
from interview_platform.interviewer.prompt_knowledge import knowledge_for
from interview_platform.llm.gateway import BudgetExhaustedError
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    Evidence,
    FeedbackItem,
    ImprovementStep,
)

if TYPE_CHECKING:
    from interview_platform.problems.bank import ProblemBank

UsageCallback = Callable[[int, int], None]
"""Called with (input_tokens, output_tokens) after every model call."""
_log = logging.getLogger("interview_platform.evaluation.llm")


def _items(group: list[LLMFeedback]) -> list[FeedbackItem]:
    return [FeedbackItem(f.text, [Evidence(q) for q in f.evidence]) for f in group]


def _competency_score(item: LLMCompetency) -> CompetencyScore:
    """The domain score of one competency as the model judged it.

    "Not assessed" (no evidence) is stored with ``assessed=False`` (its score of 1 means
    nothing and counts for nothing), low confidence and the reason in the rationale.
    """
    evidence = [Evidence(q) for q in item.evidence]
    if not item.assessed or item.score is None:
        reason = item.rationale or "no evidence in the transcript"
        return CompetencyScore(
            item.competency, 1, Confidence.LOW, evidence, f"Not assessed: {reason}", assessed=False
        )
    return CompetencyScore(
        item.competency, item.score, Confidence(item.confidence), evidence, item.rationale
    )


class LLMEvaluator:
    """Evaluates a session with a chat model.

    Args:
        chat_model: A LangChain chat model (any provider).
        rubric: The rubric the model is grounded on.
        bank: The problem bank (next problem, fallback evaluator).
        on_usage: Called with (input_tokens, output_tokens) after every model call.
        name: Engine name shown in the report (e.g. ``openai/gpt-4o``).
        options: Output budget, temperature and JSON mode (default: 4,096 tokens,
            temperature 0, no JSON mode).
        check: Refuses a request whose worst case the session's budget cannot cover.
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        rubric: Rubric,
        bank: ProblemBank,
        *,
        on_usage: UsageCallback | None = None,
        name: str = "llm",
        options: CallOptions | None = None,
        check: BudgetCheck | None = None,
    ) -> None:
        self._options = options or CallOptions()
        self._call = EvaluationCall(chat_model, self._options, on_usage, check)
        self._rubric = rubric
        self._bank = bank
        self.name = name
        self._offline = OfflineRubricEvaluator(rubric, bank)

    def _ask(self, messages: list[BaseMessage]) -> tuple[Answer, int]:
        """Ask once; an answer cut off at the output limit is asked again with more room."""
        budget = self._options.max_tokens
        answer = self._call.ask(messages, budget)
        if answer.truncated:
            _log.warning("evaluation cut off at the output limit", extra={"max_tokens": budget})
            budget = max(self._options.retry_max_tokens, budget)
            answer = self._call.ask(messages, budget)
        if answer.truncated:
            raise ReportTruncatedError(budget)
        return answer, budget

    def _report(self, inp: EvaluationInput) -> LLMReport:
        """Ask the model, retrying once when its answer is malformed."""
        knowledge = knowledge_for(inp.problem)
        messages: list[BaseMessage] = [
            SystemMessage(system_prompt(self._rubric, inp.session.level, knowledge)),
            HumanMessage(user_prompt(inp)),
        ]
        answer, budget = self._ask(messages)
        try:
            return parse_report(answer.text)
        except MalformedReportError as exc:
            _log.warning("malformed evaluation, retrying", extra={"error": str(exc)})
            messages += [
                AIMessage(answer.text),
                HumanMessage(
                    f"That answer was not valid: {exc}. Reply again with only the JSON "
                    "object that matches the schema."
                ),
            ]
        retry = self._call.ask(messages, budget)
        if retry.truncated:
            raise ReportTruncatedError(budget)
        return parse_report(retry.text)

    def evaluate(self, inp: EvaluationInput) -> Evaluation:
        """Return the model's evaluation, or the labelled offline fallback."""
        try:
            report = self._report(inp)
        except MalformedReportError as exc:
            return self._fallback(inp, f"malformed model answer: {exc}")
        except BudgetExhaustedError:
            _log.warning("evaluation refused by the budget", extra={"engine": self.name})
            return self._fallback(inp, "the session's budget cannot cover the model's answer")
        except ReportTruncatedError as exc:
            _log.warning("evaluation still cut off", extra={"max_tokens": exc.max_tokens})
            return self._fallback(inp, f"model {exc}")
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
            (_competency_score(c) for c in report.competencies),
            key=lambda s: order[s.competency],
        )
        overall = overall_score(self._rubric, scores)
        plan = distinct_resources(
            [
                ImprovementStep(s.competency, s.step, s.resources or self._resources(s.competency))
                for s in report.improvement_plan
            ]
        )
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
            mode_analysis=analyse_recording(inp),
            next_problem_id=next_problem_id(self._bank, inp, weakest(self._rubric, scores)),
        )

    def _resources(self, competency_id: str) -> list[str]:
        try:
            return list(self._rubric.competency(competency_id).resources)
        except Exception:
            return []

"""Evaluation page: which interview, score, feedback with evidence, plan, modes, cost, downloads."""

from __future__ import annotations

import streamlit as st

from interview_platform.application.competencies import competency_title
from interview_platform.application.facade import Platform
from interview_platform.application.views import EvaluationView
from interview_platform.evaluation.report import report_json, report_markdown
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import Evaluation, EvaluationStatus, FeedbackItem
from interview_platform.ui.browser_state import (
    browser,
    current_session_id,
    entered_page,
    typed_key,
)
from interview_platform.ui.components.charts import competency_chart
from interview_platform.ui.components.evaluation_cards import (
    mode_cards,
    report_header,
    usage_card,
)
from interview_platform.ui.components.page_layout import page_title
from interview_platform.ui.page_registry import PageName, page
from interview_platform.ui.runtime import get_app, go
from interview_platform.ui.user_text import escape_markdown, show_text


def _feedback(title: str, items: list[FeedbackItem], icon: str) -> None:
    st.markdown(f"### {icon} {title}")
    if not items:
        st.caption("Nothing in this group.")
    for item in items:
        st.markdown(f"- {escape_markdown(item.text)}")
        for ev in item.evidence:
            stamp = ev.timestamp.strftime("%H:%M:%S") if ev.timestamp else ""
            st.caption(f"“{escape_markdown(ev.quote)}” {stamp}")


def _plan(view: EvaluationView) -> None:
    evaluation = view.evaluation
    st.markdown("### Improvement plan")
    for step in evaluation.improvement_plan:
        competency = escape_markdown(competency_title(step.competency))
        st.markdown(f"**{competency}** — {escape_markdown(step.step)}")
        for resource in step.resources:
            st.caption(f"📚 {escape_markdown(resource)}")
    if evaluation.next_problem_id:
        st.markdown(f"**Next problem to practise:** {escape_markdown(view.next_problem)}")
        if st.button("Practise the next problem", type="primary", key="practise_next"):
            browser().preselect_problem = evaluation.next_problem_id
            go(PageName.SETUP)


def _details(evaluation: Evaluation) -> None:
    st.markdown("### How you communicated")
    mode_cards(evaluation.mode_analysis)
    usage_card(evaluation.token_summary)
    st.markdown("### Why each score")
    for comp in evaluation.competencies:
        title = escape_markdown(f"{competency_title(comp.competency)} — {comp.label}")
        with st.expander(title):
            show_text(comp.rationale)
            for ev in comp.evidence:
                st.caption(f"“{escape_markdown(ev.quote)}”")


def _pending(app: Platform, session_id: str) -> None:
    rescore = app.lifecycle.rescore_progress(session_id)
    if rescore is not None and rescore.in_progress:
        _evaluating(app, session_id, rescore=True)
        return
    st.warning("The evaluation of this interview is still pending (the evaluator failed).")
    if rescore is not None and rescore.state == "failed" and rescore.last_error:
        st.caption(f"The last retry failed too: {escape_markdown(rescore.last_error)}")
    if st.button("Retry evaluation", type="primary"):
        try:
            with st.spinner("Scoring your interview…"):
                app.lifecycle.queue_rescore(session_id, typed_key())
        except InterviewPlatformError as exc:
            st.error(escape_markdown(exc))
            return
        st.rerun()


@st.fragment(run_every=2)
def _saving_recording(app: Platform, session_id: str) -> None:
    """Register a camera recording that was still being written when the interview ended.

    The browser closes the camera when the interview page goes away, and the recorder
    then finishes the MP4; this keeps checking until it is registered.
    """
    try:
        app.video.finalize_ready(session_id)
    except InterviewPlatformError as exc:
        st.warning(f"The camera recording could not be saved: {escape_markdown(exc)}")
        return
    if app.video.pending(session_id):
        st.caption("🎥 Saving your camera recording…")
    else:
        st.rerun()  # once, to stop this check and show the saved recording


_PROGRESS = {
    "queued": (0.15, "⏳ Your evaluation is queued; it starts in a moment…"),
    "evaluating": (0.6, "🧮 Evaluating your interview…"),
}
_RESCORE = {
    "queued": (0.15, "⏳ Scoring your interview again is queued; it starts in a moment…"),
    "evaluating": (0.6, "🧮 Scoring your interview again…"),
}


@st.fragment(run_every=2)
def _evaluating(app: Platform, session_id: str, rescore: bool = False) -> None:
    """Follow the queued evaluation (or re-score); the whole page runs again once it is stored."""
    lifecycle = app.lifecycle
    progress = (
        lifecycle.rescore_progress(session_id)
        if rescore
        else lifecycle.evaluation_progress(session_id)
    )
    if progress is None or not progress.in_progress:
        st.rerun()  # once: the report (or the pending notice) is stored now
        return
    share, text = (_RESCORE if rescore else _PROGRESS)[progress.state]
    st.progress(share, text=text)
    if progress.attempt > 1 and progress.last_error:
        st.caption(
            f"Try {progress.attempt} of {progress.max_attempts}; the previous one failed: "
            f"{escape_markdown(progress.last_error)}"
        )


def _queued(app: Platform, session_id: str) -> bool:
    """Show the progress of an evaluation still queued or running; False when none is."""
    try:
        progress = app.lifecycle.evaluation_progress(session_id)
    except InterviewPlatformError:  # not found: the page says so below
        return False
    if progress is None or not progress.in_progress:
        return False
    if app.video.pending(session_id):
        _saving_recording(app, session_id)
    _evaluating(app, session_id)
    return True


def _recordings(app: Platform, session_id: str, view: EvaluationView) -> None:
    if app.video.pending(session_id):
        _saving_recording(app, session_id)
    elif view.videos:
        st.caption(f"🎥 {view.videos} camera recording(s) saved — watch them in History.")


def render() -> None:
    """Draw the evaluation page."""
    app = get_app()
    entered_page("evaluation")
    session_id = current_session_id()
    view = app.views.evaluation(session_id) if session_id else None
    page_title("Your evaluation")
    if session_id is not None and view is None and _queued(app, session_id):
        return
    if session_id is None or view is None:
        if session_id and app.views.find_session(session_id) is None:
            st.error("That interview was not found. The link may be old or mistyped.")
            st.page_link(page(PageName.HISTORY), label="Open History", icon="🗂️")
            return
        st.info("No evaluation to show yet. Finish an interview, or open one from History.")
        return
    evaluation = view.evaluation
    _recordings(app, session_id, view)
    if evaluation.status is not EvaluationStatus.COMPLETED:
        _pending(app, session_id)
        return
    report_header(view.header, evaluation)
    if evaluation.is_fallback:
        st.warning("The AI evaluator failed, so this report comes from the offline rubric engine.")
    st.plotly_chart(competency_chart(evaluation), key="competency_chart")
    c1, c2, c3 = st.columns(3)
    with c1:
        _feedback("Went well", evaluation.went_well, "✅")
    with c2:
        _feedback("Went okay", evaluation.went_okay, "➖")
    with c3:
        _feedback("Needs improvement", evaluation.needs_improvement, "🔧")
    _plan(view)
    _details(evaluation)
    d1, d2 = st.columns(2)
    d1.download_button("⬇️ Report (Markdown)", report_markdown(evaluation), f"{session_id}.md")
    d2.download_button("⬇️ Report (JSON)", report_json(evaluation), f"{session_id}.json")


render()

"""Setup page: candidate, resume, interviewer, modes, problem, duration, start."""

from __future__ import annotations

import streamlit as st

from interview_platform.app_factory import App
from interview_platform.exceptions import InterviewPlatformError
from interview_platform.models import Candidate, CommunicationMode, ExperienceLevel, Resume
from interview_platform.ui.components.candidate_picker import candidate_picker
from interview_platform.ui.components.provider_panel import provider_panel
from interview_platform.ui.components.resume_panel import resume_panel
from interview_platform.ui.runtime import ProviderChoice, entered_page, get_app, go, open_session

_MODE_LABELS = {
    CommunicationMode.WHITEBOARD: "🖊️ Whiteboard",
    CommunicationMode.AUDIO: "🎤 Audio",
    CommunicationMode.VIDEO: "📹 Video",
    CommunicationMode.SCREEN_SHARE: "🖥️ Screen share",
}
_CUSTOM = "__custom__"


def _modes() -> list[CommunicationMode]:
    st.caption("Text chat is always on. Pick any other ways to communicate:")
    chosen = [CommunicationMode.TEXT]
    cols = st.columns(len(_MODE_LABELS))
    for col, (mode, label) in zip(cols, _MODE_LABELS.items(), strict=True):
        default = mode is CommunicationMode.WHITEBOARD
        if col.checkbox(label, value=default, key=f"mode_{mode.value}"):
            chosen.append(mode)
    return chosen


def _problem(app: App, resume: Resume | None) -> tuple[str | None, str, ExperienceLevel]:
    level = resume.data.experience_level if resume else ExperienceLevel.MID
    level = ExperienceLevel(
        st.selectbox(
            "Level to interview at",
            [lv.value for lv in ExperienceLevel],
            index=list(ExperienceLevel).index(level),
            key="setup_level",
        )
    )
    domains = resume.data.domain_expertise if resume else []
    recommended = app.bank.recommend(level, domains)
    preselected = st.session_state.pop("preselect_problem", None)
    problems = {p.id: f"{p.title} · {p.domain}" for p in app.bank.all()}
    options = [recommended.id, *[pid for pid in problems if pid != recommended.id], _CUSTOM]
    default = options.index(preselected) if preselected in options else 0

    def label(pid: str) -> str:
        if pid == _CUSTOM:
            return "✍️ My own problem…"
        return problems[pid] + (" — recommended for you" if pid == recommended.id else "")

    choice = st.selectbox("Problem", options, index=default, format_func=label, key="problem")
    if choice == _CUSTOM:
        text = st.text_area("Describe the system to design", key="custom_problem", max_chars=2000)
        return None, text.strip(), level
    return choice, "", level


def _start(
    app: App,
    candidate: Candidate,
    resume: Resume | None,
    choice: ProviderChoice,
    spec: tuple[str | None, str, ExperienceLevel, list[CommunicationMode], int],
) -> None:
    problem_id, problem_text, level, modes, minutes = spec
    if problem_id is None and len(problem_text) < 10:
        st.error("Describe your own problem in a sentence or two, or pick one from the list.")
        return
    with st.spinner("Preparing your interviewer…"):
        session = app.sessions.create(
            candidate_id=candidate.id,
            provider=choice.provider,
            model=choice.model,
            modes=modes,
            level=level,
            problem_id=problem_id,
            problem_text=problem_text,
            planned_minutes=minutes,
            resume_id=resume.id if resume else None,
        )
        if choice.base_url:
            # Not a secret: lets a refreshed browser reach the same local server.
            session.metadata["base_url"] = choice.base_url
            app.store.update_session(session)
        app.sessions.start(session.id)
    open_session(session.id)
    go("app_pages/interview.py", session.id)


def render() -> None:
    """Draw the setup page."""
    app = get_app()
    entered_page("setup")
    st.title("Set up your mock interview")
    st.subheader("1 · Who is interviewing?")
    candidate = candidate_picker(app)
    if candidate is None:
        st.info("Create or pick a candidate profile to continue.")
        return
    st.subheader("2 · Interviewer")
    choice = provider_panel(app)
    st.subheader("3 · Resume")
    resume = resume_panel(app, candidate)
    st.subheader("4 · Interview")
    modes = _modes()
    problem_id, problem_text, level = _problem(app, resume)
    minutes = st.slider("Duration (minutes)", 15, 90, app.settings.interview.default_minutes, 5)
    if st.button("Start interview", type="primary", key="start_interview"):
        try:
            _start(
                app, candidate, resume, choice, (problem_id, problem_text, level, modes, minutes)
            )
        except InterviewPlatformError as exc:
            st.error(str(exc))


render()

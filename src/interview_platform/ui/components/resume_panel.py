"""Resume upload with progress, and an editable view of what was parsed."""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from interview_platform.application.actions import user_action
from interview_platform.application.facade import Platform
from interview_platform.exceptions import InterviewPlatformError, ValidationError
from interview_platform.models import Candidate, ExperienceLevel, Resume, ResumeData
from interview_platform.resume.limits import MAX_RESUME_CHARS, truncation_notice
from interview_platform.resume.resume_manager import Progress, ResumeManager
from interview_platform.session.setup_checks import check_plain_text
from interview_platform.ui.browser_state import browser, provider_choice
from interview_platform.ui.user_text import escape_markdown

_LEVELS = [level.value for level in ExperienceLevel]
PASTE_LABEL = "…or paste your resume as text"
_PASTED = "pasted text"
# Parses with a resume manager: (manager, use the model?, progress) -> parsed resume.
_Reader = Callable[[ResumeManager, bool, Progress], ResumeData]


def _advance(bar: DeltaGenerator, fraction: float, text: str) -> None:
    bar.progress(min(max(fraction, 0.0), 1.0), text=text)


def _read(app: Platform, candidate: Candidate, source: str, reader: _Reader) -> Resume | None:
    """Parse with the chosen interviewer's model (offline when none) and store the result."""
    bar = st.progress(0.0, text="Reading your resume…")
    creds = provider_choice().credentials()
    try:
        data = reader(
            app.resumes_for(creds), not creds.is_offline, lambda f, t: _advance(bar, f, t)
        )
    except InterviewPlatformError as exc:
        bar.empty()
        st.error(escape_markdown(exc))
        return None
    resume = app.resumes.save(candidate.id, source, data)
    bar.progress(1.0, text="Resume parsed")
    return resume


def _parse_upload(app: Platform, candidate: Candidate) -> Resume | None:
    limit_mb = app.settings.uploads.max_resume_mb
    upload = st.file_uploader(
        "Upload your resume (PDF, TXT or Markdown)",
        key=f"resume_upload_{candidate.id}",
        # Streamlit prints "Limit N MB per file" from this (whole megabytes only); without
        # it the server-wide maxUploadSize, sized for voice recordings, would be shown.
        max_upload_size=max(1, math.ceil(limit_mb)),
        help=f"Up to {limit_mb:g} MB.",
    )
    if upload is None:
        return None
    marker = f"{upload.file_id}"
    if browser().resume_marker == marker:
        return app.resumes.latest(candidate.id)
    content = upload.getvalue()
    resume = _read(
        app,
        candidate,
        upload.name,
        lambda manager, llm, progress: manager.parse_upload(
            upload.name, content, use_llm=llm, progress=progress
        ),
    )
    if resume is not None:
        user_action("resume.upload", "resume uploaded and parsed", parser=resume.data.parser)
        browser().resume_marker = marker
    return resume


def _parse_paste(app: Platform, candidate: Candidate) -> Resume | None:
    with (
        st.expander(PASTE_LABEL),
        st.form(f"resume_paste_{candidate.id}", clear_on_submit=True, border=False),
    ):
        text = st.text_area(
            "Resume text",
            max_chars=MAX_RESUME_CHARS,
            height=160,
            key="resume_paste",
            help=f"Up to {MAX_RESUME_CHARS:,} characters; a longer resume is cut there.",
        )
        submitted = st.form_submit_button("Read pasted resume", key="read_pasted")
    if not submitted:
        return None
    resume = _read(
        app,
        candidate,
        _PASTED,
        lambda manager, llm, progress: manager.parse_text(text, use_llm=llm, progress=progress),
    )
    if resume is not None:
        user_action("resume.paste", "resume pasted and parsed", parser=resume.data.parser)
    return resume


def _summary(candidate: Candidate, resume: Resume) -> None:
    data = resume.data
    st.markdown(
        f"**{escape_markdown(data.name or candidate.name)}** · {data.experience_level.value} · "
        f"{data.years_experience:g} years · _{escape_markdown(resume.filename)}_ · "
        f"parser: {escape_markdown(data.parser)}"
    )
    st.markdown(f"**Domain expertise:** {_badges(data.domain_expertise)}")
    st.markdown(f"**Skills:** {_badges(data.skills[:20])}")
    notice = truncation_notice(data)
    if notice:
        st.warning(notice)


def _badges(items: list[str]) -> str:
    return " ".join(f":blue-badge[{escape_markdown(item)}]" for item in items) or "_none found_"


def _edit_form(app: Platform, resume: Resume) -> Resume:
    data = resume.data
    with st.form(f"resume_edit_{resume.id}"):
        c1, c2, c3 = st.columns([2, 1, 1])
        name = c1.text_input("Name", value=data.name)
        level = c2.selectbox("Level", _LEVELS, index=_LEVELS.index(data.experience_level.value))
        years = c3.number_input(
            "Years", min_value=0.0, max_value=60.0, value=float(data.years_experience), step=0.5
        )
        domains = st.text_input("Domains (comma separated)", value=", ".join(data.domain_expertise))
        skills = st.text_input("Skills (comma separated)", value=", ".join(data.skills))
        if not st.form_submit_button("Save corrections"):
            return resume
    try:
        # The page saves through the resume manager directly, so it checks what was typed.
        for label, typed in (("The name", name), ("Domains", domains), ("Skills", skills)):
            check_plain_text(typed, label)
    except ValidationError as exc:
        st.error(escape_markdown(exc))
        return resume
    edited = ResumeData(
        raw_text=data.raw_text,
        name=name.strip(),
        email=data.email,
        experience_level=ExperienceLevel(level),
        years_experience=float(years),
        domain_expertise=[d.strip() for d in domains.split(",") if d.strip()],
        skills=[s.strip() for s in skills.split(",") if s.strip()],
        work_experience=data.work_experience,
        education=data.education,
        parser=data.parser,
    )
    saved = app.resumes.save(resume.candidate_id, resume.filename, edited)
    st.success("Corrections saved.")
    return saved


def resume_panel(app: Platform, candidate: Candidate) -> Resume | None:
    """Upload, paste or reuse the candidate's resume; return the resume to interview with."""
    uploaded = _parse_upload(app, candidate)
    pasted = _parse_paste(app, candidate)
    resume = pasted or uploaded or app.resumes.latest(candidate.id)
    if resume is None:
        st.caption("No resume yet — the interview still works; the problem won't be tailored.")
        return None
    # Drawn above the form but filled after it, so saved corrections show in this run.
    summary = st.container()
    shown = _edit_form(app, resume)
    with summary:
        _summary(candidate, shown)
    return shown

"""The setup page follows the resume at once: level, recommendation, summary, sidebar."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from interview_platform.app_factory import App
from interview_platform.models import Candidate
from interview_platform.resume.limits import MAX_RESUME_CHARS
from interview_platform.ui.browser_state import BROWSER_KEY, BrowserState

RESUMES = Path(__file__).resolve().parents[1] / "fixtures" / "resumes"


@pytest.fixture(autouse=True)
def _local_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser on this computer, as single-user mode requires.

    AppTest's mocked runtime reports a made-up client address, which the sign-in gate
    (rightly) refuses; a loopback client has no client context at all.
    """
    monkeypatch.setattr("streamlit.runtime.context._get_client_context", lambda: None)


def _open(at: AppTest, app: App, name: str = "Robin Follow") -> Candidate:
    candidate = app.store.candidates.create_candidate(Candidate(name=name))
    at.session_state[BROWSER_KEY] = BrowserState(candidate_id=candidate.id)
    at.run()
    assert not at.exception
    return candidate


def _paste(at: AppTest, text: str) -> None:
    at.text_area(key="resume_paste").input(text)
    at.button(key="read_pasted").click().run()
    assert not at.exception


def _correct(at: AppTest, level: str, **fields: str) -> None:
    """Fill the correction form (labels to values) and save it."""
    for label, value in fields.items():
        next(t for t in at.text_input if t.label == label).input(value)
    next(s for s in at.selectbox if s.label == "Level").select(level)
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert not at.exception


def _texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_level_and_recommendation_follow_a_pasted_staff_resume(at: AppTest, app: App) -> None:
    _open(at, app)
    assert at.selectbox(key="setup_level").value == "mid"
    _paste(at, (RESUMES / "staff_search.txt").read_text())
    assert at.selectbox(key="setup_level").value == "staff"
    # A staff search engineer is recommended the crawler, not the mid-level autocomplete.
    assert at.selectbox(key="problem").value == "web-crawler"
    assert "recommended for you" in at.selectbox(key="problem").options[0]


def test_a_level_picked_by_hand_stays_until_a_correction_sets_another(
    at: AppTest, app: App
) -> None:
    _open(at, app)
    _paste(at, (RESUMES / "senior_payments.txt").read_text())
    assert at.selectbox(key="setup_level").value == "senior"
    at.selectbox(key="setup_level").select("junior").run()
    at.checkbox(key="mode_audio").check().run()  # any later run keeps the hand-picked level
    assert at.selectbox(key="setup_level").value == "junior"
    _correct(at, "staff")
    assert at.selectbox(key="setup_level").value == "staff"


def test_saved_corrections_show_in_the_summary_at_once(at: AppTest, app: App) -> None:
    _open(at, app)
    _paste(at, (RESUMES / "senior_payments.txt").read_text())
    assert "**Jane Doe** · senior" in _texts(at)
    _correct(at, "staff", Name="Jane Corrected", **{"Domains (comma separated)": "fintech-risk"})
    shown = _texts(at)
    assert "**Jane Corrected** · staff" in shown
    assert "fintech-risk" in shown
    assert "Jane Doe" not in shown


def test_the_sidebar_names_the_profile_just_picked(at: AppTest, app: App) -> None:
    _open(at, app, "Ada First")
    second = app.store.candidates.create_candidate(Candidate(name="Bo Second"))
    at.run()
    assert "Candidate: **Ada First**" in [c.value for c in at.sidebar.caption]
    at.selectbox(key="candidate_select").select(second.id).run()
    assert not at.exception
    assert "Candidate: **Bo Second**" in [c.value for c in at.sidebar.caption]
    assert at.session_state[BROWSER_KEY].candidate_id == second.id


def test_a_pasted_resume_is_parsed_and_stored(at: AppTest, app: App) -> None:
    candidate = _open(at, app)
    _paste(at, (RESUMES / "senior_payments.txt").read_text())
    stored = app.resumes.latest(candidate.id)
    assert stored is not None
    assert stored.filename == "pasted text"
    assert stored.data.name == "Jane Doe"
    assert "**Jane Doe** · senior" in _texts(at)


def test_an_empty_paste_says_what_to_do(at: AppTest, app: App) -> None:
    candidate = _open(at, app)
    _paste(at, "   ")
    assert "The resume text is empty" in " ".join(e.value for e in at.error)
    assert app.resumes.latest(candidate.id) is None


def test_a_paste_over_the_cap_is_read_up_to_it_and_says_so(at: AppTest, app: App) -> None:
    candidate = _open(at, app)
    resume = (RESUMES / "senior_payments.txt").read_text()
    # The box takes at most the cap (the browser stops there): a resume filling it.
    filler = "\nProjects " + "ledger " * (MAX_RESUME_CHARS // 7)
    _paste(at, (resume + filler)[:MAX_RESUME_CHARS])
    assert at.text_area(key="resume_paste").max_chars == MAX_RESUME_CHARS
    stored = app.resumes.latest(candidate.id)
    assert stored is not None
    assert len(stored.data.raw_text) == MAX_RESUME_CHARS
    assert f"only its first {MAX_RESUME_CHARS:,} characters" in " ".join(
        w.value for w in at.warning
    )


def test_the_uploader_states_the_configured_limit(at: AppTest, app: App) -> None:
    _open(at, app)
    [uploader] = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == app.settings.uploads.max_resume_mb == 5


def test_setup_says_what_happens_next(at: AppTest) -> None:
    at.run()
    intro = at.markdown[0].value.splitlines()
    assert len(intro) == 3
    assert intro[0].startswith("1. **Set up**")
    assert "evidence" in intro[2]

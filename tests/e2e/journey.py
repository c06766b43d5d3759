"""Steps of the candidate journey, shared by the offline and stub-provider e2e tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF
from testkit.streamlit_app import screenshot

Page = Any  # playwright.sync_api.Page (kept loose: Playwright ships no mypy plugin)
TIMEOUT = 30_000


def make_resume_pdf(path: Path, name: str) -> Path:
    """Write a small, realistic one-page resume PDF."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    lines = [
        name,
        f"{name.split(maxsplit=1)[0].lower()}@example.com",
        "Senior Software Engineer",
        "Experience",
        "Senior Software Engineer, Acme Payments  Jan 2018 - Present",
        "Built a payments ledger on PostgreSQL and Kafka serving 5k TPS.",
        "Software Engineer, ShopCo  Jun 2014 - Dec 2017",
        "Worked on the e-commerce checkout with Redis caching and Python.",
        "Education",
        "B.Sc. Computer Science, State University, 2014",
        "Skills: Python, Go, PostgreSQL, Kafka, Redis, Kubernetes, AWS",
    ]
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
        timeout=TIMEOUT,
    )


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    box.locator("input").click()
    page.get_by_role("option", name=option).first.click()
    wait_idle(page)


def create_candidate(page: Page, name: str) -> None:
    """Create a candidate profile on the setup page."""
    page.get_by_label("Full name").fill(name)
    page.get_by_role("button", name="Create profile").click()
    page.get_by_text(f"Candidate: {name}").wait_for(timeout=TIMEOUT)


def upload_resume(page: Page, pdf: Path) -> None:
    """Upload the resume and wait for the parsed summary."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
    page.get_by_text("parser:").first.wait_for(timeout=TIMEOUT)


def assistant_count(page: Page) -> int:
    """Number of interviewer messages in the chat panel."""
    return int(page.get_by_test_id("stChatMessageAvatarCustom").count())


def answer(page: Page, text: str) -> None:
    """Send an answer and wait until the interviewer's reply has been drawn after it."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        """t => {
            const msgs = [...document.querySelectorAll(
                ".st-key-chat_box [data-testid='stChatMessage']")];
            const mine = msgs.findIndex(m => m.innerText.includes(t));
            return mine >= 0 && mine < msgs.length - 1
                && msgs[msgs.length - 1].innerText.trim().length > 10;
        }""",
        arg=text[:40],
        timeout=TIMEOUT,
    )
    wait_idle(page)


def drag(page: Page, canvas: Any, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Drag the mouse on the canvas from ``start`` to ``end`` (canvas pixels)."""
    bbox = canvas.bounding_box()
    page.mouse.move(bbox["x"] + start[0], bbox["y"] + start[1])
    page.mouse.down()
    page.mouse.move(bbox["x"] + end[0], bbox["y"] + end[1], steps=8)
    page.mouse.up()
    page.wait_for_timeout(700)


def draw_design(page: Page) -> None:
    """Draw two labelled boxes and an arrow between them."""
    canvas = page.locator("canvas.upper-canvas").first
    canvas.wait_for(timeout=TIMEOUT)
    label = page.get_by_label("Box label")
    label.fill("API service")
    label.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(1000)  # the new label reaches the canvas after the rerun
    drag(page, canvas, (30, 60), (170, 130))
    label.fill("Postgres database")
    label.press("Enter")
    wait_idle(page)
    page.wait_for_timeout(1000)
    drag(page, canvas, (300, 60), (460, 130))
    choose(page, "Tool", "╱ Line / arrow")
    page.wait_for_timeout(1000)  # the new tool reaches the canvas after the rerun
    drag(page, canvas, (170, 95), (300, 95))
    wait_idle(page)


def refresh_keeps_work(page: Page) -> None:
    """Reload mid-interview: the conversation and the drawing come back from the database."""
    page.reload()
    page.get_by_text("sharded Postgres").first.wait_for(timeout=TIMEOUT)
    page.locator("canvas.upper-canvas").first.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # a remounted canvas must not overwrite the saved drawing
    wait_idle(page)


def end_interview(page: Page) -> None:
    """End the interview through the confirmation dialog and wait for the report."""
    wait_idle(page)
    page.get_by_role("button", name="⏹ End interview").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=TIMEOUT)
    try:
        dialog.get_by_role("button", name="End and evaluate").click()
        page.wait_for_url("**/evaluation**", timeout=60_000)
        page.get_by_text("Overall score").wait_for(timeout=TIMEOUT)
        page.locator(".js-plotly-plot").first.wait_for(timeout=TIMEOUT)
    except Exception:
        screenshot(page, "failure-end-interview")
        raise


def open_in_history(page: Page, base_url: str) -> None:
    """Find the newest interview in History and open it."""
    # In-app navigation keeps the browser session (the chosen candidate).
    page.get_by_test_id("stSidebarNav").get_by_text("History").click()
    grid = page.get_by_test_id("stDataFrame")
    grid.locator("canvas").first.wait_for(timeout=TIMEOUT)
    box = grid.bounding_box()
    assert box is not None
    # A click on the newest row's selection box (under the 35 px header) opens it.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.get_by_text("Session detail").wait_for(timeout=TIMEOUT)


def full_journey(
    page: Page,
    base_url: str,
    name: str,
    tmp: Path,
    shots: str,
    provider_setup: Callable[[Page], None] | None = None,
) -> None:
    """Run the whole journey of a candidate and take a screenshot of each page."""
    page.goto(base_url)
    create_candidate(page, name)
    if provider_setup is not None:
        provider_setup(page)
    upload_resume(page, make_resume_pdf(tmp / "resume.pdf", name))
    screenshot(page, f"{shots}-setup")
    page.get_by_role("button", name="Start interview").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        "() => document.querySelectorAll(\".st-key-chat_box [data-testid='stChatMessage']\")"
        ".length >= 1",
        timeout=TIMEOUT,
    )
    for text in (
        "Functional requirements: shorten a URL, redirect, custom aliases. 100M new URLs a day.",
        "Reads dominate 100:1, so about 1,200 writes/s and 120k reads/s; I'd cache hot links.",
        "A load balancer in front of stateless API servers, Redis cache, sharded Postgres.",
    ):
        answer(page, text)
    draw_design(page)
    wait_idle(page)
    # While a fragment re-runs, Streamlit can briefly show the old button beside the new.
    page.get_by_role("button", name="📸 Save snapshot", exact=True).last.click()
    page.get_by_text("Snapshot saved").wait_for(timeout=TIMEOUT)
    screenshot(page, f"{shots}-interview")
    refresh_keeps_work(page)
    end_interview(page)
    screenshot(page, f"{shots}-evaluation")
    open_in_history(page, base_url)
    screenshot(page, f"{shots}-history")

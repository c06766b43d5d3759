"""Real PDFs in several layouts: text comes out readable and parses correctly.

The builders here are also used by the other resume tests.
"""

from __future__ import annotations

import io
from datetime import date

from fpdf import FPDF
from pypdf import PdfWriter

from interview_platform.models import ExperienceLevel
from interview_platform.resume.extract import extract_text
from interview_platform.resume.offline_parser import OfflineResumeParser

TODAY = date(2024, 6, 1)


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # en dashes, bullets and curly quotes
    pdf.set_auto_page_break(auto=True, margin=15)
    return pdf


def _output(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def single_column_pdf(lines: list[str]) -> bytes:
    """One column, one line per entry; headings in bold."""
    pdf = _pdf()
    pdf.add_page()
    for line in lines:
        bold = line.isupper() and len(line) < 30
        pdf.set_font("Helvetica", "B" if bold else "", 13 if bold else 10)
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return _output(pdf)


def two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """A sidebar (contact, skills, education) beside the main column."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    top = pdf.get_y()
    for line in left:
        pdf.set_x(10)
        pdf.multi_cell(55, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top)
    for line in right:
        pdf.set_x(75)
        pdf.multi_cell(125, 5, line, new_x="LEFT", new_y="NEXT")
    return _output(pdf)


def multi_page_pdf(lines: list[str], pages: int) -> bytes:
    """The same content spread over ``pages`` pages."""
    pdf = _pdf()
    per_page = max(1, -(-len(lines) // pages))
    for start in range(0, per_page * pages, per_page):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in lines[start : start + per_page] or ["(continued)"]:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return _output(pdf)


def image_only_pdf() -> bytes:
    """A page with drawn shapes and no text at all (what a scan looks like to pypdf)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(20, 20, 170, 60, style="F")
    pdf.rect(20, 90, 170, 120, style="D")
    return _output(pdf)


def blank_pages_pdf(pages: int) -> bytes:
    """A valid PDF with ``pages`` empty pages (0 gives a PDF without pages)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SENIOR_LINES = [
    "Priya Raman",
    "priya.raman@example.com | +44 20 7946 0000 | London",
    "EXPERIENCE",
    "Senior Backend Engineer, Deliveroo — Mar 2019 – Present",
    "• Built the order dispatch and routing service (Go, PostgreSQL, Redis) for 3M daily orders.",
    "• Cut courier ETA error by 18% with a geospatial index and Kafka event streams.",
    "Software Engineer | Ocado | Sep 2014 – Feb 2019",
    "• Warehouse logistics APIs in Java and Spring Boot on AWS.",
    "• Fleet tracking with GPS telemetry on Cassandra.",
    "EDUCATION",
    "Imperial College London",
    "MEng Computing, 2014",
    "SKILLS",
    "Go, Java, Python, PostgreSQL, Redis, Kafka, Cassandra, AWS, Kubernetes",
]


def _check_priya(text: str) -> None:
    data = OfflineResumeParser(clock=lambda: TODAY).parse(text)
    assert data.name == "Priya Raman"
    assert data.email == "priya.raman@example.com"
    assert data.experience_level == ExperienceLevel.SENIOR
    assert abs(data.years_experience - 9.7) <= 0.5
    assert data.domain_expertise[0] == "maps"
    assert {"Go", "Java", "PostgreSQL", "Kafka", "Cassandra"} <= set(data.skills)
    assert [w.company for w in data.work_experience] == ["Deliveroo", "Ocado"]
    assert data.education[0].institution == "Imperial College London"
    assert data.education[0].year == "2014"


def test_single_column_pdf_is_extracted_and_parsed() -> None:
    text = extract_text(single_column_pdf(SENIOR_LINES), max_pages=5)
    assert "Senior Backend Engineer, Deliveroo" in text
    _check_priya(text)


def test_multi_page_pdf_keeps_text_from_every_page() -> None:
    text = extract_text(multi_page_pdf(SENIOR_LINES, pages=3), max_pages=5)
    assert "Priya Raman" in text and "Kubernetes" in text
    _check_priya(text)


def test_two_column_pdf_with_dates_on_their_own_line() -> None:
    left = [
        "Tomasz Nowak",
        "tomasz@nowak.dev",
        "SKILLS",
        "Python, Django, PostgreSQL, Celery, RabbitMQ, Docker, GCP",
        "EDUCATION",
        "Warsaw University of Technology",
        "BSc Computer Science",
        "2017",
    ]
    right = [
        "EXPERIENCE",
        "Software Engineer",
        "Allegro",
        "2019 – Present",
        "• Checkout and shopping cart services for the marketplace.",
        "• Product catalog search with Elasticsearch.",
        "Junior Developer",
        "Brainly",
        "2017 – 2019",
        "• Built Django views.",
    ]
    text = extract_text(two_column_pdf(left, right), max_pages=2)
    data = OfflineResumeParser(clock=lambda: TODAY).parse(text)
    assert data.name == "Tomasz Nowak"
    assert data.email == "tomasz@nowak.dev"
    assert [(w.title, w.company) for w in data.work_experience] == [
        ("Software Engineer", "Allegro"),
        ("Junior Developer", "Brainly"),
    ]
    assert abs(data.years_experience - 7.4) <= 0.5
    assert data.experience_level == ExperienceLevel.SENIOR
    assert "e-commerce" in data.domain_expertise
    assert {"Python", "Django", "Celery", "RabbitMQ", "Elasticsearch"} <= set(data.skills)
    assert data.education and data.education[0].degree == "BSc Computer Science"


def test_bullets_become_the_position_description() -> None:
    text = extract_text(single_column_pdf(SENIOR_LINES), max_pages=5)
    data = OfflineResumeParser(clock=lambda: TODAY).parse(text)
    first = data.work_experience[0]
    assert first.title == "Senior Backend Engineer"
    assert "order dispatch and routing" in first.description
    assert "Warehouse logistics" not in first.description


def test_ligatures_and_odd_spacing_are_normalised() -> None:
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Priya   Raman\n\n\n\nBuilt    an efficient   workflow\tengine " * 3)
    text = extract_text(_output(pdf), max_pages=1)
    assert "Built an efficient workflow engine" in text
    assert "\n\n\n" not in text

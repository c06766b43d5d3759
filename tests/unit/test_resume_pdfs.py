"""Real PDFs in several layouts: text comes out readable and parses correctly."""

from __future__ import annotations

from datetime import date

from testkit.resumes import (
    SENIOR_LINES,
    multi_page_pdf,
    raw_text_pdf,
    single_column_pdf,
    two_column_pdf,
)

from interview_platform.models import ExperienceLevel
from interview_platform.resume.extract import extract_text
from interview_platform.resume.offline_parser import OfflineResumeParser

TODAY = date(2024, 6, 1)


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
    pdf = raw_text_pdf("Priya   Raman\n\n\n\nBuilt    an efficient   workflow\tengine " * 3)
    text = extract_text(pdf, max_pages=1)
    assert "Built an efficient workflow engine" in text
    assert "\n\n\n" not in text

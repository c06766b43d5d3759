"""Resumes for the tests: real PDFs in several layouts, and a valid parsed answer.

The PDFs are drawn with fpdf2 (text) or pypdf (blank pages), so extraction is
tested on real files. :data:`SENIOR_LINES` is a senior engineer's resume, one line
per entry; :data:`VALID` is what a model should answer for a resume.
"""

from __future__ import annotations

import io

from fpdf import FPDF
from pypdf import PdfWriter


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


def raw_text_pdf(text: str) -> bytes:
    """One page with ``text`` written as it is (runs of spaces, tabs and blank lines kept)."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, text)
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


VALID = {
    "name": "Jane Doe",
    "email": "Jane@Example.com",
    "experience_level": "Senior",
    "years_experience": 6.4,
    "domain_expertise": ["Payments", "fintech", "Media Streaming"],
    "skills": ["golang", "kafka", "Go"],
    "work_experience": [
        {
            "title": "Senior Engineer",
            "company": "Stripe",
            "start": "2018",
            "end": "Present",
            "years": 6.4,
            "description": "Payments ledger",
        }
    ],
    "education": [{"institution": "MIT", "degree": "BSc", "year": 2016}],
}

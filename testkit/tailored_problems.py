"""A tailored problem as a model would answer it, and the resume it was tailored to.

A senior payments engineer (:func:`resume_data`) gets the payment problem's
structure retold as a driver payout ledger (:func:`tailored_document`).
"""

from __future__ import annotations

from typing import Any

from interview_platform.models import ExperienceLevel, ResumeData, WorkExperience
from interview_platform.problems.bank import ProblemBank
from interview_platform.problems.resolution import problem_document

TITLE = "Driver payout ledger"
PAYOUT_CONCEPT = {
    "id": "payout_reconciliation",
    "name": "Payout reconciliation",
    "competency": "reliability",
    "phase": "deep_dive",
    "weight": 2.0,
    "keywords": ["Reconciliation Run", "bank statement"],
    "question": "How do you check that every payout matches the bank's statement?",
    "hints": ["Compare two records of the same money.", "Run a daily reconciliation job."],
}


def tailored_document(**changes: Any) -> dict[str, Any]:
    """A plausible model answer: the payment problem's structure, about driver payouts."""
    doc = problem_document(ProblemBank.load_default().get("payment-system"))
    doc.update(
        id="whatever-the-model-said",
        title=TITLE,
        domain="Payments",
        statement="Design the ledger that pays ride-hailing drivers their weekly earnings, "
        "with instant cash-out for drivers who ask for it.",
        tags=["payout", "ledger", "drivers"],
        concepts=[*doc["concepts"], dict(PAYOUT_CONCEPT)],
    )
    doc.update(changes)
    return doc


def resume_data(raw_text: str = "") -> ResumeData:
    """A senior payments engineer who built a payout system."""
    job = WorkExperience(
        title="Senior Software Engineer",
        company="RideCo",
        start="2018",
        end="2024",
        years=6.0,
        description="Built the driver payout ledger and instant cash-out on Kafka and Postgres.",
    )
    return ResumeData(
        raw_text=raw_text or "Sam Lee\nSenior Software Engineer, RideCo, 2018 - 2024\nPayouts.",
        name="Sam Lee",
        experience_level=ExperienceLevel.SENIOR,
        years_experience=8.0,
        domain_expertise=["payments"],
        skills=["kafka", "postgresql"],
        work_experience=[job],
    )

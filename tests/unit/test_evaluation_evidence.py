from __future__ import annotations

from datetime import UTC, datetime

from interview_platform.evaluation.evidence import quote_for, sentences, verify_evidence
from interview_platform.models import (
    CompetencyScore,
    Confidence,
    Evaluation,
    Evidence,
    FeedbackItem,
    Message,
    MessageRole,
)

T0 = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
T1 = datetime(2026, 1, 1, 10, 5, tzinfo=UTC)


def _messages() -> list[Message]:
    return [
        Message("s", MessageRole.INTERVIEWER, "How would you cache reads?", id="i1", created_at=T0),
        Message(
            "s",
            MessageRole.CANDIDATE,
            "I would add Redis in front of the database. Entries expire after a TTL of one day!",
            id="c1",
            created_at=T1,
        ),
    ]


def test_sentences_are_exact_substrings() -> None:
    text = "First, clarify.  Then estimate 40 QPS?\nFinally design"
    parts = sentences(text)
    assert parts == ["First, clarify.", "Then estimate 40 QPS?", "Finally design"]
    assert all(p in text for p in parts)


def test_quote_is_the_sentence_with_the_keyword_and_carries_id_and_time() -> None:
    quote = quote_for(_messages()[1], ["ttl"])
    assert quote is not None
    assert quote.quote == "Entries expire after a TTL of one day!"
    assert quote.message_id == "c1"
    assert quote.timestamp == T1


def test_quote_matches_stemmed_keywords() -> None:
    message = Message("s", MessageRole.CANDIDATE, "We keep caching the hot links.", id="c")
    quote = quote_for(message, ["cache"])
    assert quote is not None and quote.quote == "We keep caching the hot links."


def test_invented_and_interviewer_quotes_are_dropped_real_ones_kept() -> None:
    evaluation = Evaluation(
        session_id="s",
        engine="test",
        rubric_version="x",
        competencies=[
            CompetencyScore(
                "deep_dive_scalability",
                4,
                Confidence.HIGH,
                [
                    Evidence("I would add Redis in front of the database."),
                    Evidence("I would shard by user id."),  # never said
                    Evidence("How would you cache reads?"),  # the interviewer's words
                    Evidence("i would add redis in front of the database."),  # not verbatim
                ],
            )
        ],
        went_well=[FeedbackItem("Caching", [Evidence("a TTL of one day"), Evidence("made up")])],
    )
    verified = verify_evidence(evaluation, _messages())
    kept = verified.competencies[0].evidence
    assert [e.quote for e in kept] == ["I would add Redis in front of the database."]
    assert kept[0].message_id == "c1" and kept[0].timestamp == T1
    assert [e.quote for e in verified.went_well[0].evidence] == ["a TTL of one day"]
    # the original is left untouched
    assert len(evaluation.competencies[0].evidence) == 4


def test_wrong_message_id_is_corrected_to_the_real_source() -> None:
    evaluation = Evaluation(
        session_id="s",
        engine="t",
        rubric_version="x",
        competencies=[
            CompetencyScore("reliability", 3, Confidence.LOW, [Evidence("TTL", message_id="i1")])
        ],
    )
    kept = verify_evidence(evaluation, _messages()).competencies[0].evidence
    assert kept[0].message_id == "c1"

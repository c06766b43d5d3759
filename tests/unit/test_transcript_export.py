import json
from datetime import UTC, datetime

from interview_platform.communication import transcript
from interview_platform.models import CommunicationMode, Message, MessageRole


def _messages() -> list[Message]:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return [
        Message("s", MessageRole.INTERVIEWER, "Design a URL shortener.", created_at=at),
        Message(
            "s", MessageRole.CANDIDATE, "Use a <b>cache</b>", CommunicationMode.AUDIO, created_at=at
        ),
    ]


def test_search_is_case_insensitive() -> None:
    assert [m.content for m in transcript.search(_messages(), "CACHE")] == ["Use a <b>cache</b>"]
    assert len(transcript.search(_messages(), "  ")) == 2


def test_exports_carry_speaker_time_and_text() -> None:
    text = transcript.to_text(_messages())
    assert "[2026-01-02 03:04:05 UTC] Candidate (audio):" in text
    md = transcript.to_markdown(_messages())
    assert md.startswith("# Interview transcript") and "**Interviewer**" in md
    data = json.loads(transcript.to_json(_messages()))
    assert data[1]["speaker"] == "Candidate" and data[1]["mode"] == "audio"
    assert data[1]["text"] == "Use a <b>cache</b>"

"""Output caps per operation, per-request timeouts and the stream deadline (no network)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from interview_platform.config import ProvidersSettings, load_settings
from interview_platform.llm.deadline import DeadlineExceededError, within_deadline
from interview_platform.llm.limits import CapWatch, estimate_tokens, output_cap, request_timeout
from interview_platform.models import Operation


def _providers(**section: object) -> ProvidersSettings:
    settings = load_settings(None, None, environ={}, overrides={"providers": section})
    return settings.providers


def test_caps_are_sized_to_the_operation_and_config_overrides_them() -> None:
    defaults = _providers()
    assert output_cap(defaults, Operation.RESPONSE_ANALYSIS) == 700
    assert output_cap(defaults, Operation.QUESTION_GENERATION) == 800
    assert output_cap(defaults, Operation.EVALUATION) == 4096
    assert output_cap(defaults, Operation.RESUME_PARSING) == 2048
    tuned = _providers(max_output_tokens={"response_analysis": 300, "evaluation": 0})
    assert output_cap(tuned, Operation.RESPONSE_ANALYSIS) == 300
    assert output_cap(tuned, Operation.EVALUATION) == 4096, "a zero cap is ignored"


def test_the_sdk_attempts_fit_inside_a_deadline() -> None:
    section = _providers(timeout_s=60, max_attempts=3)
    assert request_timeout(section, None) == (60, 2)
    timeout, retries = request_timeout(section, 30.0)
    assert retries == 2 and timeout * 3 <= 30.0


def test_a_reply_using_its_whole_cap_is_noted_as_cut() -> None:
    seen: list[tuple[Operation, int, int]] = []
    watch = CapWatch(lambda *usage: seen.append(usage), 700)
    watch.record(Operation.RESPONSE_ANALYSIS, 120, 700)
    assert watch.cut and seen == [(Operation.RESPONSE_ANALYSIS, 120, 700)]
    watch.record(Operation.RESPONSE_ANALYSIS, 120, 80)
    assert not watch.cut
    assert "700-token length limit" in watch.notice()


def test_estimates_price_a_prompt_on_the_high_side() -> None:
    assert estimate_tokens(["x" * 400]) > 100


def test_the_deadline_passes_chunks_and_errors_through() -> None:
    assert list(within_deadline(lambda: iter(["a", "b"]), 5.0)) == ["a", "b"]

    def failing() -> Iterator[str]:
        yield "a"
        raise ValueError("provider broke")

    with pytest.raises(ValueError, match="provider broke"):
        list(within_deadline(failing, 5.0))


def test_a_hung_stream_raises_at_the_deadline_and_says_whether_text_was_shown() -> None:
    release = threading.Event()

    def hangs() -> Iterator[str]:
        yield "Partial "
        release.wait(30)
        yield "never"

    chunks: list[str] = []
    with pytest.raises(DeadlineExceededError) as caught:
        for chunk in within_deadline(hangs, 0.2):
            chunks.append(chunk)
    release.set()
    assert chunks == ["Partial "]
    assert caught.value.streamed and caught.value.kind == "timeout"

"""Turn-taking hands-free: a pause of the configured length sends the answer, a shorter
mid-sentence pause does not, and the candidate can hold the answer or send it at once.

Driven with real speech (flite) fed as the 20 ms frames WebRTC delivers.
"""

import numpy as np
import pytest
from testkit.speech import speak

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.continuous_audio import ContinuousCapture
from interview_platform.communication.vad import VadSettings
from interview_platform.config import MediaSettings

RATE = 16_000
FRAME = RATE // 50
PAUSE_S = MediaSettings().answer_pause_s


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.int16)


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, np.ndarray]:
    """Two halves of one sentence, spoken by flite."""
    folder = tmp_path_factory.mktemp("turns")
    first = decode_wav(speak("I would shard the database by user id", folder / "a.wav"))
    second = decode_wav(speak("and cache the hottest rows in memory", folder / "b.wav"))
    return first.samples, second.samples


def feed(capture: ContinuousCapture, samples: np.ndarray) -> None:
    """Feed 20 ms frames, as the WebRTC callback does."""
    for start in range(0, len(samples), FRAME):
        capture.add(samples[start : start + FRAME])


def test_default_pause_leaves_time_to_think() -> None:
    assert 1.5 <= PAUSE_S <= 3.0


def test_a_mid_sentence_pause_of_1_2_s_keeps_one_answer(
    halves: tuple[np.ndarray, np.ndarray],
) -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=PAUSE_S))
    first, second = halves
    feed(capture, np.concatenate([silence(0.5), first, silence(1.2), second]))
    assert capture.take() == []
    feed(capture, silence(PAUSE_S + 0.2))
    answers = capture.take()
    assert len(answers) == 1
    seconds = decode_wav(answers[0].wav).duration_s
    spoken = (len(first) + len(second)) / RATE
    assert seconds == pytest.approx(spoken + 1.2, abs=0.7)  # both halves and the pause


def test_the_configured_pause_sends_and_the_countdown_shows_it(
    halves: tuple[np.ndarray, np.ndarray],
) -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=PAUSE_S))
    feed(capture, np.concatenate([silence(0.5), halves[0], silence(PAUSE_S - 0.4)]))
    left = capture.pause_left_s
    assert left is not None and 0.1 < left < 0.8
    assert capture.take() == []
    feed(capture, halves[1][: RATE // 2])  # speaking again cancels the countdown
    assert capture.pause_left_s is None and capture.speaking
    feed(capture, silence(PAUSE_S + 0.1))
    assert len(capture.take()) == 1
    assert capture.pause_left_s is None


def test_still_thinking_holds_the_answer_and_done_sends_it(
    halves: tuple[np.ndarray, np.ndarray],
) -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=PAUSE_S))
    feed(capture, np.concatenate([silence(0.5), halves[0]]))
    capture.hold(True)
    feed(capture, silence(PAUSE_S * 3))
    assert capture.take() == [] and capture.held and capture.pause_left_s is None
    feed(capture, np.concatenate([halves[1], silence(0.5)]))
    assert capture.done()
    answers = capture.take()
    assert len(answers) == 1 and not capture.held
    assert decode_wav(answers[0].wav).duration_s > (len(halves[0]) + len(halves[1])) / RATE
    assert not capture.done()  # nothing open: nothing to send


def test_switching_to_push_to_talk_drops_the_open_answer(
    halves: tuple[np.ndarray, np.ndarray],
) -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=PAUSE_S))
    feed(capture, np.concatenate([silence(0.5), halves[0]]))
    capture.suspend()
    capture.stop()  # the microphone connection closes after the switch
    feed(capture, np.concatenate([halves[1], silence(PAUSE_S + 0.5)]))
    assert capture.take() == []
    capture.resume()
    feed(capture, np.concatenate([halves[1], silence(PAUSE_S + 0.5)]))
    assert len(capture.take()) == 1


def test_muted_while_the_interviewer_speaks(halves: tuple[np.ndarray, np.ndarray]) -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=PAUSE_S))
    capture.mute(60.0)
    feed(capture, np.concatenate([silence(0.5), halves[0], silence(PAUSE_S + 0.5)]))
    assert capture.muted and capture.take() == []
    capture.mute(0.0)
    feed(capture, np.concatenate([halves[0], silence(PAUSE_S + 0.5)]))
    assert not capture.muted and len(capture.take()) == 1


def test_a_longer_configured_pause_is_respected() -> None:
    capture = ContinuousCapture(VadSettings(end_silence_s=3.0))
    feed(capture, np.concatenate([silence(0.5), np.full(RATE, 8000, dtype=np.int16)]))
    feed(capture, silence(2.5))
    assert capture.take() == []
    feed(capture, silence(0.6))
    assert len(capture.take()) == 1

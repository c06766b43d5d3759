"""Hands-free capture: utterances cut from a live stream at pauses of 0.8 s or more."""

from pathlib import Path

import numpy as np
import pytest
from testkit.speech import speak

from interview_platform.communication.audio import PcmAudio, decode_wav
from interview_platform.communication.continuous_audio import ContinuousCapture, to_mono_16k
from interview_platform.communication.vad import UtteranceSegmenter, VadSettings

RATE = 16_000


def tone(seconds: float, dbfs: float = -12.0, freq: float = 300.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (32768 * 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.int16)


def syllables(seconds: float) -> np.ndarray:
    """A tone in 150 ms bursts with 50 ms gaps, like running speech."""
    signal = tone(seconds)
    gate = (np.arange(len(signal)) % (RATE // 5)) < int(0.15 * RATE)
    return (signal * gate).astype(np.int16)


def feed_in_chunks(segmenter: UtteranceSegmenter, samples: np.ndarray) -> list[PcmAudio]:
    """Feed like WebRTC does: small, uneven chunks."""
    out: list[PcmAudio] = []
    rng = np.random.default_rng(7)
    pos = 0
    while pos < len(samples):
        step = int(rng.integers(100, 500))
        out.extend(segmenter.feed(samples[pos : pos + step]))
        pos += step
    return out


def test_spoken_answer_followed_by_silence_is_one_utterance(tmp_path: Path) -> None:
    speech = decode_wav(speak("we shard the database by user id", tmp_path / "s.wav"))
    stream = np.concatenate([silence(0.5), speech.samples, silence(1.2)])
    utterances = feed_in_chunks(UtteranceSegmenter(), stream)
    assert len(utterances) == 1
    # The whole answer is kept (flite leaves quiet edges, so allow some trimming).
    assert utterances[0].duration_s == pytest.approx(speech.duration_s, abs=0.6)


def test_a_long_pause_splits_answers_and_a_short_one_does_not() -> None:
    stream = np.concatenate(
        [silence(0.5), tone(1.0), silence(0.4), tone(1.0), silence(1.0), tone(1.5), silence(1.0)]
    )
    utterances = feed_in_chunks(UtteranceSegmenter(), stream)
    assert len(utterances) == 2
    assert utterances[0].duration_s == pytest.approx(0.3 + 2.4 + 0.3, abs=0.15)
    assert utterances[1].duration_s == pytest.approx(1.5 + 0.3 + 0.3, abs=0.15)


def test_no_utterance_until_the_silence_is_long_enough() -> None:
    segmenter = UtteranceSegmenter()
    assert segmenter.feed(np.concatenate([silence(0.5), tone(1.0), silence(0.7)])) == []
    assert segmenter.in_utterance
    assert len(segmenter.feed(silence(0.2))) == 1
    assert not segmenter.in_utterance


def test_clicks_and_silence_are_not_utterances() -> None:
    stream = np.concatenate([silence(1.0), tone(0.1), silence(1.5), silence(3.0)])
    assert feed_in_chunks(UtteranceSegmenter(), stream) == []


def test_a_monologue_is_cut_at_the_maximum_length() -> None:
    segmenter = UtteranceSegmenter(VadSettings(max_utterance_s=2.0))
    utterances = segmenter.feed(np.concatenate([silence(0.5), syllables(5.0), silence(1.0)]))
    assert [round(u.duration_s, 1) for u in utterances[:2]] == [2.0, 2.0]


def test_speech_over_steady_background_noise_is_found() -> None:
    rng = np.random.default_rng(1)
    noise = (rng.normal(0, 32768 * 10 ** (-38 / 20), int(6.0 * RATE))).astype(np.int16)
    voice = np.concatenate([silence(2.0), tone(1.5, dbfs=-10), silence(2.5)])
    utterances = feed_in_chunks(UtteranceSegmenter(), noise + voice)
    assert len(utterances) == 1
    assert utterances[0].duration_s == pytest.approx(1.5 + 0.3 + 0.3, abs=0.2)


def test_capture_hands_over_wav_once_and_flushes_on_stop() -> None:
    capture = ContinuousCapture()
    capture.add(np.concatenate([silence(0.5), tone(1.0), silence(1.0), tone(0.8)]))
    assert capture.has_ready() and capture.speaking
    first = capture.take()
    assert len(first) == 1 and first[0].wav.startswith(b"RIFF") and first[0].live is None
    assert capture.take() == []
    capture.stop()
    last = capture.take()
    assert len(last) == 1 and decode_wav(last[0].wav).duration_s == pytest.approx(1.0, abs=0.05)


def test_webrtc_frames_become_16k_mono() -> None:
    t = np.arange(960) / 48_000  # one 20 ms frame at 48 kHz
    wave = (10_000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    packed = np.stack([wave, wave], axis=1).reshape(1, -1)  # s16 interleaved stereo
    mono = to_mono_16k(packed, 48_000, 2, planar=False)
    assert mono.dtype == np.int16 and len(mono) == 320
    assert np.max(np.abs(mono)) == pytest.approx(10_000, rel=0.05)
    planar = np.stack([wave, wave]).astype(np.float32) / 32768.0  # fltp
    assert len(to_mono_16k(planar, 48_000, 2, planar=True)) == 320
    assert len(to_mono_16k(wave.reshape(1, -1), 44_100, 1, planar=False)) == 348

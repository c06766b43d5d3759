import io
import wave

import numpy as np
import pytest

from interview_platform.communication.audio import (
    PcmAudio,
    count_fillers,
    decode_wav,
    encode_wav,
    is_silent,
    measure,
    resample,
)
from interview_platform.exceptions import CommunicationError


def _wav(samples: np.ndarray, rate: int, channels: int = 1, width: int = 2) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())
    return buf.getvalue()


def _tone(seconds: float, rate: int, amplitude: float = 8000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def test_round_trip_keeps_samples() -> None:
    audio = PcmAudio(_tone(0.5, 16000), 16000)
    decoded = decode_wav(encode_wav(audio))
    assert decoded.rate == 16000
    assert np.array_equal(decoded.samples, audio.samples)


def test_stereo_48k_becomes_mono_16k() -> None:
    mono = _tone(1.0, 48000)
    stereo = np.repeat(mono, 2)
    decoded = decode_wav(_wav(stereo, 48000, channels=2))
    assert decoded.rate == 16000
    assert abs(decoded.duration_s - 1.0) < 0.01


def test_resample_changes_length() -> None:
    assert len(resample(_tone(1.0, 8000), 8000, 16000)) == 16000


def test_not_a_wav_is_a_clear_error() -> None:
    with pytest.raises(CommunicationError, match="WAV"):
        decode_wav(b"this is not audio at all")


def test_quality_of_tone_and_silence() -> None:
    rate = 16000
    samples = np.concatenate([_tone(1.0, rate), np.zeros(rate, dtype=np.int16)])
    quality = measure(PcmAudio(samples, rate), "um so we shard the database you know")
    assert quality.duration_s == pytest.approx(2.0)
    assert 0.45 <= quality.silence_ratio <= 0.55
    assert quality.clipping_ratio == 0.0
    assert -25 < quality.rms_dbfs < -10
    assert quality.words == 8
    assert quality.words_per_minute == pytest.approx(240.0)
    assert quality.filler_words == 2
    assert not is_silent(quality)


def test_clipping_is_detected() -> None:
    samples = np.full(16000, 32767, dtype=np.int16)
    assert measure(PcmAudio(samples, 16000)).clipping_ratio == 1.0


def test_silence_and_too_short_are_silent() -> None:
    assert is_silent(measure(PcmAudio(np.zeros(16000, dtype=np.int16), 16000)))
    assert is_silent(measure(PcmAudio(_tone(0.1, 16000), 16000)))


def test_fillers_count_phrases() -> None:
    assert count_fillers("Um, I like... you know, basically it works") >= 3
    assert count_fillers("The system scales horizontally") == 0

"""WAV decoding/encoding and audio quality figures.

Browsers hand us WAV (``st.audio_input``) or raw frames (WebRTC). Everything is
normalised to 16 kHz mono 16-bit PCM, the format the offline recogniser wants.
"""

from __future__ import annotations

import io
import re
import wave
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from interview_platform.exceptions import CommunicationError

TARGET_RATE = 16_000
_SILENCE_DBFS = -45.0
_FILLERS = ("um", "uh", "erm", "hmm", "like", "you know", "basically", "actually", "sort of")


@dataclass
class PcmAudio:
    """Mono 16-bit samples at ``rate`` Hz."""

    samples: npt.NDArray[np.int16]
    rate: int

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.samples) / float(self.rate) if self.rate else 0.0


@dataclass
class AudioQuality:
    """Figures describing a recording, for the evaluation's audio analysis."""

    duration_s: float
    rms_dbfs: float
    peak_dbfs: float
    clipping_ratio: float
    silence_ratio: float
    words: int = 0
    words_per_minute: float = 0.0
    filler_words: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as a plain dict (rounded for display and storage)."""
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _to_mono_int16(raw: bytes, width: int, channels: int) -> npt.NDArray[np.int16]:
    if width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.int32)
    elif width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.int32) - 128) << 8
    elif width == 4:
        data = np.frombuffer(raw, dtype="<i4").astype(np.int64) >> 16
    else:
        raise CommunicationError(f"Unsupported WAV sample width: {width * 8} bits.")
    if channels > 1:
        usable = len(data) - len(data) % channels
        data = data[:usable].reshape(-1, channels).mean(axis=1)
    return np.clip(data, -32768, 32767).astype(np.int16)


def resample(samples: npt.NDArray[np.int16], rate: int, target: int) -> npt.NDArray[np.int16]:
    """Linearly resample to ``target`` Hz (good enough for speech recognition)."""
    if rate == target or len(samples) == 0:
        return samples
    count = round(len(samples) * target / rate)
    positions = np.linspace(0, len(samples) - 1, num=count)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.int16)


def decode_wav(data: bytes, target_rate: int = TARGET_RATE) -> PcmAudio:
    """Decode WAV bytes to mono 16-bit PCM at ``target_rate``.

    Raises:
        CommunicationError: The bytes are not a readable PCM WAV file.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            raw = wav.readframes(wav.getnframes())
            width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
    except (wave.Error, EOFError) as exc:
        raise CommunicationError(f"The recording is not a readable WAV file ({exc}).") from exc
    samples = _to_mono_int16(raw, width, channels)
    return PcmAudio(resample(samples, rate, target_rate), target_rate)


def encode_wav(audio: PcmAudio) -> bytes:
    """Encode PCM samples as a mono 16-bit WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(audio.rate)
        wav.writeframes(audio.samples.astype("<i2").tobytes())
    return buffer.getvalue()


def _dbfs(value: float) -> float:
    return float(20 * np.log10(max(value, 1e-9) / 32768.0))


def count_fillers(text: str) -> int:
    """Count filler words and phrases ("um", "you know"...) in a transcript."""
    words = re.findall(r"[a-z']+", text.lower())
    padded = " " + " ".join(words) + " "
    return sum(padded.count(f" {filler} ") for filler in _FILLERS)


def measure(audio: PcmAudio, transcript: str = "") -> AudioQuality:
    """Compute level, clipping, silence and speaking-rate figures."""
    samples = audio.samples.astype(np.float64)
    if len(samples) == 0:
        return AudioQuality(0.0, -180.0, -180.0, 0.0, 1.0)
    frame = max(audio.rate // 50, 1)  # 20 ms frames
    usable = len(samples) - len(samples) % frame or len(samples)
    frames = samples[:usable].reshape(-1, min(frame, usable))
    frame_rms = np.sqrt(np.mean(frames**2, axis=1))
    silent = float(np.mean([_dbfs(r) < _SILENCE_DBFS for r in frame_rms]))
    words = len(transcript.split())
    minutes = audio.duration_s / 60.0
    return AudioQuality(
        duration_s=audio.duration_s,
        rms_dbfs=_dbfs(float(np.sqrt(np.mean(samples**2)))),
        peak_dbfs=_dbfs(float(np.max(np.abs(samples)))),
        clipping_ratio=float(np.mean(np.abs(samples) >= 32767)),
        silence_ratio=silent,
        words=words,
        words_per_minute=words / minutes if minutes > 0 else 0.0,
        filler_words=count_fillers(transcript),
    )


def is_silent(quality: AudioQuality, min_duration_s: float = 0.3) -> bool:
    """Return True for recordings with no usable speech (too short or all silence)."""
    return quality.duration_s < min_duration_s or quality.silence_ratio > 0.97

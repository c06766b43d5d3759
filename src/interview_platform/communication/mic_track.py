"""The microphone kept as one continuous WAV while the camera records (joined later)."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import TARGET_RATE

PENDING_PREFIX = ".mic-"
_NAME = re.compile(r"^\.mic-(\d+)\.wav$")


def track_started_at(path: Path) -> float | None:
    """Wall-clock start (``time.time()``) of a pending track, from its file name."""
    match = _NAME.match(path.name)
    return int(match.group(1)) / 1000 if match else None


def track_span(path: Path) -> tuple[float, float] | None:
    """Wall-clock start and end of a finished track; None if it is not one."""
    begin = track_started_at(path)
    if begin is None:
        return None
    try:
        with wave.open(str(path), "rb") as reader:
            seconds = reader.getnframes() / reader.getframerate()
    except (wave.Error, EOFError):
        return None
    return begin, begin + seconds


class MicTrack:
    """A 16 kHz mono WAV written frame by frame; its name carries its start time.

    Args:
        folder: The session's audio folder (the file is created on the first write).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._wave: wave.Wave_write | None = None
        self.path: Path | None = None
        self.samples = 0

    def write(self, samples: npt.NDArray[np.int16], at: float) -> None:
        """Append samples whose first one was heard at wall-clock time ``at``."""
        if self._wave is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            self.path = self._folder / f"{PENDING_PREFIX}{int(at * 1000)}.wav"
            self._wave = wave.open(str(self.path), "wb")  # noqa: SIM115 - open until close()
            self._wave.setnchannels(1)
            self._wave.setsampwidth(2)
            self._wave.setframerate(TARGET_RATE)
        self._wave.writeframes(samples.astype(np.int16).tobytes())
        self.samples += len(samples)

    def close(self) -> None:
        """Finish the WAV header (the file is then ready to be joined and registered)."""
        if self._wave is not None:
            self._wave.close()
            self._wave = None

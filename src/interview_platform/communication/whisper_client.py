"""Local Whisper behind a decoder process: loaded once, asked without blocking.

Requests go through a one-thread executor that writes to the process and waits on its
pipe (which releases the GIL), so callers get a future and the page never waits on a
decode it did not ask for. A queued request that is cancelled is never sent.
"""

from __future__ import annotations

import json
import logging
import struct
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.transcription import Segment, Transcript
from interview_platform.communication.whisper_live import WhisperLiveDecoder
from interview_platform.communication.whisper_model import (
    ModelChoice,
    choose_model,
    unavailable_reason,
)
from interview_platform.communication.whisper_worker import HEADER
from interview_platform.exceptions import CommunicationError

_log = logging.getLogger("interview_platform.communication.transcription")


@dataclass(frozen=True)
class WhisperResult:
    """What the Whisper process recognised in one piece of audio."""

    text: str
    segments: tuple[tuple[str, float, float, float], ...]


class WhisperProcess:
    """One ``whisper_worker`` process, started on first use and asked through futures.

    Args:
        choice: The model to load.
    """

    def __init__(self, choice: ModelChoice) -> None:
        self.choice = choice
        self.failure: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._executor = ThreadPoolExecutor(1, "whisper-io")
        self._lock = threading.Lock()
        self._closed = False

    def _start(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "interview_platform.communication.whisper_worker"]
        command += [str(self.choice.path), "--label", self.choice.label]
        return subprocess.Popen(
            [*command, *(["--verify"] if self.choice.verify else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def _ready(self) -> subprocess.Popen[bytes]:
        """The running process (started and loaded now if needed); executor thread only."""
        with self._lock:
            if self._closed or self.failure:
                raise CommunicationError(f"local Whisper unavailable: {self.failure or 'closed'}")
            if self._proc is not None and self._proc.poll() is None:
                return self._proc
            self._proc = proc = self._start()
        assert proc.stdout is not None
        line = proc.stdout.readline()
        status = json.loads(line) if line.startswith(b"{") else {"error": "the process ended"}
        if "error" in status:
            self.failure = str(status["error"])
            _log.warning(
                "local Whisper could not load; pocketsphinx is used instead",
                extra={
                    "operation": "whisper_load",
                    "model": self.choice.label,
                    "error": self.failure,
                },
            )
            raise CommunicationError(f"local Whisper unavailable: {self.failure}")
        return proc

    def _roundtrip(self, pcm: bytes, prompt: str, vad: bool) -> WhisperResult:
        proc = self._ready()
        assert proc.stdin is not None and proc.stdout is not None
        encoded = prompt.encode()
        try:
            proc.stdin.write(struct.pack(HEADER, len(pcm), len(encoded), vad) + encoded + pcm)
            proc.stdin.flush()
            line = proc.stdout.readline()
            data = json.loads(line)
        except (OSError, ValueError) as exc:
            proc.kill()  # the next request starts a fresh process
            raise CommunicationError("the Whisper process ended") from exc
        return WhisperResult(str(data["text"]), tuple(tuple(s) for s in data["segments"]))

    def warm_up(self) -> Future[None]:
        """Start the process and load the model; the future ends when it is loaded."""
        return self._executor.submit(self._load)

    def _load(self) -> None:
        self._ready()

    def submit(
        self, samples: npt.NDArray[np.int16], prompt: str = "", vad: bool = False
    ) -> Future[WhisperResult]:
        """Queue 16 kHz mono audio for decoding; the future gives the result."""
        try:
            return self._executor.submit(self._roundtrip, samples.tobytes(), prompt, vad)
        except RuntimeError as exc:  # the executor was shut down by close()
            failed: Future[WhisperResult] = Future()
            failed.set_exception(CommunicationError(f"local Whisper closed: {exc}"))
            return failed

    def close(self) -> None:
        """Stop the process; queued requests are cancelled, a running one fails."""
        with self._lock:
            self._closed = True
            proc, self._proc = self._proc, None
        self._executor.shutdown(wait=False, cancel_futures=True)
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait(5)
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()


class FasterWhisperTranscriber:
    """Local Whisper (faster-whisper) in a decoder process of its own.

    Args:
        model_dir: A CTranslate2 model folder; None uses the packaged tiny.en.
    """

    name = "faster-whisper"

    def __init__(self, model_dir: Path | None = None) -> None:
        self._choice = choose_model(model_dir)
        self.model = self._choice.label if self._choice else "whisper"
        self._process = WhisperProcess(self._choice) if self._choice else None

    @property
    def unavailable(self) -> str | None:
        """Why local Whisper cannot be used (known so far), or None when it can."""
        reason = unavailable_reason(self._choice)
        if reason is None and self._process is not None:
            return self._process.failure
        return reason

    def _usable(self) -> WhisperProcess:
        reason = self.unavailable
        if reason is not None or self._process is None:
            raise CommunicationError(f"local Whisper unavailable: {reason}")
        return self._process

    def warm_up(self, wait: bool = False) -> None:
        """Start the Whisper process now (optionally wait until the model is loaded)."""
        if self.unavailable is None:
            loaded = self._usable().warm_up()
            if wait:
                loaded.exception()  # a failure is recorded in ``unavailable``

    def submit(
        self, samples: npt.NDArray[np.int16], prompt: str = "", vad: bool = False
    ) -> Future[WhisperResult]:
        """Queue audio for the Whisper process; a failure comes back in the future.

        Never raises: live decoding calls this on the audio thread.
        """
        try:
            return self._usable().submit(samples, prompt, vad)
        except CommunicationError as exc:
            failed: Future[WhisperResult] = Future()
            failed.set_exception(exc)
            return failed

    def open_live(self, prompt: str = "") -> WhisperLiveDecoder:
        """A live decoder for one hands-free microphone, sharing this model's process."""
        return WhisperLiveDecoder(self.submit, prompt, self.model)

    def transcribe(self, wav: bytes, prompt: str = "") -> Transcript:
        """Transcribe a whole recording (the caller's thread waits on a pipe, not the CPU).

        Raises:
            CommunicationError: Whisper cannot load or its process failed.
        """
        started = time.perf_counter()
        audio = decode_wav(wav)
        result = self.submit(audio.samples, prompt, vad=True).result()
        return Transcript(
            text=result.text,
            backend=self.name,
            seconds_taken=time.perf_counter() - started,
            audio_seconds=audio.duration_s,
            segments=[Segment(t, s, e, p) for t, s, e, p in result.segments],
            model=self.model,
        )

    def close(self) -> None:
        """Stop the Whisper process."""
        if self._process is not None:
            self._process.close()

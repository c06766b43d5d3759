"""Parallel pocketsphinx decoding: split speech at pauses, decode the parts in processes.

pocketsphinx holds the GIL while it decodes (threads give no speed-up, measured), so
the parts of an utterance go to a few decoder *processes*, each loading its model once
(plain subprocesses: multiprocessing's spawn would re-run the Streamlit script).
Decoding outside the server process also keeps the UI responsive.
Parts are cut at the quietest moment near each ideal cut point, so words stay whole.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import struct
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

_log = logging.getLogger("interview_platform.communication.transcription")

# Fewer active HMMs per frame: ~1.7x faster with the same word accuracy on our speech
# samples (bench/transcription_bench.py); the default (30000) rarely binds on short answers.
DECODER_OPTIONS: dict[str, Any] = {"samprate": 16000, "logfn": os.devnull, "maxhmmpf": 3000}
# Live decoding skips the second (flat-lexicon) pass: it re-searches the whole utterance
# when it ends (0.2-0.3 s for 10 s of speech), which is exactly the wait live decoding
# removes. Measured on flite answers: the same word accuracy on most, lower on a few.
LIVE_DECODER_OPTIONS: dict[str, Any] = {**DECODER_OPTIONS, "fwdflat": False}
MIN_PART_S = 2.0
_FRAME_S = 0.01
_VARIANT = re.compile(r"\(\d+\)$")  # "to(2)": the dictionary's second pronunciation

# Request header: kind, PCM byte count, time offset in seconds; the PCM follows.
HEADER = "<BId"
WHOLE, CHUNK, END = 0, 1, 2  # decode a whole part; feed a live chunk (no reply); end it


@dataclass(frozen=True)
class WordTiming:
    """One recognised word (times in seconds from the start of the whole clip)."""

    word: str
    start: float
    end: float
    prob: float


@dataclass(frozen=True)
class PartResult:
    """The decoding of one part of a clip (or of a live utterance).

    Attributes:
        text: What was recognised.
        words: Recognised words (or Whisper's phrases) with their times.
        backend: The recogniser that produced it.
        model: Its model name ("" for pocketsphinx's bundled one).
    """

    text: str
    words: tuple[WordTiming, ...]
    backend: str = "offline"
    model: str = ""


def new_decoder(live: bool = False) -> Any:
    """Load a pocketsphinx decoder with the bundled US-English model."""
    from pocketsphinx import Decoder

    return Decoder(**(LIVE_DECODER_OPTIONS if live else DECODER_OPTIONS))


def decode_part(decoder: Any, pcm: bytes, offset_s: float) -> PartResult:
    """Decode 16 kHz mono 16-bit PCM with ``decoder``; shift word times by ``offset_s``."""
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    return finish_live(decoder, offset_s)


def finish_live(decoder: Any, offset_s: float) -> PartResult:
    """End the decoder's current utterance and return what it recognised."""
    decoder.end_utt()
    hyp = decoder.hyp()
    words = tuple(
        WordTiming(
            _VARIANT.sub("", s.word),
            round(offset_s + s.start_frame * _FRAME_S, 3),
            round(offset_s + s.end_frame * _FRAME_S, 3),
            float(s.prob),
        )
        for s in decoder.seg()
        if not s.word.startswith(("<", "["))
    )
    return PartResult(hyp.hypstr if hyp is not None else "", words)


def _pause_energy(samples: npt.NDArray[np.int16], rate: int) -> npt.NDArray[np.float64]:
    """Mean power of each 10 ms frame, averaged over 150 ms (a pause worth cutting at)."""
    hop = max(rate // 100, 1)
    usable = len(samples) - len(samples) % hop
    frames = samples[:usable].astype(np.float64).reshape(-1, hop)
    power = np.asarray(np.mean(frames**2, axis=1), dtype=np.float64)
    return np.asarray(np.convolve(power, np.ones(15) / 15, mode="same"), dtype=np.float64)


def split_at_pauses(
    samples: npt.NDArray[np.int16], rate: int, parts: int, min_part_s: float = MIN_PART_S
) -> list[tuple[int, int]]:
    """Return ``(start, end)`` sample ranges cut in pauses near each ideal cut point.

    At most ``parts`` ranges, each at least ``min_part_s`` long. A cut is made only in
    a real pause (150 ms at least 30 dB below loud speech): cutting inside a phrase
    loses the language model's context and costs accuracy.
    """
    total = len(samples)
    count = max(1, min(parts, int(total / (min_part_s * rate))))
    if count == 1:
        return [(0, total)]
    energy = _pause_energy(samples, rate)
    quiet = max(float(np.percentile(energy, 95)) * 1e-3, (32768 * 10 ** (-55 / 20)) ** 2)
    ideal = len(energy) / count
    hop = max(rate // 100, 1)
    cuts = []
    for i in range(1, count):
        low, high = int(ideal * (i - 0.35)), int(ideal * (i + 0.35))
        best = low + int(np.argmin(energy[low:high]))
        if energy[best] <= quiet:
            cuts.append(best * hop)
    bounds = [0, *cuts, total]
    return list(itertools.pairwise(bounds))


class DecoderProcess:
    """One decoder process (``pocketsphinx_worker``) spoken to over its stdin/stdout.

    Args:
        live: Tune the decoder for live audio (``LIVE_DECODER_OPTIONS``).
    """

    def __init__(self, live: bool = False) -> None:
        module = "interview_platform.communication.pocketsphinx_worker"
        self._proc = subprocess.Popen(
            [sys.executable, "-m", module, *(["--live"] if live else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._ready = False
        self.lock = threading.Lock()

    def _read_line(self) -> bytes:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise OSError("the decoder process ended")
        return line

    def wait_ready(self) -> None:
        """Block until the process has loaded its decoder (call with ``lock`` held)."""
        if not self._ready:
            self._read_line()
            self._ready = True

    def send(self, kind: int, pcm: bytes = b"", offset_s: float = 0.0) -> None:
        """Write one request (call with ``lock`` held)."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(struct.pack(HEADER, kind, len(pcm), offset_s) + pcm)
        self._proc.stdin.flush()

    def receive(self) -> PartResult:
        """Read the answer to a WHOLE or END request (call with ``lock`` held)."""
        data = json.loads(self._read_line())
        words = tuple(WordTiming(w, s, e, p) for w, s, e, p in data["words"])
        return PartResult(str(data["text"]), words)

    def decode(self, pcm: bytes, offset_s: float) -> PartResult:
        """Decode one part in the process; waiting on the pipe releases the GIL."""
        with self.lock:
            self.wait_ready()
            self.send(WHOLE, pcm, offset_s)
            return self.receive()

    def stop(self) -> None:
        """End the process."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait(5)
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                pipe.close()


class DecoderPool:
    """Decoder processes (one per core by default); falls back to an in-process decoder.

    Args:
        workers: Number of processes (default: one per CPU core, at most 4); 0 decodes
            in this process only.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = min(os.cpu_count() or 1, 4) if workers is None else workers
        self._procs: list[DecoderProcess] = []
        self._threads = ThreadPoolExecutor(max(self.workers, 1), "decoder-io")
        self._local: Any = None
        self._lock = threading.Lock()

    def _started(self) -> list[DecoderProcess]:
        with self._lock:
            if not self._procs:
                self._procs = [DecoderProcess() for _ in range(self.workers)]
            return list(self._procs)

    def warm_up(self, wait: bool = False) -> None:
        """Start the decoder processes (optionally wait until their models are loaded)."""
        if self.workers <= 0:
            return
        for worker in self._started():
            if wait:
                with worker.lock:
                    worker.wait_ready()

    def decode(self, samples: npt.NDArray[np.int16], rate: int) -> list[PartResult]:
        """Decode a clip, in parallel parts when it is long enough."""
        if self.workers <= 0:
            return [self._decode_locally(samples)]
        ranges = split_at_pauses(samples, rate, self.workers)
        try:
            workers = self._started()
            futures = [
                self._threads.submit(worker.decode, samples[a:b].tobytes(), a / rate)
                for worker, (a, b) in zip(workers, ranges, strict=False)
            ]
            return [f.result() for f in futures]
        except (OSError, ValueError) as exc:
            _log.warning("decoder process failed; decoding in-process", extra={"error": str(exc)})
            self.close()
            return [self._decode_locally(samples)]

    def _decode_locally(self, samples: npt.NDArray[np.int16]) -> PartResult:
        with self._lock:
            if self._local is None:
                self._local = new_decoder()
            return decode_part(self._local, samples.tobytes(), 0.0)

    def close(self) -> None:
        """Stop the decoder processes (a later decode starts new ones)."""
        with self._lock:
            procs, self._procs = self._procs, []
        for worker in procs:
            worker.stop()

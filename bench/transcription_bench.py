"""Transcription time and real-time factor for 5, 10 and 30 s clips, per offline backend.

Run: ``.venv/bin/python bench/transcription_bench.py``. Needs Debian's ``flite``.
Prints one line per backend and clip length. Target (issue E): a 10 s utterance
transcribed well within 2 s. ``offline x1`` is one in-process decoder (the old path);
``offline pool`` cuts the clip at pauses and decodes the parts in parallel processes.
``offline live`` is the hands-free path: the clip is fed as it is spoken, and the figure
is the wait for the transcript once the speech has ended.
``faster-whisper`` is local Whisper (packaged tiny.en, or IP_MEDIA__FASTER_WHISPER_MODEL_DIR).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from interview_platform.communication.audio import PcmAudio, decode_wav, encode_wav
from interview_platform.communication.live_decoding import LiveDecoder
from interview_platform.communication.transcription import PocketsphinxTranscriber, Transcriber
from interview_platform.communication.whisper_client import FasterWhisperTranscriber

SENTENCES = (
    "We store each short link in a sharded key value store.",
    "The hottest links are cached in redis with a short time to live.",
    "A load balancer spreads requests across stateless application servers.",
    "Writes go through a queue so spikes do not overload the database.",
)


def clip(seconds: float, folder: Path) -> bytes:
    """Synthesise sentences separated by short pauses and trim/repeat to ``seconds``."""
    parts = []
    for i, text in enumerate(SENTENCES):
        out = folder / f"s{i}.wav"
        subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(out)], check=True)
        parts += [decode_wav(out.read_bytes()).samples, np.zeros(4000, dtype=np.int16)]
    speech = np.concatenate(parts)
    needed = int(seconds * 16_000)
    samples = np.tile(speech, needed // len(speech) + 1)[:needed]
    return encode_wav(PcmAudio(samples, 16_000))


def run(name: str, backend: Transcriber, clips: dict[float, bytes]) -> None:
    """Print median time and RTF over three runs per clip length."""
    backend.transcribe(clips[5.0])  # load models once, as the app does at start
    for seconds, wav in clips.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            backend.transcribe(wav)
            times.append(time.perf_counter() - started)
        taken = statistics.median(times)
        print(f"{name:<22} clip={seconds:>4.0f}s  time={taken:6.2f}s  RTF={taken / seconds:5.3f}")


def run_live(clips: dict[float, bytes]) -> None:
    """Live decoding (hands-free): feed 20 ms frames as they would arrive, then time the
    wait for the transcript after the speech ends (the part the candidate waits for)."""
    decoder = LiveDecoder()
    decoder.finish().result(timeout=60)  # model loaded
    for seconds, wav in clips.items():
        waits = []
        samples = decode_wav(wav).samples
        for _ in range(3):
            for start in range(0, len(samples), 320):
                decoder.feed(samples[start : start + 320])
                if start % 16_000 == 0:
                    time.sleep(0.05)  # let the decoder keep up, as in real time
            time.sleep(seconds * 0.3)  # the decoder works at ~0.2x real time
            started = time.perf_counter()
            decoder.finish().result(timeout=60)
            waits.append(time.perf_counter() - started)
        wait = statistics.median(waits)
        print(f"{'offline live':<22} clip={seconds:>4.0f}s  wait after speech={wait:6.3f}s")
    decoder.close(wait=5)


def main() -> None:
    print(f"cpu cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        clips = {s: clip(s, Path(tmp)) for s in (5.0, 10.0, 30.0)}
        run("offline x1 (in-process)", PocketsphinxTranscriber(workers=0), clips)
        pool = PocketsphinxTranscriber()
        pool.warm_up(wait=True)
        run("offline pool", pool, clips)
        pool.close()
        run_live(clips)
        model_dir = os.environ.get("IP_MEDIA__FASTER_WHISPER_MODEL_DIR")
        local = FasterWhisperTranscriber(Path(model_dir) if model_dir else None)
        local.warm_up(wait=True)
        run(f"faster-whisper ({local.model})", local, clips)
        local.close()
    print("whisper (OpenAI): needs an API key and the network; not run offline")


if __name__ == "__main__":
    main()

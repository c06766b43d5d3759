"""Word accuracy of each speech recogniser on system-design answers, per synthetic voice.

Run on purpose: ``.venv/bin/python bench/stt_accuracy.py`` (needs Debian's ``flite``,
``espeak-ng`` and ``sox``). Every answer is spoken by every available English voice,
resampled to 16 kHz mono, and transcribed by pocketsphinx, local Whisper (tiny.en) and,
when ``OPENAI_API_KEY`` is set, the OpenAI API. Accuracy is 1 - WER over normalised
words (``whisper_text.word_accuracy``). Also printed: the real-time factor of whole-clip
decoding, and for live decoding the wait from the end of speech to the transcript
(audio fed in real time, as hands-free frames arrive, with the detector's 0.8 s pause).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from interview_platform.communication.audio import decode_wav
from interview_platform.communication.continuous_audio import ContinuousCapture
from interview_platform.communication.live_decoding import LiveRecogniser
from interview_platform.communication.transcription import PocketsphinxTranscriber, Transcriber
from interview_platform.communication.whisper_client import FasterWhisperTranscriber
from interview_platform.communication.whisper_text import initial_prompt, word_accuracy

ANSWERS = (
    "I would put the messages on Kafka and shard the consumers by user id, so each "
    "partition is processed in order and a slow consumer only delays its own users.",
    "Reads go to Redis first. On a miss we read from the primary database and write the "
    "value back with a time to live of five minutes, which keeps the p99 latency low.",
    "Payments must be idempotent. The client sends an idempotency key with every request, "
    "and the server stores the key with the result, so a retry returns the same answer.",
    "We can shard the database by user id with consistent hashing. Each shard has two "
    "replicas in other zones, and a failover promotes a replica within thirty seconds.",
    "A load balancer spreads requests across stateless servers. We expect ten thousand "
    "requests per second at peak, so twenty servers leave plenty of headroom.",
)
FLITE = ("slt", "rms", "awb", "kal")
ESPEAK = ("en-us", "en-gb-x-rp", "en-in", "en-sc")
PROMPT = initial_prompt("Design a scalable web service")


def speak(text: str, voice: str, out: Path) -> bytes:
    """Synthesise ``text`` with a flite or espeak-ng voice, as 16 kHz mono WAV."""
    raw = out.with_suffix(".raw.wav")
    if voice in FLITE:
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(raw)], check=True)
    else:
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return out.read_bytes()


def voices() -> list[str]:
    """The voices whose synthesiser is installed."""
    found = list(FLITE) if shutil.which("flite") else []
    return found + (list(ESPEAK) if shutil.which("espeak-ng") else [])


def accuracy(name: str, transcriber: Transcriber, clips: dict[tuple[str, int], bytes]) -> None:
    """Print median word accuracy per voice, and the real-time factor."""
    by_voice: dict[str, list[float]] = {}
    spent = audio = 0.0
    for (voice, index), wav in clips.items():
        result = transcriber.transcribe(wav, prompt=PROMPT)
        by_voice.setdefault(voice, []).append(word_accuracy(ANSWERS[index], result.text))
        spent, audio = spent + result.seconds_taken, audio + result.audio_seconds
    medians = {v: statistics.median(a) for v, a in by_voice.items()}
    cells = "  ".join(f"{v}={m:.0%}" for v, m in medians.items())
    overall = statistics.median(medians.values())
    print(f"{name:<22} median {overall:.0%}  RTF {spent / audio:.3f}  | {cells}")


def live_latency(name: str, open_live: type[LiveRecogniser] | object, samples: np.ndarray) -> None:
    """Feed ``samples`` in real time through the hands-free path; print the end-of-speech wait."""
    capture = ContinuousCapture(live_factory=open_live)  # type: ignore[arg-type]
    frame = 320  # 20 ms
    quiet = np.zeros(16_000 * 2, dtype=np.int16)
    stream = np.concatenate([np.zeros(8000, dtype=np.int16), samples, quiet])
    started = time.time()
    for i, start in enumerate(range(0, len(stream), frame)):
        capture.add(stream[start : start + frame])
        time.sleep(max(0.0, started + (i + 1) * frame / 16_000 - time.time()))
        if heard := capture.take():
            assert heard[0].live is not None
            heard[0].live.result(timeout=120)
            wait = time.time() - heard[0].speech_ended_at
            print(f"{name:<22} live {len(samples) / 16_000:5.1f} s answer: ready {wait:.2f} s")
            break
    capture.stop()


def main() -> None:
    """Build the clips, then print the figures of every backend."""
    print(f"cpu cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        clips = {
            (v, i): speak(text, v, Path(tmp) / f"{v}-{i}.wav")
            for v in voices()
            for i, text in enumerate(ANSWERS)
        }
        seconds = [decode_wav(w).duration_s for w in clips.values()]
        print(f"{len(clips)} clips, {min(seconds):.1f}-{max(seconds):.1f} s, voices {voices()}")
        local = FasterWhisperTranscriber()
        local.warm_up(wait=True)
        offline = PocketsphinxTranscriber()
        offline.warm_up(wait=True)
        accuracy("pocketsphinx", offline, clips)
        accuracy(f"faster-whisper {local.model}", local, clips)
        if key := os.environ.get("OPENAI_API_KEY"):
            from interview_platform.communication.transcription import WhisperTranscriber

            accuracy("openai whisper-1", WhisperTranscriber(key), clips)
        one = decode_wav(clips[("slt", 1)]).samples
        gap = np.zeros(8000, dtype=np.int16)
        long = np.concatenate([np.concatenate([one, gap])] * 6)[: 60 * 16_000]
        for samples in (one, long):
            live_latency("whisper tiny.en", lambda: local.open_live(PROMPT), samples)
            live_latency("pocketsphinx", offline.open_live, samples)
        local.close()
        offline.close()


if __name__ == "__main__":
    main()

"""Transcription time and real-time factor for 5 s and 30 s clips, per offline backend.

Run: ``.venv/bin/python bench/transcription_bench.py``. Needs Debian's ``flite``.
Prints one line per backend and clip length; target (issue E): a 10 s utterance
transcribed well within 2 s.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from interview_platform.communication.audio import PcmAudio, decode_wav, encode_wav
from interview_platform.communication.transcription import PocketsphinxTranscriber

SENTENCE = (
    "We store each short link in a sharded key value store and cache the hottest links in redis. "
)


def clip(seconds: float, folder: Path) -> bytes:
    """Synthesise speech and trim/repeat it to ``seconds``."""
    out = folder / "speech.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", SENTENCE * 8, "-o", str(out)], check=True)
    audio = decode_wav(out.read_bytes())
    needed = int(seconds * audio.rate)
    samples = audio.samples
    while len(samples) < needed:
        samples = type(samples)(list(samples) + list(audio.samples))
    return encode_wav(PcmAudio(samples[:needed], audio.rate))


def main() -> None:
    backend = PocketsphinxTranscriber()
    with tempfile.TemporaryDirectory() as tmp:
        backend.transcribe(clip(1, Path(tmp)))  # load the model once, as the app does
        for seconds in (5.0, 10.0, 30.0):
            wav = clip(seconds, Path(tmp))
            started = time.perf_counter()
            backend.transcribe(wav)
            taken = time.perf_counter() - started
            print(
                f"offline pocketsphinx  clip={seconds:>4.0f}s  time={taken:6.2f}s  "
                f"RTF={taken / seconds:5.2f}"
            )
    print("whisper: needs an API key (not run offline); faster-whisper: needs a model folder")


if __name__ == "__main__":
    main()

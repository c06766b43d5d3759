"""A Whisper process: ``python -m interview_platform.communication.whisper_worker DIR``.

Loads the model once, then writes one JSON line: ``{"ready": label}`` or ``{"error": ...}``
(and exits). Requests on stdin: a header ``<IIB`` (PCM byte count, prompt byte count,
VAD flag), the UTF-8 prompt, then 16 kHz mono 16-bit PCM. Each is answered with one JSON
line ``{"text": ..., "segments": [[text, start, end, prob]]}``.
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from interview_platform.communication.whisper_model import ModelChoice, ModelError, decode, load
from interview_platform.communication.worker_io import read_exactly

HEADER = "<IIB"


def _write(sink: BinaryIO, payload: dict[str, Any]) -> None:
    sink.write(json.dumps(payload).encode() + b"\n")
    sink.flush()


def serve(choice: ModelChoice, source: BinaryIO, sink: BinaryIO) -> None:
    """Load the model, then answer requests until ``source`` closes."""
    try:
        model = load(choice, threads=min(os.cpu_count() or 1, 4))
    except ModelError as exc:
        _write(sink, {"error": str(exc)})
        return
    _write(sink, {"ready": choice.label})
    header_size = struct.calcsize(HEADER)
    while True:
        try:
            pcm_size, prompt_size, vad = struct.unpack(HEADER, read_exactly(source, header_size))
            prompt = read_exactly(source, prompt_size).decode()
            pcm = read_exactly(source, pcm_size)
        except EOFError:
            return
        text, parts = decode(model, np.frombuffer(pcm, dtype=np.int16), prompt, bool(vad))
        _write(sink, {"text": text, "segments": parts})


def main() -> None:
    """Parse the command line and serve on stdin/stdout."""
    parser = argparse.ArgumentParser()
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--label", default="whisper")
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    choice = ModelChoice(args.model_dir, args.label, args.verify)
    serve(choice, sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()

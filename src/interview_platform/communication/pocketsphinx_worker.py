"""A decoder process: ``python -m interview_platform.communication.pocketsphinx_worker``.

Loads pocketsphinx once, writes ``ready``, then answers requests on stdin (a header
``<Id``: PCM byte count and time offset, followed by 16 kHz mono 16-bit PCM) with one
JSON line each: ``{"text": ..., "words": [[word, start, end, prob], ...]}``.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO

from interview_platform.communication.pocketsphinx_pool import HEADER, decode_part, new_decoder


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def serve(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer decode requests until ``source`` closes."""
    decoder = new_decoder()
    sink.write(b"ready\n")
    sink.flush()
    header_size = struct.calcsize(HEADER)
    while True:
        try:
            size, offset = struct.unpack(HEADER, _read_exactly(source, header_size))
            pcm = _read_exactly(source, size)
        except EOFError:
            return
        part = decode_part(decoder, pcm, offset)
        words = [[w.word, w.start, w.end, w.prob] for w in part.words]
        sink.write(json.dumps({"text": part.text, "words": words}).encode() + b"\n")
        sink.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)

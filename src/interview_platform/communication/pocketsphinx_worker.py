"""A decoder process: ``python -m interview_platform.communication.pocketsphinx_worker``.

Loads pocketsphinx once, writes ``ready``, then serves requests on stdin: a header
``<BId`` (kind, PCM byte count, time offset) followed by 16 kHz mono 16-bit PCM.
``WHOLE`` decodes the PCM as one utterance; ``CHUNK`` feeds live audio into the current
utterance (started on the first chunk) with no reply; ``END`` closes it. ``WHOLE`` and
``END`` are answered with one JSON line: ``{"text": ..., "words": [[word, start, end, prob]]}``.
"""

from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO

from interview_platform.communication.pocketsphinx_pool import (
    CHUNK,
    HEADER,
    WHOLE,
    PartResult,
    decode_part,
    finish_live,
    new_decoder,
)
from interview_platform.communication.worker_io import read_exactly


def _reply(sink: BinaryIO, part: PartResult) -> None:
    words = [[w.word, w.start, w.end, w.prob] for w in part.words]
    sink.write(json.dumps({"text": part.text, "words": words}).encode() + b"\n")
    sink.flush()


def serve(source: BinaryIO, sink: BinaryIO, live: bool = False) -> None:
    """Answer decode requests until ``source`` closes (``live``: tuned for live audio)."""
    decoder = new_decoder(live)
    sink.write(b"ready\n")
    sink.flush()
    header_size = struct.calcsize(HEADER)
    live = False
    while True:
        try:
            kind, size, offset = struct.unpack(HEADER, read_exactly(source, header_size))
            pcm = read_exactly(source, size)
        except EOFError:
            return
        if kind == WHOLE:
            _reply(sink, decode_part(decoder, pcm, offset))
        elif kind == CHUNK:
            if not live:
                decoder.start_utt()
                live = True
            decoder.process_raw(pcm, no_search=False, full_utt=False)
        else:
            _reply(sink, finish_live(decoder, offset) if live else PartResult("", ()))
            live = False


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer, live="--live" in sys.argv[1:])

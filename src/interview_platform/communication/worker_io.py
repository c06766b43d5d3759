"""Reading the length-prefixed frames that decoder worker processes exchange over pipes."""

from __future__ import annotations

from typing import BinaryIO

__all__ = ["read_exactly"]


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Read exactly ``size`` bytes from a pipe.

    Raises:
        EOFError: The other side closed the pipe first.
    """
    chunks, remaining = [], size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)

"""A write buffer's items copied to local disk, so that a process dying loses none.

:class:`~interview_platform.llm.write_buffer.WriteBuffer` holds what the database refused
during an outage. With a journal, each held item is also appended to a JSON-lines file
of this process (``<folder>/<name>.<random>.jsonl``, mode 0600) and each written or
dropped one is marked done there; the file is deleted whenever the buffer empties. A process
holds an exclusive ``flock`` on its own file while it lives; the kernel lets go of it
when the process dies, however it dies. A process starting later takes over (adopts)
every file whose lock it can get, keeps the items not marked done, and deletes the
file: one adopter per file, because it checks under the lock that the file is still
there. Bounds: the buffer's capacity, and a file larger than ``max_bytes`` is rewritten
with only the items still held. What is written is what ``encode`` returns: callers pass
records without secrets (replies, usage counts), never credentials.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

__all__ = ["WriteJournal"]

T = TypeVar("T")

_log = logging.getLogger(__name__)


class WriteJournal(Generic[T]):
    """Append-only file of one process's unwritten items (see the module docstring).

    Args:
        folder: Where the journals live (created, mode 0700).
        name: The kind of item, part of the file names (``"reply"``).
        encode: Item to a JSON-able dict.
        decode: Back again (raises on what it cannot read; that line is skipped).
        max_bytes: Size beyond which the file is rewritten with the live items only.
    """

    def __init__(
        self,
        folder: Path,
        name: str,
        encode: Callable[[T], dict[str, Any]],
        decode: Callable[[dict[str, Any]], T],
        max_bytes: int = 8 * 1024 * 1024,
    ) -> None:
        self._folder = folder
        self._name = name
        self._encode = encode
        self._decode = decode
        self._max_bytes = max_bytes
        self._path = folder / f"{name}.{uuid.uuid4().hex}.jsonl"
        self._file: IO[str] | None = None

    @property
    def path(self) -> Path:
        """This process's journal file."""
        return self._path

    def kept(self, index: int, key: str, item: T) -> None:
        """Record a held item (on disk before this returns)."""
        self._append({"keep": index, "key": key, "item": self._encode(item)})

    def done(self, index: int) -> None:
        """Record that an item left the buffer (written, or dropped)."""
        self._append({"done": index})

    def rewrite(self, live: Iterable[tuple[int, str, T]]) -> None:
        """Replace the file by one holding only the items still held (all of them, or none).

        The new file is written and locked beside the old one, then renamed over it: a
        process dying meanwhile leaves one whole journal or the other, never half.
        """
        self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fresh = self._path.with_name(f".{self._path.name}.new")
        descriptor = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        handle = os.fdopen(descriptor, "a+", encoding="utf-8")
        for index, key, item in live:
            line = {"keep": index, "key": key, "item": self._encode(item)}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._sync(handle)
        os.replace(fresh, self._path)
        if self._file is not None:
            self._file.close()  # the old file, replaced: its lock goes with it
        self._file = handle

    def too_big(self) -> bool:
        """Whether the file has grown past ``max_bytes``."""
        return self._file is not None and self._file.tell() > self._max_bytes

    def adopt(self) -> list[tuple[str, T]]:
        """Take over the journals of dead processes; return their unwritten items, in order."""
        adopted: list[tuple[str, T]] = []
        for path in sorted(self._folder.glob(f"{self._name}.*.jsonl")):
            if path != self._path:
                adopted.extend(self._adopt_one(path))
        return adopted

    def clear(self) -> None:
        """Delete the file (nothing is held any more); the next item starts a new one.

        Deleted before its lock is let go, so no other process can adopt it meanwhile.
        """
        if self._file is None:
            return
        self._path.unlink(missing_ok=True)
        self._file.close()
        self._file = None

    def close(self) -> None:
        """Let go of the file and its lock: what it holds is adopted at the next start.

        An empty journal (nothing held) is deleted.
        """
        if self._file is None:
            return
        if self._file.tell() == 0:
            self._path.unlink(missing_ok=True)
        self._file.close()
        self._file = None

    def _append(self, line: dict[str, Any]) -> None:
        handle = self._open()
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._sync(handle)

    @staticmethod
    def _sync(handle: IO[str]) -> None:
        handle.flush()
        os.fsync(handle.fileno())

    def _open(self) -> IO[str]:
        if self._file is None:
            self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # held while this process lives
            self._file = os.fdopen(descriptor, "a+", encoding="utf-8")
        return self._file

    def _adopt_one(self, path: Path) -> list[tuple[str, T]]:
        try:
            handle = path.open("r", encoding="utf-8")
        except FileNotFoundError:
            return []  # adopted by another process meanwhile
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return []  # its process is alive
            if not _same_file(path, handle):
                return []  # adopted and deleted while this process waited
            items = self._read(handle, path)
            path.unlink()
        if items:
            _log.warning(
                "unwritten items of a stopped process taken over",
                extra={"journal": path.name, "items": len(items)},
            )
        return items

    def _read(self, handle: IO[str], path: Path) -> list[tuple[str, T]]:
        held: dict[int, tuple[str, T]] = {}
        for number, text in enumerate(handle, start=1):
            try:
                line = json.loads(text)
                if "done" in line:
                    held.pop(int(line["done"]), None)
                else:
                    held[int(line["keep"])] = (str(line["key"]), self._decode(line["item"]))
            except (ValueError, KeyError, TypeError) as exc:
                # A line cut short by the process dying mid-write, or not ours: skipped.
                _log.error(
                    "unreadable journal line skipped",
                    extra={"journal": path.name, "line": number, "error": type(exc).__name__},
                )
        return [held[index] for index in sorted(held)]


def _same_file(path: Path, handle: IO[str]) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino
    except FileNotFoundError:
        return False

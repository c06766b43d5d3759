"""Blob stores: where finished media files are shared between processes and machines.

A :class:`BlobStore` keeps immutable objects by key. Two implementations:
:class:`~interview_platform.storage.s3_store.S3BlobStore` (an S3-compatible bucket,
the shared store of a deployment) and :class:`LocalBlobStore` (a folder; the fake
twin used by unit tests, and usable on a shared network mount).

Objects are never overwritten: :meth:`BlobStore.put_new` refuses a key that
exists, so two processes saving ``conversation.json`` for one session cannot
clobber each other (the loser picks the next free name). Every object carries
its SHA-256 and every read is verified against it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from interview_platform.exceptions import StorageError


class BlobMissingError(StorageError):
    """The object does not exist in the store."""


class BlobChecksumError(StorageError):
    """The object's content does not match its SHA-256 (changed or corrupted)."""


@dataclass(frozen=True)
class BlobInfo:
    """One stored object.

    Attributes:
        key: Its key.
        size_bytes: Its size.
        modified: When it was written (UTC).
    """

    key: str
    size_bytes: int
    modified: datetime


class BlobStore(Protocol):
    """Immutable objects by key, each verified by its SHA-256 on read."""

    def check(self) -> None:
        """Fail fast when the store cannot be used (called once at start-up).

        Raises:
            ConfigurationError: The store does not exist or refuses our credentials.
        """
        ...

    def put_new(self, key: str, data: bytes, sha256: str) -> bool:
        """Store ``data`` under ``key`` unless the key exists; False when it does."""
        ...

    def get(self, key: str, sha256: str | None = None) -> bytes:
        """Return the object, verified against ``sha256`` (or the one stored with it).

        Raises:
            BlobMissingError: No such key.
            BlobChecksumError: The content does not match the checksum.
            StorageError: The store could not be reached.
        """
        ...

    def exists(self, key: str) -> bool:
        """Return True when ``key`` exists."""
        ...

    def delete(self, key: str) -> None:
        """Remove one object (no error when it is absent)."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object whose key starts with ``prefix``; return how many went."""
        ...

    def list(self, prefix: str) -> list[BlobInfo]:
        """Return every object whose key starts with ``prefix``."""
        ...


def sha256_hex(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def verify(key: str, data: bytes, expected: str | None) -> bytes:
    """Return ``data`` when it matches ``expected`` (hex SHA-256; None skips the check).

    Raises:
        BlobChecksumError: It does not match.
    """
    if expected and sha256_hex(data) != expected.lower():
        raise BlobChecksumError(
            f"The stored object '{key}' does not match its recorded SHA-256: it was "
            "changed or corrupted after it was saved."
        )
    return data


class LocalBlobStore:
    """Objects as files below a folder (keys are relative paths).

    Args:
        root: The folder (created on first write).
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"LocalBlobStore(root={str(self._root)!r})"

    def _path(self, key: str) -> Path:
        path = (self._root / key).resolve()
        if not path.is_relative_to(self._root) or key.startswith("/"):
            raise StorageError(f"Refusing the key {key[:120]!r}: it leaves the store.")
        return path

    def check(self) -> None:
        """Create the folder if needed (a local folder is always usable)."""
        self._root.mkdir(parents=True, exist_ok=True)

    def put_new(self, key: str, data: bytes, sha256: str) -> bool:
        """Write to a temporary file, then hard-link it into place (never overwrites)."""
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".put.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.link(tmp, target)  # atomic, and fails when the key exists
        except FileExistsError:
            return False
        except OSError as exc:
            raise StorageError(f"Could not store '{key}': {exc.strerror or exc}") from exc
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return True

    def get(self, key: str, sha256: str | None = None) -> bytes:
        """Read and verify one object."""
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobMissingError(f"The stored object '{key}' does not exist.") from None
        except OSError as exc:
            raise StorageError(f"Could not read '{key}': {exc.strerror or exc}") from exc
        return verify(key, data, sha256)

    def exists(self, key: str) -> bool:
        """Return True when the file exists."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove one file."""
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def delete_prefix(self, prefix: str) -> int:
        """Remove every file whose key starts with ``prefix``."""
        found = self.list(prefix)
        for info in found:
            self.delete(info.key)
        return len(found)

    def list(self, prefix: str) -> list[BlobInfo]:
        """Walk the folder for keys starting with ``prefix``."""
        found: list[BlobInfo] = []
        if not self._root.is_dir():
            return found
        for folder, _dirs, files in os.walk(self._root, followlinks=False):
            for name in files:
                path = Path(folder) / name
                key = path.relative_to(self._root).as_posix()
                if name.startswith(".put.") or not key.startswith(prefix):
                    continue
                with contextlib.suppress(OSError):
                    info = path.lstat()
                    modified = datetime.fromtimestamp(info.st_mtime, UTC)
                    found.append(BlobInfo(key, info.st_size, modified))
        return sorted(found, key=lambda b: b.key)

"""Validation of session ids, file names and paths below the storage root.

Every path the file storage touches is built here, from a validated session
id, a :class:`~interview_platform.models.MediaKind` and a validated file name,
and is then checked to resolve inside the root (so a symlink planted inside the
tree cannot lead a write outside it).

Error policy: a malformed *input* (session id, file name, stored relative path)
raises :class:`~interview_platform.exceptions.ValidationError`; a well-formed
name whose resolved location leaves the root (a symlink escape) raises
:class:`~interview_platform.exceptions.StorageError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from interview_platform.exceptions import StorageError, ValidationError
from interview_platform.models import MediaKind

MAX_FILENAME_LENGTH = 128
_MAX_NAME_ATTEMPTS = 1000

_SESSION_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A leading letter or digit keeps hidden names (and our own ".tmp" files) out.
_FILENAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def is_session_id(value: object) -> bool:
    """Return True when ``value`` is a lowercase UUID string such as :func:`models.new_id` makes."""
    return isinstance(value, str) and _SESSION_ID_RE.fullmatch(value) is not None


def validate_session_id(session_id: object) -> str:
    """Return ``session_id`` unchanged if it is UUID-shaped.

    Raises:
        ValidationError: Anything else (including path fragments such as ``../x``).
    """
    if not is_session_id(session_id):
        raise ValidationError(
            f"Invalid session id {str(session_id)[:80]!r}: expected a lowercase UUID "
            "such as '123e4567-e89b-42d3-a456-426614174000'."
        )
    return str(session_id)


def validate_filename(filename: object) -> str:
    """Return ``filename`` unchanged if it is a safe single file name.

    Allowed: letters, digits, ``.``, ``_`` and ``-``; it must start with a letter
    or digit, contain no ``..`` and be at most 128 characters long.

    Raises:
        ValidationError: The name is empty, too long, has a separator, ``..``,
            a NUL byte or any other character outside the allowed set.
    """
    if not isinstance(filename, str) or not filename:
        raise ValidationError("A file name is required.")
    shown = filename[:80].replace("\x00", "\\0")
    if len(filename) > MAX_FILENAME_LENGTH:
        raise ValidationError(
            f"File name {shown!r}... is too long ({len(filename)} characters; "
            f"at most {MAX_FILENAME_LENGTH})."
        )
    if ".." in filename or _FILENAME_RE.fullmatch(filename) is None:
        raise ValidationError(
            f"Invalid file name {shown!r}: use letters, digits, '.', '_' and '-' only, "
            "starting with a letter or digit, without '..' or path separators."
        )
    return filename


def coerce_kind(kind: MediaKind | str) -> MediaKind:
    """Return ``kind`` as a :class:`MediaKind`.

    Raises:
        ValidationError: ``kind`` is not one of the media kinds.
    """
    try:
        return MediaKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in MediaKind)
        raise ValidationError(f"Unknown media kind {kind!r} (allowed: {allowed}).") from None


def ensure_inside(root: Path, path: Path) -> Path:
    """Resolve ``path`` (following symlinks) and check it lies below ``root``.

    Args:
        root: The storage root, already resolved.
        path: The path to check.

    Returns:
        The resolved path.

    Raises:
        StorageError: The resolved path is outside ``root``.
    """
    resolved = path.resolve(strict=False)
    if resolved != root and not resolved.is_relative_to(root):
        raise StorageError(
            f"Refusing to use '{path}': it resolves to '{resolved}', outside the "
            f"storage root '{root}'."
        )
    return resolved


def parse_relative(path: str) -> tuple[str, MediaKind, str]:
    """Split a stored relative path ``<session>/<kind>/<file>`` and validate each part.

    Raises:
        ValidationError: The path is absolute, has the wrong shape or a bad part.
    """
    pure = PurePosixPath(path)
    if pure.is_absolute() or len(pure.parts) != 3 or "\\" in path:
        raise ValidationError(
            f"Invalid media path {path[:120]!r}: expected '<session id>/<kind>/<file name>'."
        )
    session_id, kind, name = pure.parts
    return validate_session_id(session_id), coerce_kind(kind), validate_filename(name)


def candidate_names(filename: str) -> Iterator[str]:
    """Yield ``filename``, then ``name-1.ext``, ``name-2.ext``... (at most 1000 names).

    Raises:
        ValidationError: A numbered name would be too long.
    """
    yield filename
    stem, dot, ext = filename.partition(".")
    for attempt in range(1, _MAX_NAME_ATTEMPTS - 1):
        yield validate_filename(f"{stem}-{attempt}{dot}{ext}")


def free_name(directory: Path, filename: str) -> Path:
    """Return ``directory/filename``, or ``name-1.ext``, ``name-2.ext``... if it is taken.

    Raises:
        StorageError: No free name was found.
        ValidationError: The numbered name would be too long.
    """
    for name in candidate_names(filename):
        target = directory / name
        if not target.exists() and not target.is_symlink():
            return target
    raise StorageError(f"Too many files named like '{filename}' in '{directory}'.")

"""Check an uploaded resume by its content, not its name.

The file name is only a hint: a ``.txt`` that really holds a PDF is read as a
PDF, and a ``.pdf`` full of random bytes is refused. Text files may be UTF-8
(with or without a byte-order mark), UTF-16 with a byte-order mark, or a legacy
single-byte encoding (Windows-1252 / Latin-1) as long as they look like prose.
"""

from __future__ import annotations

import re
from typing import Literal

from interview_platform.exceptions import ValidationError

FileFormat = Literal["pdf", "text"]

# A PDF header may be preceded by a little junk; readers accept it within the first KiB.
_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
_MAX_CONTROL_RATIO = 0.02
_MAX_NON_ASCII_RATIO_LEGACY = 0.30
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode's Cc category is exactly U+0000-U+001F and U+007F-U+009F; the allowed ones and
# the replacement character (what an undecodable byte became) are handled here.
_BAD_CHARS = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in (*range(0x20), *range(0x7F, 0xA0))
        if chr(c) not in _ALLOWED_CONTROLS
    )
    + "\ufffd]"
)
_KNOWN_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or a Word (.docx) document"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a Rich Text (.rtf) document"),
)
_ADVICE = "Upload a PDF, a .txt or a Markdown file, or paste the text of your resume."


def check_size(data: bytes, max_mb: float) -> None:
    """Refuse empty files and files over the size limit.

    Args:
        data: The uploaded bytes.
        max_mb: The limit in megabytes (MiB).

    Raises:
        ValidationError: The file is empty or too large; the message states the limit.
    """
    if not data or not data.strip():
        raise ValidationError(f"The file is empty. {_ADVICE}")
    limit = int(max_mb * 1024 * 1024)
    if len(data) > limit:
        size_mb = len(data) / (1024 * 1024)
        raise ValidationError(
            f"The file is {size_mb:.1f} MB; resumes can be at most {max_mb:g} MB. "
            "Export a smaller PDF (without embedded images) or paste the text."
        )


def is_pdf(data: bytes) -> bool:
    """Return True when the bytes start (near the beginning) with a PDF header."""
    return _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]


def _control_ratio(text: str) -> float:
    if not text:
        return 1.0
    # One regex pass, not a Python loop over every character (5 MB took seconds).
    return len(_BAD_CHARS.findall(text)) / len(text)


def _non_ascii_ratio(text: str) -> float:
    ascii_only = text.encode("ascii", "ignore")  # drops exactly the non-ASCII characters
    return (len(text) - len(ascii_only)) / max(len(text), 1)


def _strict_decodings(data: bytes) -> list[str]:
    """Decodings that are only accepted when the bytes are valid in that encoding."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    encodings = ["utf-16"] if utf16 else ["utf-8-sig"]
    texts = []
    for encoding in encodings:
        try:
            texts.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return texts


def _legacy_decoding(data: bytes) -> str | None:
    """Windows-1252 (else Latin-1) for old text files, only when it reads like prose."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _non_ascii_ratio(text) > _MAX_NON_ASCII_RATIO_LEGACY:
        return None
    return text


def decode_text(data: bytes) -> str | None:
    """Decode bytes that look like human-readable text, or return None.

    Args:
        data: The uploaded bytes.

    Returns:
        The decoded text, or None when the bytes are not plain text.
    """
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    candidates = _strict_decodings(data)
    if not candidates:
        legacy = _legacy_decoding(data)
        candidates = [legacy] if legacy is not None else []
    for text in candidates:
        if _control_ratio(text) <= _MAX_CONTROL_RATIO:
            return text
    return None


def _describe_binary(data: bytes) -> str:
    for magic, description in _KNOWN_BINARIES:
        if data.startswith(magic):
            return f"This file looks like {description}, not a resume we can read."
    return "This file is neither a PDF nor plain text (it looks like binary data)."


def detect_format(data: bytes) -> FileFormat:
    """Tell a PDF from plain text by looking at the bytes.

    Args:
        data: The uploaded bytes (non-empty).

    Returns:
        ``"pdf"`` or ``"text"``.

    Raises:
        ValidationError: The bytes are neither a PDF nor readable text.
    """
    if is_pdf(data):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        raise ValidationError(f"{_describe_binary(data)} {_ADVICE}")
    if decode_text(data) is not None:
        return "text"
    raise ValidationError(f"{_describe_binary(data)} {_ADVICE}")


def validate_upload(filename: str, data: bytes, max_mb: float) -> FileFormat:
    """Check size and content of an upload and return its real format.

    Args:
        filename: The name the browser sent; used only to word the messages.
        data: The uploaded bytes.
        max_mb: The size limit in megabytes.

    Returns:
        The detected format.

    Raises:
        ValidationError: Empty, too large, or not a PDF/text file.
    """
    check_size(data, max_mb)
    try:
        return detect_format(data)
    except ValidationError as exc:
        if filename.lower().endswith(".pdf"):
            raise ValidationError(
                f"'{filename}' is named like a PDF, but its content is not a PDF "
                f"(it has no PDF header) and not plain text either. {_ADVICE}"
            ) from exc
        raise

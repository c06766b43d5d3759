"""Uploads are judged by content; hostile files get a clear message, never a crash."""

from __future__ import annotations

import io
import os
import random
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from testkit.resumes import (
    SENIOR_LINES,
    blank_pages_pdf,
    image_only_pdf,
    multi_page_pdf,
    single_column_pdf,
)

from interview_platform.exceptions import ValidationError
from interview_platform.resume.extract import extract_text, normalize_text
from interview_platform.resume.file_checks import decode_text, detect_format, validate_upload

RESUME_TEXT = "\n".join(SENIOR_LINES)


def raw_pdf(
    page_extra: bytes = b"",
    content: bytes = b"BT /F1 12 Tf 72 720 Td (Hi) Tj ET",
    flate: bool = False,
) -> bytes:
    """A hand-written PDF with a correct cross-reference table."""
    stream_filter = b" /Filter /FlateDecode" if flate else b""
    if flate:
        content = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
        + page_extra
        + b" >>",
        b"<< /Length "
        + str(len(content)).encode()
        + stream_filter
        + b" >>\nstream\n"
        + content
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(single_column_pdf(SENIOR_LINES)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _refused(filename: str, data: bytes, max_mb: float = 5.0, max_pages: int = 5) -> str:
    with pytest.raises(ValidationError) as info:
        fmt = validate_upload(filename, data, max_mb)
        if fmt == "pdf":
            extract_text(data, max_pages)
    return str(info.value)


# -- format detection -------------------------------------------------------------


def test_pdf_named_txt_is_read_as_pdf() -> None:
    data = single_column_pdf(SENIOR_LINES)
    assert validate_upload("resume.txt", data, 5.0) == "pdf"


def test_text_named_pdf_is_read_as_text() -> None:
    assert validate_upload("resume.pdf", RESUME_TEXT.encode(), 5.0) == "text"


def test_random_bytes_named_pdf_are_refused_with_a_clear_message() -> None:
    data = random.Random(7).randbytes(4096)
    message = _refused("resume.pdf", data)
    assert "named like a PDF" in message and "not a PDF" in message


def test_random_bytes_are_neither_pdf_nor_text() -> None:
    with pytest.raises(ValidationError, match="neither a PDF nor plain text"):
        detect_format(os.urandom(2048))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, "Word"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"{\\rtf1\\ansi Jane Doe}", "Rich Text"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, expected: str) -> None:
    with pytest.raises(ValidationError, match=expected):
        detect_format(data)


@pytest.mark.parametrize(
    "encoded",
    [
        RESUME_TEXT.encode("utf-8"),
        "\ufeff".encode() + RESUME_TEXT.encode("utf-8"),
        RESUME_TEXT.encode("utf-16"),
        "José Álvarez — Senior Engineer\nMünchen".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "cp1252"],
)
def test_text_encodings_are_accepted(encoded: bytes) -> None:
    assert detect_format(encoded) == "text"
    text = decode_text(encoded)
    assert text is not None and "\ufeff" not in text.lstrip("\ufeff")[:1]


def test_cp1252_text_keeps_its_accents() -> None:
    text = decode_text("José Álvarez — München".encode("cp1252"))
    assert text == "José Álvarez — München"


# -- size and emptiness -------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file_is_refused(data: bytes) -> None:
    assert "empty" in _refused("resume.txt", data)


def test_oversized_file_states_the_limit() -> None:
    data = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)
    message = _refused("resume.pdf", data, max_mb=1.0)
    assert "at most 1 MB" in message and "2.0 MB" in message


# -- hostile and broken PDFs ----------------------------------------------------------


def test_encrypted_pdf_with_password_is_refused() -> None:
    assert "password-protected" in _refused("resume.pdf", encrypted_pdf("hunter2"))


def test_encrypted_pdf_with_empty_user_password_is_read() -> None:
    data = encrypted_pdf("")
    assert PdfReader(io.BytesIO(data)).is_encrypted
    assert "Priya Raman" in extract_text(data, max_pages=5)


def test_pdf_without_pages_is_refused() -> None:
    assert "no pages" in _refused("resume.pdf", blank_pages_pdf(0))


def test_pdf_over_the_page_limit_is_refused() -> None:
    message = _refused("resume.pdf", multi_page_pdf(SENIOR_LINES, pages=6), max_pages=3)
    assert "6 pages" in message and "at most 3" in message


def test_image_only_pdf_is_called_a_scan() -> None:
    message = _refused("scan.pdf", image_only_pdf())
    assert "scanned image" in message and "paste" in message


def test_blank_pages_are_called_a_scan() -> None:
    assert "scanned image" in _refused("resume.pdf", blank_pages_pdf(2))


def test_truncated_pdf_is_refused() -> None:
    data = single_column_pdf(SENIOR_LINES)
    message = _refused("resume.pdf", data[: len(data) // 3])
    assert "could not be read" in message or "no selectable text" in message


def test_pdf_header_followed_by_garbage_is_refused() -> None:
    data = b"%PDF-1.7\n" + random.Random(3).randbytes(5000)
    assert "could not be read" in _refused("resume.pdf", data)


_LINE = b"BT /F1 12 Tf 72 720 Td (Senior engineer building payment systems since 2015) Tj ET"


def _outcome(data: bytes) -> str:
    """The extracted text, or the message of the ValidationError (any other error fails)."""
    try:
        return extract_text(data, max_pages=5)
    except ValidationError as exc:
        return f"refused: {exc}"


@pytest.mark.parametrize("depth", [2_000, 60_000])
@pytest.mark.parametrize("kind", ["array", "dictionary"])
def test_deeply_nested_objects_are_read_or_refused_cleanly(kind: str, depth: int) -> None:
    # Either pypdf copes (the text comes out) or the upload is refused with our message;
    # a RecursionError or any other exception fails the test.
    nested = b"[" * depth + b"]" * depth if kind == "array" else b"<< /A " * depth + b">>" * depth
    outcome = _outcome(raw_pdf(page_extra=b"/X " + nested, content=_LINE))
    assert outcome == "Senior engineer building payment systems since 2015" or outcome.startswith(
        "refused: This PDF could not be read"
    )


def test_deeply_nested_content_stream_does_not_crash() -> None:
    content = b"BT /F1 12 Tf 72 720 Td " + b"[" * 50_000 + b"]" * 50_000 + b" TJ ET"
    outcome = _outcome(raw_pdf(content=content))
    assert "could not be read" in outcome or "no selectable text" in outcome


def test_compressed_content_bomb_is_refused_quickly() -> None:
    content = b"BT /F1 12 Tf 72 720 Td " + b"(word) Tj " * 2_000_000 + b"ET"
    data = raw_pdf(content=content, flate=True)
    assert len(data) < 50_000  # 20 MB of drawing instructions in a tiny file
    assert "far too complex" in _refused("resume.pdf", data)


def test_compressed_page_of_normal_size_is_read() -> None:
    assert "Hi there" in _outcome(
        raw_pdf(content=b"BT /F1 12 Tf 72 720 Td (Hi there) Tj ET" * 20, flate=True)
    )


def test_broken_cross_reference_table_is_recovered_or_refused() -> None:
    data = raw_pdf().replace(b"startxref", b"startxref\n999999\n%%EOF\nstartxref")
    with pytest.raises(ValidationError):
        extract_text(data, max_pages=5)  # "Hi" is too little text even when recovered


# -- normalisation ---------------------------------------------------------------------


def test_normalisation_folds_ligatures_and_whitespace() -> None:
    raw = "E\ufb03cient  \u00a0work\ufb02ow\r\n\r\n\r\n\r\nsoft\u00adhyphen\x07 end"
    assert normalize_text(raw) == "Efficient workflow\n\nsofthyphen end"


def test_normalisation_caps_the_length() -> None:
    assert len(normalize_text("word " * 100_000, max_chars=1000)) == 1000

"""Text extraction from resume PDFs (pypdf) and text normalisation.

Hostile or broken PDFs (encrypted, corrupt, truncated, deeply nested, huge)
end in a :class:`~interview_platform.exceptions.ValidationError` whose message
tells the candidate what to do, never in another exception. pypdf itself caps
decompressed stream sizes; here the page count and the extracted text are
capped too.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from pypdf import PageObject, PasswordType, PdfReader

from interview_platform.exceptions import ValidationError

logger = logging.getLogger(__name__)

# Kept from an upload: more than the parser reads (resume.limits.MAX_RESUME_CHARS), so a
# cut there is noticed and the candidate told.
MAX_CHARS = 200_000
# pypdf interprets content streams at roughly 150 KB/s; a resume page needs a few tens
# of KB. These caps keep a tiny flate-compressed "bomb" from holding a worker for minutes.
MAX_PAGE_CONTENT_BYTES = 500_000
MAX_TOTAL_CONTENT_BYTES = 1_500_000
_MIN_TEXT_CHARS = 30
_PASTE = "paste the text of your resume instead"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)


def normalize_text(text: str, max_chars: int = MAX_CHARS) -> str:
    """Normalise extracted or uploaded text.

    Ligatures and full-width forms are folded (NFKC), invisible characters and
    control characters dropped, runs of spaces collapsed, lines trimmed and
    runs of blank lines reduced to one.

    Args:
        text: Raw text.
        max_chars: Longest text kept.

    Returns:
        The cleaned text.
    """
    text = text[: max_chars * 2].replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
    )
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text[:max_chars]


def _unreadable(detail: str = "") -> ValidationError:
    suffix = f" ({detail})" if detail else ""
    return ValidationError(
        f"This PDF could not be read; it seems damaged or incomplete{suffix}. "
        f"Re-export it from your editor, or {_PASTE}."
    )


def _quiet_pypdf() -> None:
    # pypdf logs one warning per object while recovering a broken file: thousands of
    # lines for one hostile upload, none actionable. The outcome is reported instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)


def _open(data: bytes) -> PdfReader:
    _quiet_pypdf()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except (RecursionError, MemoryError) as exc:
        raise _unreadable("its structure is too deeply nested or too large") from exc
    except Exception as exc:  # pypdf raises many types for broken files
        logger.info("pypdf could not open an upload: %s", type(exc).__name__)
        raise _unreadable() from exc
    return reader


def _decrypt(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        result = reader.decrypt("")
    except Exception as exc:  # unsupported algorithm, broken encryption dictionary
        raise ValidationError(
            f"This PDF is encrypted in a way that cannot be opened here. "
            f"Save an unprotected copy, or {_PASTE}."
        ) from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise ValidationError(
            "This PDF is password-protected. Save a copy without a password "
            f"(Print > Save as PDF works in most viewers), or {_PASTE}."
        )


def _page_count(reader: PdfReader, max_pages: int) -> int:
    try:
        count = len(reader.pages)
    except (RecursionError, MemoryError) as exc:
        raise _unreadable("its page tree is too deeply nested") from exc
    except Exception as exc:
        raise _unreadable("its page tree is broken") from exc
    if count == 0:
        raise ValidationError(f"This PDF has no pages. Re-export it, or {_PASTE}.")
    if count > max_pages:
        raise ValidationError(
            f"This PDF has {count} pages; a resume can have at most {max_pages}. "
            f"Upload a shorter version, or {_PASTE}."
        )
    return count


def _content_size(page: PageObject) -> int:
    contents = page.get_contents()
    return 0 if contents is None else len(contents.get_data())


def _check_complexity(index: int, size: int, total: int) -> None:
    if size > MAX_PAGE_CONTENT_BYTES or total > MAX_TOTAL_CONTENT_BYTES:
        raise ValidationError(
            f"Page {index + 1} of this PDF is far too complex for a resume "
            f"(over {MAX_PAGE_CONTENT_BYTES // 1000} KB of drawing instructions). "
            f"Export a simpler PDF, or {_PASTE}."
        )


def _page_texts(reader: PdfReader, count: int, max_chars: int) -> list[str]:
    texts: list[str] = []
    total = 0
    content_total = 0
    for index in range(count):
        try:
            page = reader.pages[index]
            size = _content_size(page)
            content_total += size
            _check_complexity(index, size, content_total)
            text = page.extract_text() or ""
        except ValidationError:
            raise
        except (RecursionError, MemoryError) as exc:
            raise _unreadable(f"page {index + 1} is too deeply nested or too large") from exc
        except Exception as exc:
            raise _unreadable(f"page {index + 1} is broken") from exc
        texts.append(text)
        total += len(text)
        if total >= max_chars:
            break
    return texts


def extract_text(data: bytes, max_pages: int, max_chars: int = MAX_CHARS) -> str:
    """Extract and normalise the text of a PDF resume.

    Args:
        data: The PDF bytes.
        max_pages: The most pages accepted.
        max_chars: The most characters kept.

    Returns:
        The normalised text.

    Raises:
        ValidationError: Encrypted with a password, corrupt, without pages, too
            long, or without extractable text (a scanned image).
    """
    reader = _open(data)
    _decrypt(reader)
    count = _page_count(reader, max_pages)
    text = normalize_text("\n\n".join(_page_texts(reader, count, max_chars)), max_chars)
    if sum(1 for ch in text if ch.isalnum()) < _MIN_TEXT_CHARS:
        raise ValidationError(
            "This PDF has no selectable text; it looks like a scanned image. "
            f"Upload a text PDF (exported from your editor), or {_PASTE}."
        )
    return text

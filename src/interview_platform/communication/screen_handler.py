"""Screen-share captures: PNG data URLs from the browser, kept under ``screen/``."""

from __future__ import annotations

import base64
import binascii

from interview_platform.exceptions import ValidationError
from interview_platform.models import MediaFile, MediaKind, utcnow
from interview_platform.storage.file_storage import FileStorage

_PREFIX = "data:image/png;base64,"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_CAPTURE_BYTES = 15 * 1024 * 1024


def decode_png_data_url(data_url: str) -> bytes:
    """Return the PNG bytes of a ``data:image/png;base64,...`` URL.

    Raises:
        ValidationError: Not a PNG data URL, not base64, too large, or not a PNG.
    """
    if not isinstance(data_url, str) or not data_url.startswith(_PREFIX):
        raise ValidationError("The screen capture is not a PNG image.")
    if len(data_url) > MAX_CAPTURE_BYTES * 4 // 3 + len(_PREFIX) + 4:
        raise ValidationError("The screen capture is too large.")
    try:
        png = base64.b64decode(data_url[len(_PREFIX) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("The screen capture could not be decoded.") from exc
    if not png.startswith(_PNG_MAGIC):
        raise ValidationError("The screen capture is not a PNG image.")
    return png


class ScreenHandler:
    """Stores periodic screen captures of a session.

    Args:
        storage: File storage (captures go to the session's ``screen/`` folder).
    """

    def __init__(self, storage: FileStorage) -> None:
        self._storage = storage

    def save_capture(self, session_id: str, data_url: str, seq: int) -> MediaFile:
        """Validate and store one capture; ``seq`` is the browser's capture counter."""
        png = decode_png_data_url(data_url)
        stamp = utcnow()
        name = f"capture-{int(seq):05d}-{stamp.strftime('%Y%m%dT%H%M%S%fZ')}.png"
        metadata = {"seq": int(seq), "captured_at": stamp.isoformat()}
        return self._storage.save(session_id, MediaKind.SCREEN, png, name, metadata)

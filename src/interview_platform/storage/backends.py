"""Builds the file storage the settings ask for: this disk only, or shared on S3."""

from __future__ import annotations

import logging

from interview_platform.config_storage import StorageSettings
from interview_platform.database.ports import MediaRepository
from interview_platform.storage.file_storage import FileStorage
from interview_platform.storage.shared_media import SharedMedia

_log = logging.getLogger(__name__)


def build_shared_media(settings: StorageSettings) -> SharedMedia | None:
    """Return the shared store of ``storage.backend: s3`` (None for ``local``), checked.

    Raises:
        ConfigurationError: The bucket does not exist, refuses the credentials or the
            endpoint cannot be reached (start-up stops with the key at fault).
    """
    if settings.backend != "s3":
        return None
    # Imported here: a local-disk deployment never loads boto3.
    from interview_platform.storage.s3_store import S3BlobStore

    shared = SharedMedia(S3BlobStore(settings.s3), settings.s3.prefix)
    shared.check()
    _log.info(
        "media files are shared on S3",
        extra={
            "operation": "storage.start",
            "bucket": settings.s3.bucket,
            "endpoint": settings.s3.endpoint_url or "AWS",
            "prefix": settings.s3.prefix,
        },
    )
    return shared


def build_file_storage(settings: StorageSettings, media: MediaRepository) -> FileStorage:
    """Return the file storage for ``settings`` (see :func:`build_shared_media`).

    Raises:
        ConfigurationError: ``backend`` is ``s3`` and the bucket is not usable.
    """
    return FileStorage(settings.root, media, build_shared_media(settings))

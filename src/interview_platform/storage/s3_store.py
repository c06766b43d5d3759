"""The S3-compatible blob store (AWS S3, MinIO, Ceph...), through boto3.

Every object is written with ``ChecksumAlgorithm="SHA256"`` and its SHA-256 (the
server checks the body against it on upload) and with ``If-None-Match: *`` (an
existing key is never overwritten); the hex SHA-256 is kept in the object's
metadata too. Every read asks for the checksum (``ChecksumMode="ENABLED"``) and
verifies the body against the expected SHA-256 (the ``media_files`` row's) and the
server's. The secret key is held as a ``SecretStr`` until the client is built and
never appears in a repr or a log line.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any

# boto3 ships no type information (stubs would be another dev dependency).
import boto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import (  # type: ignore[import-untyped]
    BotoCoreError,
    ClientError,
    FlexibleChecksumError,
)

from interview_platform.config_storage import S3Settings
from interview_platform.exceptions import ConfigurationError, StorageError
from interview_platform.storage.blob_store import (
    BlobChecksumError,
    BlobInfo,
    BlobMissingError,
    verify,
)

_log = logging.getLogger(__name__)

_MISSING = {"NoSuchKey", "404", "NotFound"}
_TAKEN = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")


def build_client(s3: S3Settings) -> Any:
    """Return a boto3 S3 client for the settings (path-style keys on custom endpoints)."""
    config = Config(
        connect_timeout=s3.connect_timeout_s,
        read_timeout=s3.read_timeout_s,
        retries={"mode": "standard", "max_attempts": s3.max_attempts},
        # MinIO and most self-hosted servers serve buckets as paths, not subdomains.
        s3={"addressing_style": "path" if s3.endpoint_url else "auto"},
    )
    secret = s3.secret_access_key.get_secret_value() if s3.secret_access_key else None
    # A fresh Session per client: boto3's default session is not thread-safe to build.
    return boto3.session.Session().client(
        "s3",
        endpoint_url=s3.endpoint_url,
        region_name=s3.region,
        aws_access_key_id=s3.access_key_id or None,
        aws_secret_access_key=secret,
        config=config,
    )


class S3BlobStore:
    """Objects in one bucket of an S3-compatible server (thread-safe).

    Args:
        settings: Bucket, endpoint, region and credentials.
        client: A ready boto3 S3 client (default: built from ``settings``).
    """

    def __init__(self, settings: S3Settings, client: Any = None) -> None:
        self._bucket = settings.bucket
        self._endpoint = settings.endpoint_url or "AWS"
        self._client = client if client is not None else build_client(settings)

    def __repr__(self) -> str:
        return f"S3BlobStore(bucket={self._bucket!r}, endpoint={self._endpoint!r})"

    def check(self) -> None:
        """Check the bucket exists and our credentials may use it.

        Raises:
            ConfigurationError: Naming ``storage.s3.bucket`` (missing bucket),
                ``storage.s3.access_key_id`` (refused) or ``storage.s3.endpoint_url``.
        """
        where = f"bucket {self._bucket!r} at {self._endpoint}"
        try:
            self._client.head_bucket(Bucket=self._bucket)
        except ClientError as exc:
            code = _code(exc)
            if code in {"404", "NoSuchBucket", "NotFound"}:
                raise ConfigurationError(
                    "storage.s3.bucket", f"the {where} does not exist; create it first"
                ) from None
            if code in {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
                raise ConfigurationError(
                    "storage.s3.access_key_id", f"the {where} refused these credentials"
                ) from None
            raise ConfigurationError("storage.s3", f"the {where} answered {code}") from None
        except BotoCoreError as exc:
            raise ConfigurationError(
                "storage.s3.endpoint_url", f"cannot reach the {where}: {exc}"
            ) from None

    def put_new(self, key: str, data: bytes, sha256: str) -> bool:
        """Upload ``data`` unless ``key`` exists (False then).

        Raises:
            StorageError: The upload failed (the server refused it or is unreachable).
        """
        try:
            self._client.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=data,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=_b64(sha256),
                IfNoneMatch="*",
                Metadata={"sha256": sha256},
            )
        except ClientError as exc:
            if _code(exc) in _TAKEN:
                return False
            raise self._failed("store", key, exc) from None
        except BotoCoreError as exc:
            raise self._failed("store", key, exc) from None
        return True

    def get(self, key: str, sha256: str | None = None) -> bytes:
        """Download and verify one object.

        Raises:
            BlobMissingError: No such key.
            BlobChecksumError: The body matches neither ``sha256`` nor the server's checksum.
            StorageError: The server could not be reached or refused the read.
        """
        try:
            response = self._client.get_object(Bucket=self._bucket, Key=key, ChecksumMode="ENABLED")
            data: bytes = response["Body"].read()
        except FlexibleChecksumError:
            raise BlobChecksumError(
                f"The stored object '{key}' arrived with a body that does not match the "
                "server's checksum."
            ) from None
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise BlobMissingError(
                    f"The stored object '{key}' does not exist in bucket {self._bucket!r}."
                ) from None
            raise self._failed("read", key, exc) from None
        except BotoCoreError as exc:
            raise self._failed("read", key, exc) from None
        expected = sha256 or response.get("Metadata", {}).get("sha256")
        verify(key, data, expected)
        server = response.get("ChecksumSHA256")
        # A multipart checksum ("...-N") is a checksum of checksums: not comparable.
        actual = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
        if server and "-" not in server and server != actual:
            raise BlobChecksumError(
                f"The stored object '{key}' does not match the server's SHA-256."
            )
        return data

    def exists(self, key: str) -> bool:
        """Return True when the key exists (a HEAD request)."""
        try:
            self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise self._failed("check", key, exc) from None
        except BotoCoreError as exc:
            raise self._failed("check", key, exc) from None
        return True

    def delete(self, key: str) -> None:
        """Remove one object (S3 answers success for a missing key too)."""
        try:
            self._client.delete_object(Bucket=self._bucket, Key=key)
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("delete", key, exc) from None

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object below ``prefix``, 1000 per request.

        Raises:
            StorageError: A request failed or the server refused some keys.
        """
        keys = [info.key for info in self.list(prefix)]
        for start in range(0, len(keys), _DELETE_BATCH):
            batch = [{"Key": k} for k in keys[start : start + _DELETE_BATCH]]
            try:
                answer = self._client.delete_objects(
                    Bucket=self._bucket, Delete={"Objects": batch, "Quiet": True}
                )
            except (ClientError, BotoCoreError) as exc:
                raise self._failed("delete", prefix, exc) from None
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise StorageError(
                    f"Could not delete {len(answer['Errors'])} object(s) below '{prefix}' "
                    f"(first: '{first.get('Key')}': {first.get('Code')})."
                )
        return len(keys)

    def list(self, prefix: str) -> list[BlobInfo]:
        """Return every object below ``prefix`` (paginated)."""
        found: list[BlobInfo] = []
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self._bucket, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents", []):
                    found.append(BlobInfo(item["Key"], int(item["Size"]), item["LastModified"]))
        except (ClientError, BotoCoreError) as exc:
            raise self._failed("list", prefix, exc) from None
        return found

    def _failed(self, action: str, key: str, exc: Exception) -> StorageError:
        detail = _code(exc) if isinstance(exc, ClientError) else type(exc).__name__
        _log.warning(
            "S3 request failed",
            extra={"operation": f"storage.s3.{action}", "key": key, "error": detail},
        )
        return StorageError(
            f"Could not {action} '{key}' in bucket {self._bucket!r} at {self._endpoint}: " f"{exc}"
        )

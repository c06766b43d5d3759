"""Settings of media storage: the local file tree and, optionally, a shared S3 bucket.

``backend: local`` (the default) keeps every session's media below ``root`` on this
machine. ``backend: s3`` keeps ``root`` as the working area and local cache and
stores every finished file in an S3-compatible bucket, so any process or machine
of the deployment can read any session's media. The S3 endpoint is operator
configuration (like the database URL), never browser input, so the outbound
allow-list of LLM URLs does not apply to it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

StorageBackend = Literal["local", "s3"]

# S3's bucket naming rules (3-63 characters, lowercase letters, digits, dots, hyphens).
_BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_PREFIX_RE = re.compile(r"([A-Za-z0-9._-]+/)*")


class S3Settings(BaseModel):
    """Where the shared bucket is and how to sign in to it.

    Attributes:
        bucket: The deployment's bucket (it must exist; start-up checks it).
        endpoint_url: An S3-compatible server (MinIO, Ceph...); empty means AWS.
        region: The bucket's region.
        access_key_id: Access key id; empty uses boto3's usual chain (AWS_* variables,
            instance role...).
        secret_access_key: The secret key (never logged, never shown in a repr).
        prefix: Folder-like prefix of every key, e.g. ``interview/`` (may be empty).
        connect_timeout_s: Longest wait for a connection to the endpoint.
        read_timeout_s: Longest wait for a response.
        max_attempts: Tries per request (throttling and 5xx answers are retried).
    """

    model_config = ConfigDict(extra="forbid")

    bucket: str = ""
    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None
    prefix: str = ""
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    read_timeout_s: float = Field(default=60.0, gt=0, le=600)
    max_attempts: int = Field(default=3, ge=1, le=10)

    @field_validator("bucket")
    @classmethod
    def _bucket_name(cls, bucket: str) -> str:
        if bucket and (_BUCKET_RE.fullmatch(bucket) is None or ".." in bucket):
            raise ValueError(
                f"{bucket!r} is not a valid S3 bucket name (3-63 lowercase letters, "
                "digits, dots and hyphens)"
            )
        return bucket

    @field_validator("endpoint_url")
    @classmethod
    def _endpoint(cls, url: str | None) -> str | None:
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"{url!r} must start with http:// or https://")
        return url.rstrip("/")

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, prefix: str) -> str:
        # One trailing slash, no leading one: keys read "<prefix>sessions/<id>/...".
        normalised = prefix.strip("/") + "/" if prefix.strip("/") else ""
        if _PREFIX_RE.fullmatch(normalised) is None or ".." in normalised:
            raise ValueError(
                f"{prefix!r} is not a valid key prefix (letters, digits, '.', '_', '-' "
                "and '/' between parts)"
            )
        return normalised


class StorageSettings(BaseModel):
    """Media files: one folder per session id below ``root``, optionally shared on S3.

    Attributes:
        root: Local folder (with ``s3``: the working area and read cache).
        retention_days: Session files untouched this long are removed; 0 keeps them.
        backend: ``local`` (default) or ``s3``.
        s3: The bucket settings, used when ``backend`` is ``s3``.
    """

    model_config = ConfigDict(extra="forbid")

    root: Path = Path("data/sessions")
    retention_days: int = Field(default=365, ge=0)  # 0: keep session files forever
    backend: StorageBackend = "local"
    s3: S3Settings = S3Settings()

    @model_validator(mode="after")
    def _bucket_when_s3(self) -> Self:
        if self.backend == "s3" and not self.s3.bucket:
            raise ValueError("storage.s3.bucket is required when storage.backend is 's3'")
        return self

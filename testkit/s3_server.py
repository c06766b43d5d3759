"""A real S3 wire-protocol server on 127.0.0.1 for the storage tests (moto in server mode).

The server speaks HTTP like AWS S3 or MinIO; the code under test reaches it through
boto3 exactly as it would a real bucket (signing, checksums, conditional writes).
Each test takes a fresh bucket so tests never see each other's objects.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from interview_platform.config_storage import S3Settings, StorageSettings

ACCESS_KEY_ID = "test-access-key-id"
# Distinctive so a test can look for it in logs and reprs.
SECRET_ACCESS_KEY = "s3-secret-9f2c1e7a-never-log-me"  # noqa: S105 (a test value)
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    """A running server and how to reach it."""

    endpoint_url: str

    def client(self) -> Any:
        """A plain boto3 client (the test's own hands: create buckets, tamper with objects)."""
        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def new_bucket(self) -> str:
        """Create and return a bucket with a unique name."""
        name = f"media-{uuid.uuid4().hex[:20]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every key in ``bucket`` below ``prefix``."""
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def s3_settings(self, bucket: str, **extra: Any) -> S3Settings:
        """Settings for ``bucket`` on this server."""
        values: dict[str, Any] = {
            "bucket": bucket,
            "endpoint_url": self.endpoint_url,
            "region": REGION,
            "access_key_id": ACCESS_KEY_ID,
            "secret_access_key": SECRET_ACCESS_KEY,
            "max_attempts": 1,
            **extra,
        }
        return S3Settings.model_validate(values)

    def storage_settings(self, root: Any, bucket: str, **extra: Any) -> StorageSettings:
        """``storage`` settings with ``backend: s3`` for ``bucket`` and ``root`` as cache."""
        return StorageSettings(root=root, backend="s3", s3=self.s3_settings(bucket, **extra))


@contextmanager
def running_s3_server() -> Iterator[S3Server]:
    """Start moto's S3 server on a free loopback port; stop it on exit."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield S3Server(f"http://{host}:{port}")
    finally:
        server.stop()

"""Media saves and reads: local disk vs. a shared S3 bucket (moto's S3 server on 127.0.0.1).

Prints, per file size, the median and p95 time of a save (write + upload) and of a cold
read on another "machine" (download, SHA-256 check, cache write), then a warm read (the
local copy). The database is replaced by an in-memory list so only storage is measured.
Run: .venv/bin/python bench/s3_storage_bench.py [--rounds 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # testkit/

from testkit.s3_server import running_s3_server

from interview_platform.models import MediaFile, MediaKind, new_id
from interview_platform.storage.backends import build_file_storage
from interview_platform.storage.file_storage import FileStorage

SIZES = [("64 KB PNG", 64 * 1024), ("1 MB WAV", 1024 * 1024), ("12 MB MP4", 12 * 1024 * 1024)]


class Rows:
    """media_files rows in a list (the repository's add method is all a save needs)."""

    def __init__(self) -> None:
        self.rows: list[MediaFile] = []

    def add_media_file(self, media: MediaFile) -> MediaFile:
        self.rows.append(media)
        return media


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def _run(
    writer: FileStorage, reader: FileStorage, size: int, rounds: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"save": [], "cold read": [], "warm read": []}
    for _ in range(rounds):
        data, sid = os.urandom(size), new_id()
        start = time.perf_counter()
        media = writer.save(sid, MediaKind.VIDEO, data, "f.bin")
        saved = time.perf_counter()
        got = reader.read(media)
        cold = time.perf_counter()
        reader.read(media)
        warm = time.perf_counter()
        assert got == data
        times["save"].append(saved - start)
        times["cold read"].append(cold - saved)
        times["warm read"].append(warm - cold)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp, running_s3_server() as s3:
        root = Path(tmp)
        bucket = s3.new_bucket()
        local = FileStorage(root / "local", Rows())  # type: ignore[arg-type]
        a = build_file_storage(s3.storage_settings(root / "a", bucket), Rows())  # type: ignore[arg-type]
        b = build_file_storage(s3.storage_settings(root / "b", bucket), Rows())  # type: ignore[arg-type]
        print(f"{rounds} rounds per size; S3 = moto server on 127.0.0.1 (boto3 client)")
        for label, size in SIZES:
            for backend, (writer, reader) in (("local", (local, local)), ("s3", (a, b))):
                for step, samples in _run(writer, reader, size, rounds).items():
                    if backend == "local" and step == "cold read":
                        continue  # one disk: every read is warm
                    print(f"{label:10s} {backend:5s} {step:9s} {_ms(samples)}")


if __name__ == "__main__":
    main()

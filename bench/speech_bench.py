"""What the OpenAI voice adds before a reply can play: the app's own overhead per reading.

Runs :class:`~interview_platform.llm.speech.SpeechSynthesizer` through the real SDK
against the local OpenAI stub (which answers at once with a 0.6 s WAV) on a scratch
database, so the figures are the app's part only: the budget read, the outbound check,
the SDK request over loopback and the usage row. OpenAI's own synthesis time comes on
top. Prints p50 / p95 / max in milliseconds.

Usage::

    .venv/bin/python bench/speech_bench.py [--runs 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.stubs.interview_setup import STUB_KEY, build_rig
from testkit.stubs.openai_stub import OpenAIStub

from _scratch_db import scratch_database
from interview_platform.database.postgres_store import PostgresDataStore
from interview_platform.llm.credentials import ProviderCredentials
from interview_platform.llm.gateway import ModelGateway
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.speech import SpeechSynthesizer

REPLY = (
    "Good. You mentioned sharding by user id. What happens to a celebrity account with "
    "millions of followers, and how would you keep its hot partition from overloading one node?"
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    """Time ``--runs`` readings after two warm-up calls and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    runs = parser.parse_args().runs
    with scratch_database() as url, OpenAIStub(api_key=STUB_KEY) as stub:
        store = PostgresDataStore(url, pool_min=1, pool_max=5)
        store.apply_schema()
        rig = build_rig(store, budget_usd="100", prices={"tts-1": ("15.00", "0")})
        gateway = ModelGateway(rig.factory, rig.tracker, rig.settings.budget)
        speech = SpeechSynthesizer(gateway, rig.tracker, OutboundPolicy(rig.settings.outbound, []))
        creds = ProviderCredentials("openai", "gpt-4o", SecretStr(STUB_KEY), stub.base_url)
        session = rig.new_session(provider="openai", model="gpt-4o")
        for _ in range(2):
            speech.synthesize(session.id, creds, REPLY, "alloy")
        timings: list[float] = []
        for _ in range(runs):
            started = time.perf_counter()
            speech.synthesize(session.id, creds, REPLY, "alloy")
            timings.append((time.perf_counter() - started) * 1000)
        store.close()
    print(f"speech reading overhead over {runs} runs ({len(REPLY)} characters, local stub):")
    print(
        f"  p50 {statistics.median(timings):.1f} ms  p95 {_percentile(timings, 0.95):.1f} ms"
        f"  max {max(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()

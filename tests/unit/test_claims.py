"""Claims: what counts as reasoning, what is stuffing, negation, numbers and arithmetic.

The cases are the ones a demanding user and an attacker bring: buzzword lists, "because
it is scalable", a reason that repeats its subject, a negated wrong claim, spelled-out
numbers from speech, wrong arithmetic stated confidently, and hostile input sizes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_platform.analysis.claim_credit import Support, support_for
from interview_platform.analysis.claim_flags import flag_hits
from interview_platform.analysis.claim_numbers import quantities, stated_arithmetic
from interview_platform.analysis.claims import read_claim, split_claims
from interview_platform.problems.knowledge import KnowledgeBase

GENERAL = KnowledgeBase.load_default().general
FLAGS = {f.id: f for f in GENERAL.red_flags}


@pytest.mark.parametrize(
    "text",
    [
        "We cache the hot links in Redis because reads outnumber writes 100 to 1.",
        "I'd pick Cassandra rather than Postgres since writes dominate and we never join.",
        "Postgres, for ACID and unique constraints.",
        "A timeout is unknown, not failed: retry with the same provider key or query it.",
        "Counter ranges over hashing, at the cost of a small coordination service.",
        "POST /v1/payments takes an Idempotency-Key header and the amount in minor units.",
        "If the cache node goes down, the service falls back to the replicated database.",
        "10 million links a day is about 115 writes per second.",
    ],
)
def test_reasoned_claims(text: str) -> None:
    assert read_claim(text).reasoned, text


@pytest.mark.parametrize(
    "text",
    [
        "We use Kafka because it is scalable and fast.",
        "Microservices over a monolith because microservices are scalable.",
        "Netflix does it this way, so we follow the same proven patterns.",
        "In terms of scale we're talking web scale, so we have to think big from day one.",
        "I worked at a bank for two years, so I know the customer side really well.",
        "So the system takes a long URL and gives back a short one.",
        "Everything will be O(1), which is very fast.",
        "Kafka, Redis, Cassandra, consistent hashing, sharding, CDN, Kubernetes and gRPC.",
    ],
)
def test_claims_that_sound_reasoned_but_are_not(text: str) -> None:
    assert not read_claim(text).reasoned, text


def test_a_dense_list_of_buzzwords_is_stuffed_but_a_metric_list_is_not() -> None:
    stuffed = "We'll use Kafka, Redis, Cassandra, Elasticsearch, a CDN, sharding and Kubernetes."
    assert read_claim(stuffed).stuffed
    assert not read_claim("Monitor p99 redirect latency, cache hit ratio and 5xx rate.").stuffed


def test_a_stuffed_claim_earns_no_credit_and_a_bare_mention_little() -> None:
    stuffed = read_claim("Redis, Memcached, CDN, cache, LRU, TTL, write-through, sharding.")
    bare = read_claim("We will have a cache.")
    reasoned = read_claim("A Redis cache with LRU eviction absorbs the hot reads.")
    terms = ("cache", "redis", "lru")
    assert support_for(stuffed, terms, []) == Support.NONE
    assert support_for(bare, terms, []) == Support.MENTION
    assert support_for(read_claim("It's fine."), terms, []) == Support.NONE
    assert support_for(reasoned, terms, []) in (Support.MENTION, Support.REASONED)


def test_claims_are_exact_substrings_and_keep_decimals() -> None:
    text = "Base62 gives about 3.5 trillion codes, e.g. enough. Next point!\nAnother line"
    claims = split_claims(text)
    assert claims[0].startswith("Base62 gives about 3.5 trillion")
    assert all(c in text for c in claims)


def test_long_unpunctuated_speech_is_cut_into_claims() -> None:
    speech = " ".join(["um so we store the mapping in a database and"] * 12)
    claims = split_claims(speech)
    assert len(claims) > 1 and all(c in speech for c in claims)


@pytest.mark.parametrize(
    ("flag", "wrong", "right"),
    [
        (
            "cache_as_source_of_truth",
            "We keep everything in Redis, we don't need a database.",
            "The cache is never the source of truth; Postgres is.",
        ),
        (
            "cap_misread",
            "By the CAP theorem we pick consistency and availability, a CA system.",
            "Under CAP, during a partition we can't have both consistency and availability.",
        ),
        (
            "retries_give_exactly_once",
            "The client just retries, so each payment is processed exactly once.",
            "The client retries with an idempotency key, so it is processed exactly once.",
        ),
        (
            "more_shards_fix_hot_key",
            "If a key gets hot we just add more shards.",
            "More shards won't help a hot key, so we cache and replicate it.",
        ),
    ],
)
def test_red_flags_fire_on_the_wrong_claim_not_on_the_right_one(
    flag: str, wrong: str, right: str
) -> None:
    red = FLAGS[flag]
    assert any(red in flag_hits(read_claim(c), [red]) for c in split_claims(wrong))
    assert not any(red in flag_hits(read_claim(c), [red]) for c in split_claims(right))


def test_negation_ends_at_the_clause() -> None:
    red = FLAGS["more_shards_fix_hot_key"]
    assert flag_hits(
        read_claim("We don't split keys, if a key gets hot we add more shards."), [red]
    )
    assert not flag_hits(read_claim("If a key gets hot we would not just add more shards."), [red])


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100M URLs a day", 100e6, "per_day"),
        ("about 1,200 writes per second", 1200, "per_second"),
        ("twelve hundred writes a second", 1200, "per_second"),
        ("eleven thousand five hundred redirects per second", 11500, "per_second"),
        ("a hundred and fifteen writes per second", 115, "per_second"),
        ("9 TB over five years", 9e12, "bytes"),
        ("10k/s at peak", 1e4, "per_second"),
        ("p99 under 200ms", 0.2, "duration"),
        ("3.5 trillion codes", 3.5e12, "count"),
        ("50 percent", 50, "percent"),
    ],
)
def test_quantities_from_digits_and_speech(text: str, value: float, unit: str) -> None:
    found = [q for q in quantities(text) if q.unit == unit]
    assert found and found[0].value == pytest.approx(value), quantities(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("10 million times 365 times 5 is about 18 billion links.", False),
        ("600 million posts times 200 followers is 120 million entries.", True),
        ("3 billion reads a day divided by 86,400 seconds is roughly 3,500 per second.", True),
        ("10 million a day times 500 bytes is 5 GB a day.", False),
    ],
)
def test_stated_arithmetic_is_checked(text: str, wrong: bool) -> None:
    pairs = stated_arithmetic(text)
    assert pairs
    off = any(max(a, b.value) / min(a, b.value) >= 3 for a, b in pairs)
    assert off is wrong


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_reads_without_error(text: str) -> None:
    for claim in split_claims(text):
        info = read_claim(claim)
        assert claim in text
        assert all(q.value >= 0 for q in info.quantities)
        flag_hits(info, GENERAL.red_flags)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 1_000_000,
        "cache " * 200_000,
        "1 " * 300_000,
        ("word " * 40 + ": ") * 20_000,
        "because " * 150_000,
    ],
    ids=["one-token", "repeated-term", "numbers", "colons", "markers"],
)
def test_a_megabyte_of_hostile_text_is_read_in_linear_time(hostile: str) -> None:
    # A quadratic pattern would take hours on these inputs; the timeout fails it.
    for claim in split_claims(hostile)[:50]:
        read_claim(claim[:20_000])
    quantities(hostile)
    stated_arithmetic(hostile[:200_000])

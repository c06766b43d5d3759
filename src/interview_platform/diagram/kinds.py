"""Keyword table mapping whiteboard labels and spoken words to component kinds.

The same table serves two readers: the diagram graph (a box labelled "Redis"
is a cache) and the gap finder (a candidate who *said* "we'll put Redis in
front" mentioned a cache). Words that are too common in speech ("user",
"search", "app") only count on diagram labels.
"""

from __future__ import annotations

from interview_platform.analysis.answers import TextIndex

__all__ = ["KIND_NAMES", "kind_of_label", "kinds_mentioned"]

# (kind, keywords that count anywhere, keywords that count only on a diagram label).
# Order matters: the first kind with a match wins ("user db" is a database).
_TABLE: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "rate_limiter",
        ("rate limiter", "rate limiting", "rate limit", "throttler", "throttling"),
        (),
    ),
    (
        "load_balancer",
        ("load balancer", "load balancing", "nginx", "elb", "alb", "haproxy", "envoy"),
        ("lb", "balancer"),
    ),
    ("api_gateway", ("api gateway", "gateway", "kong", "apigee"), ()),
    ("cdn", ("cdn", "cloudfront", "akamai", "fastly", "edge cache"), ()),
    ("dns", ("dns", "route53", "route 53"), ()),
    ("cache", ("cache", "redis", "memcached", "memcache", "varnish"), ()),
    (
        "stream_processor",
        ("stream processor", "flink", "spark streaming", "spark", "storm", "samza"),
        ("stream processing",),
    ),
    (
        "queue",
        (
            "queue",
            "kafka",
            "sqs",
            "rabbitmq",
            "kinesis",
            "pubsub",
            "pub sub",
            "sns",
            "nats",
            "message broker",
            "event bus",
        ),
        ("broker", "topic", "stream"),
    ),
    (
        "object_storage",
        ("s3", "blob storage", "blob store", "object storage", "object store", "gcs"),
        ("blob",),
    ),
    (
        "search_index",
        ("elasticsearch", "opensearch", "solr", "lucene", "search index", "inverted index"),
        ("search",),
    ),
    ("service", (), ("router", "proxy", "coordinator", "orchestrator")),
    (
        "database",
        (
            "database",
            "postgres",
            "postgresql",
            "mysql",
            "cassandra",
            "dynamo",
            "dynamodb",
            "mongodb",
            "mongo",
            "sql",
            "nosql",
            "rds",
            "aurora",
            "spanner",
            "cockroachdb",
            "hbase",
            "bigtable",
            "key value store",
            "kv store",
            "replica",
            "shard",
            "db",
        ),
        ("store", "storage", "table", "primary", "leader", "follower", "partition"),
    ),
    ("worker", ("worker", "consumer", "background job", "cron", "batch job"), ("job", "jobs")),
    (
        "notification",
        ("notification", "push notification", "apns", "fcm", "sms", "email service"),
        ("push", "email"),
    ),
    (
        "monitoring",
        ("monitoring", "prometheus", "grafana", "datadog", "metrics", "alerting"),
        ("logs", "logging"),
    ),
    (
        "auth",
        ("auth", "oauth", "authentication", "identity provider", "sso"),
        ("login", "identity"),
    ),
    (
        "ml_model",
        ("ml model", "machine learning model", "recommender", "ranking model", "inference"),
        ("model", "ml"),
    ),
    (
        "client",
        ("client", "browser", "mobile app", "web app", "ios", "android", "frontend"),
        ("mobile", "web", "user", "users", "customer", "rider"),
    ),
    (
        "external",
        ("third party", "third-party", "stripe", "payment provider"),
        ("partner", "external"),
    ),
    (
        "service",
        ("microservice",),
        ("service", "svc", "server", "api", "app", "backend", "web server"),
    ),
)

KIND_NAMES: dict[str, str] = {
    "client": "client",
    "dns": "DNS",
    "cdn": "CDN",
    "load_balancer": "load balancer",
    "api_gateway": "API gateway",
    "service": "service",
    "worker": "worker",
    "cache": "cache",
    "database": "database",
    "queue": "queue",
    "stream_processor": "stream processor",
    "object_storage": "object storage",
    "search_index": "search index",
    "rate_limiter": "rate limiter",
    "notification": "notification service",
    "monitoring": "monitoring",
    "auth": "auth service",
    "ml_model": "ML model",
    "external": "external service",
    "unknown": "unlabelled box",
}


def kind_of_label(label: str) -> str:
    """Recognise the component kind a diagram label names.

    Args:
        label: The text on or next to a shape ("Redis", "LB", "User DB").

    Returns:
        A component kind; ``service`` for any other label, ``unknown`` when empty.
    """
    if not label.strip():
        return "unknown"
    index = TextIndex(label)
    for kind, strong, weak in _TABLE:
        if index.matches(strong + weak):
            return kind
    return "service"


def kinds_mentioned(text: str | TextIndex) -> set[str]:
    """Return the component kinds a conversation text names explicitly.

    Only unambiguous words count (e.g. "redis", "load balancer", "kafka"); plain
    words like "user" or "search" do not.

    Args:
        text: What the candidate said.
    """
    index = text if isinstance(text, TextIndex) else TextIndex(text)
    return {kind for kind, strong, _weak in _TABLE if index.matches(strong)}

"""Technologies recognised in resumes, each with a canonical name and its spellings.

Short or ordinary words that name a technology only when capitalised ("Go",
"Swift", "Rust", "Spring") are matched case-sensitively; everything else
ignores case. Single letters and first names ("C", "R", "Ray") count only as
items of a list ("Python, C, Rust"), never inside a sentence or a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from interview_platform.resume.phrase_regex import alternation, lowered_if_same_length


@dataclass(frozen=True)
class Skill:
    """A technology: its canonical name, aliases, and whether case matters."""

    name: str
    aliases: tuple[str, ...]
    case_sensitive: bool = False
    list_only: bool = False


def _s(name: str, *aliases: str, case: bool = False, list_only: bool = False) -> Skill:
    return Skill(name, (name, *aliases), case, list_only)


# fmt: off
SKILLS: Sequence[Skill] = (
    # languages
    _s("Python"), _s("Java"), _s("Go", case=True), Skill("Go", ("golang",)),
    _s("JavaScript", "JS", "ES6"),
    _s("TypeScript"), _s("C++", "cpp"), _s("C#", "csharp"), _s("C", case=True, list_only=True),
    _s("Rust", case=True), _s("Kotlin"), _s("Scala"), _s("Ruby"), _s("PHP"),
    _s("Swift", case=True), _s("Objective-C"), _s("Elixir"), _s("Erlang"), _s("Haskell"),
    _s("Clojure"), _s("R", case=True, list_only=True), _s("SQL"),
    _s("Bash", "shell scripting"), _s("Lua"), _s("Dart"), _s("Perl"),
    # databases and stores
    _s("PostgreSQL", "Postgres", "psql"), _s("MySQL"), _s("MariaDB"), _s("SQLite"),
    _s("Oracle Database", "Oracle DB"), _s("SQL Server", "MSSQL"), _s("MongoDB", "Mongo"),
    _s("Cassandra"), _s("DynamoDB"), _s("Redis"), _s("Memcached"),
    _s("Elasticsearch", "Elastic Search", "ELK"), _s("OpenSearch"), _s("Neo4j"),
    _s("CockroachDB"), _s("Spanner"), _s("Bigtable"), _s("HBase"), _s("ClickHouse"),
    _s("Snowflake"), _s("BigQuery"), _s("Redshift"), _s("ScyllaDB"), _s("Couchbase"),
    _s("etcd"), _s("ZooKeeper"), _s("InfluxDB"), _s("TimescaleDB"), _s("Vitess"),
    # queues and data processing
    _s("Kafka", "Apache Kafka"), _s("RabbitMQ"), _s("Amazon SQS", "SQS"), _s("Amazon SNS", "SNS"),
    _s("Kinesis"), _s("Pulsar"), _s("NATS", case=True), _s("ActiveMQ"),
    _s("Google Pub/Sub", "Pub/Sub", "PubSub"), _s("Celery"), _s("Flink", "Apache Flink"),
    _s("Spark", "Apache Spark", "PySpark"), _s("Hadoop"), _s("Airflow", "Apache Airflow"),
    _s("Apache Beam"), _s("dbt", case=True),
    # cloud and operations
    _s("AWS", "Amazon Web Services"), _s("GCP", "Google Cloud", "Google Cloud Platform"),
    _s("Azure"), _s("Kubernetes", "k8s", "EKS", "GKE", "AKS"), _s("Docker"), _s("Terraform"),
    _s("Ansible"), _s("Helm"), _s("Linux"), _s("Nginx"), _s("Envoy"), _s("Istio"),
    _s("AWS Lambda", "Lambda", case=True), _s("Amazon S3", "S3"), _s("Amazon EC2", "EC2"),
    _s("CloudFront"), _s("Cloudflare"), _s("Jenkins"), _s("GitHub Actions"), _s("GitLab CI"),
    _s("CircleCI"), _s("Prometheus"), _s("Grafana"), _s("Datadog"), _s("OpenTelemetry"),
    _s("Jaeger"), _s("Splunk"), _s("Consul"), _s("Vault", case=True),
    # frameworks and protocols
    _s("Django"), _s("Flask"), _s("FastAPI"), _s("Spring", "Spring Boot", case=True),
    _s("Ruby on Rails", "Rails", case=True), _s("Node.js", "NodeJS"),
    _s("Express.js", "ExpressJS"), _s("React", "React.js", "ReactJS"),
    _s("Angular"), _s("Vue.js", "Vue", "VueJS"), _s("Next.js", "NextJS"), _s(".NET", "dotnet"),
    _s("gRPC"), _s("GraphQL"), _s("REST", "RESTful", case=True), _s("Thrift"),
    _s("Protocol Buffers", "protobuf"), _s("WebSockets", "WebSocket"),
    _s("PyTorch"), _s("TensorFlow"), _s("scikit-learn", "sklearn"), _s("pandas"), _s("NumPy"),
    _s("Ray", case=True, list_only=True), _s("Kubeflow"), _s("MLflow"),
)
# fmt: on

_BEFORE = r"(?<![\w+#./-])"
_AFTER = r"(?![\w+#]|\.\w|/\w)"
_LIST_BEFORE = r"(?:^|(?<=[,:;/|(•])|(?<=[,:;/|(•] ))"
_LIST_AFTER = r"(?= ?(?:[,;/|)]|$| and ))"


@dataclass(frozen=True)
class _Group:
    """One combined pattern for skills sharing case and context rules (one pass per text)."""

    pattern: re.Pattern[str]
    names: dict[str, str]
    case_sensitive: bool
    lowered: re.Pattern[str]  # without IGNORECASE, for lowered text (several times faster)

    def name_of(self, alias: str) -> str:
        return self.names[alias if self.case_sensitive else alias.lower()]

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        if self.case_sensitive or lowered is None:
            return self.pattern.finditer(text)
        return self.lowered.finditer(lowered)


def _group(case_sensitive: bool, list_only: bool) -> _Group:
    members = [s for s in SKILLS if (s.case_sensitive, s.list_only) == (case_sensitive, list_only)]
    names = {
        (alias if case_sensitive else alias.lower()): s.name for s in members for alias in s.aliases
    }
    before, after = (_LIST_BEFORE, _LIST_AFTER) if list_only else (_BEFORE, _AFTER)
    # Names are lowercase when case is ignored: the same source serves lowered text.
    source = f"{before}(?:{alternation(names)}){after}"
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
    pattern = re.compile(source, flags)
    return _Group(pattern, names, case_sensitive, re.compile(source, re.MULTILINE))


_GROUPS = tuple(_group(case, only) for case in (False, True) for only in (False, True))
_BY_ALIAS: dict[str, str] = {alias.lower(): s.name for s in SKILLS for alias in s.aliases}


def find_skills(text: str) -> list[str]:
    """Return the canonical names of technologies in ``text``, in order of first mention."""
    first: dict[str, int] = {}
    lowered = lowered_if_same_length(text)
    for group in _GROUPS:
        if not group.names:
            continue
        for match in group.finditer(text, lowered):
            name = group.name_of(match.group(0))
            first.setdefault(name, match.start())
            first[name] = min(first[name], match.start())
    return sorted(first, key=first.__getitem__)


def canonical_skill(name: str) -> str:
    """Return the canonical spelling of a technology name, or the name itself trimmed."""
    cleaned = " ".join(name.split())
    return _BY_ALIAS.get(cleaned.lower(), cleaned)

"""The outbound policy: which base URLs a user may make the server call (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from interview_platform.config import load_settings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.exceptions import ConfigurationError, OutboundRefusedError
from interview_platform.llm.outbound import OutboundPolicy, address_category

REFUSED = [
    "http://127.0.0.1:11434/v1",
    "http://127.8.9.10/",
    "http://[::1]:8000/v1",
    "http://10.0.0.5/v1",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.20:1234/v1",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://0.0.0.0:8080/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",  # the metadata address, IPv4-mapped
    "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    "http://[64:ff9b::a00:5]/",  # NAT64 wrapping 10.0.0.5
    "http://[fd00::5]/",
    "http://100.64.0.1/",
    "http://224.0.0.251/",
    "http://2130706433/",  # 127.0.0.1 in decimal
    "http://0x7f.1/",  # 127.0.0.1 in hex, short form
    "http://127.1/",
    "https://localhost:8443/v1",
    "http://LOCALHOST./v1",
]
LOOPBACK = ["127.0.0.1", "::1"]


class Resolver:
    """A resolver that answers from a table and counts its lookups."""

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self.table = table or {}
        self.lookups: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise OSError(f"no such host {host}")
        return self.table[host]


def policy(resolver: Resolver | None = None, **settings: object) -> OutboundPolicy:
    return OutboundPolicy(OutboundSettings.model_validate(settings), resolver=resolver)


@pytest.mark.parametrize("url", REFUSED)
def test_loopback_private_and_link_local_urls_are_refused_by_default(url: str) -> None:
    with pytest.raises(OutboundRefusedError) as raised:
        policy().check(url)  # the system resolver: numeric forms and localhost need no DNS
    assert raised.value.kind == "refused"
    assert "outbound.allowed_hosts" in str(raised.value)


def test_the_message_names_the_host_and_the_address_it_resolved_to() -> None:
    with pytest.raises(OutboundRefusedError) as raised:
        policy(Resolver({"db.internal": ["10.0.0.5"]})).check("http://db.internal:5432/v1")
    assert str(raised.value) == (
        "This server may not call db.internal (10.0.0.5): private and loopback addresses are "
        "refused. An operator can allow it with outbound.allowed_hosts in config.yaml."
    )


def test_an_ipv6_address_is_named_as_in_a_url() -> None:
    with pytest.raises(OutboundRefusedError, match=r"may not call \[::1\]: private"):
        policy().check("http://[::1]:8000/v1")


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    resolver = Resolver({"mixed.example": ["93.184.216.34", "127.0.0.1"]})
    with pytest.raises(OutboundRefusedError):
        policy(resolver).check("https://mixed.example/v1")


def test_a_public_literal_passes_without_any_lookup() -> None:
    resolver = Resolver()
    policy(resolver).check("https://93.184.216.34/v1")
    policy(resolver).check("http://[2606:4700:4700::1111]/v1")
    assert resolver.lookups == []


def test_a_public_host_name_passes_after_its_lookup() -> None:
    resolver = Resolver({"api.example.com": ["93.184.216.34", "2606:2800:220:1::1"]})
    policy(resolver).check("https://api.example.com/v1")
    assert resolver.lookups == ["api.example.com"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://93.184.216.34/", "must start with http:// or https://"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("http://user:pw@93.184.216.34/v1", "user name or password"),
        ("http:///v1", "needs a host"),
        ("http://0177.0.0.1/", "not a valid base URL"),  # octal: the HTTP client refuses it too
        ("http://nowhere.invalid/v1", "could not resolve nowhere.invalid"),
    ],
)
def test_urls_that_cannot_be_checked_are_refused(url: str, message: str) -> None:
    with pytest.raises(OutboundRefusedError, match=message):
        policy(Resolver()).check(url)


def test_an_allowed_host_name_passes_whatever_it_resolves_to() -> None:
    resolver = Resolver({"ollama.lan": ["10.0.0.5"]})
    policy(resolver, allowed_hosts=["Ollama.LAN"]).check("http://ollama.lan:11434/v1")
    assert resolver.lookups == []


def test_allowed_addresses_and_ranges_pass_and_others_stay_refused() -> None:
    resolver = Resolver({"gpu-box": ["10.1.2.3"], "other": ["10.9.0.1"], "localhost": LOOPBACK})
    allowed = policy(resolver, allowed_hosts=["127.0.0.1", "10.1.0.0/16", "::1"])
    allowed.check("http://127.0.0.1:9/v1")
    allowed.check("http://localhost:9/v1")  # resolves to an allowed address
    allowed.check("http://gpu-box:8000/v1")
    allowed.check("http://[::1]:8000/v1")
    for url in ("http://10.9.0.1/v1", "http://other/v1", "http://127.0.0.2/", "http://[fd00::1]/"):
        with pytest.raises(OutboundRefusedError):
            allowed.check(url)


def test_private_networks_may_be_allowed_but_not_link_local_ones() -> None:
    open_lan = policy(allow_private_networks=True)
    open_lan.check("http://10.0.0.5/v1")
    open_lan.check("http://127.0.0.1:11434/v1")
    with pytest.raises(OutboundRefusedError):
        open_lan.check("http://169.254.169.254/latest/meta-data/")


def test_configured_base_urls_are_trusted_and_none_means_the_public_default() -> None:
    trusting = OutboundPolicy(OutboundSettings(), trusted=["http://127.0.0.1:11434/v1", None])
    trusting.check("http://127.0.0.1:11434/v1/")
    trusting.check(None)
    assert trusting.trusts("http://127.0.0.1:11434/v1") and not trusting.trusts("http://x/v1")
    with pytest.raises(OutboundRefusedError):
        trusting.check("http://127.0.0.1:11435/v1")


def test_address_categories() -> None:
    assert address_category("8.8.8.8") is None
    assert address_category("127.0.0.1") == "loopback"
    assert address_category("169.254.169.254") == "link-local"
    assert address_category("::ffff:10.0.0.1") == "private"
    assert address_category("fe80::1%eth0") == "link-local"


def test_the_allow_list_comes_from_config_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The UI tests' session fixture sets this for their stubs; the default is read without.
    monkeypatch.delenv("IP_OUTBOUND__ALLOWED_HOSTS", raising=False)
    assert load_settings(None, None, environ={}).outbound == OutboundSettings()
    monkeypatch.setenv("IP_OUTBOUND__ALLOWED_HOSTS", '["127.0.0.1", "10.0.0.0/8", "Ollama.LAN."]')
    outbound = load_settings(None, None, environ={}).outbound
    assert outbound.allowed_hosts == ["127.0.0.1", "10.0.0.0/8", "ollama.lan"]
    with pytest.raises(ConfigurationError, match=r"outbound\.allowed_hosts"):
        load_settings(None, None, environ={}, overrides={"outbound": {"allowed_hosts": ["a b"]}})

"""Which addresses the server may call when a user names the endpoint (issue 12).

A base URL typed in a browser would otherwise let anyone make the server call its
own loopback services, the private network or the cloud metadata address. Before a
request leaves, :class:`OutboundPolicy` resolves the URL's host the way the HTTP
client will (``getaddrinfo``: decimal and octal IPv4 forms included) and refuses it
when any address is not public, unless the operator allowed the host or its range
(``outbound`` in config.yaml). Base URLs written in the configuration are trusted.

Example::

    policy = OutboundPolicy(settings.outbound, trusted=[settings.providers.openai.base_url])
    policy.check("http://10.0.0.5:8000/v1")  # raises OutboundRefusedError
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence

import httpx2

from interview_platform.config_outbound import OutboundSettings
from interview_platform.exceptions import OutboundRefusedError

__all__ = ["OutboundPolicy", "Resolver", "address_category"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

_SCHEMES = ("http", "https")
_SHARED_SPACE = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# What allow_private_networks opens; link-local (the cloud metadata address) does not.
_PRIVATE_KINDS = frozenset({"private", "loopback"})
_ADVICE = (
    "private and loopback addresses are refused. An operator can allow it with "
    "outbound.allowed_hosts in config.yaml."
)


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _embedded(addr: IPAddress) -> list[IPAddress]:
    """The address and the IPv4 addresses an IPv6 one carries (mapped, 6to4, NAT64)."""
    found: list[IPAddress] = [addr]
    if isinstance(addr, ipaddress.IPv6Address):
        found += [v4 for v4 in (addr.ipv4_mapped, addr.sixtofour) if v4 is not None]
        if addr.teredo is not None:
            found += list(addr.teredo)
        if addr in _NAT64:
            found.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    return found


def _kind(addr: IPAddress) -> str | None:
    checks = (
        ("unspecified", addr.is_unspecified),
        ("loopback", addr.is_loopback),
        ("link-local", addr.is_link_local),
        ("multicast", addr.is_multicast),
        ("private", addr.is_private or addr in _SHARED_SPACE),
        ("reserved", addr.is_reserved or not addr.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def address_category(address: str) -> str | None:
    """Why ``address`` is not public (``loopback``, ``private``...), or None when it is.

    IPv4 addresses carried inside IPv6 ones (``::ffff:127.0.0.1``, 6to4, NAT64, Teredo)
    count as the address they carry.
    """
    addr = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    kinds = [kind for inner in _embedded(addr) if (kind := _kind(inner)) is not None]
    return kinds[0] if kinds else None


class OutboundPolicy:
    """Refuses base URLs whose host resolves to an address the operator did not allow.

    Args:
        settings: The ``outbound`` settings section.
        trusted: Base URLs from the configuration: allowed as they are.
        resolver: ``(host, port) -> addresses``; default ``socket.getaddrinfo``.
    """

    def __init__(
        self,
        settings: OutboundSettings,
        trusted: Iterable[str | None] = (),
        resolver: Resolver | None = None,
    ) -> None:
        self._allow_private = settings.allow_private_networks
        self._hosts = frozenset(settings.allowed_hosts)
        self._networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(h, strict=False) for h in settings.allowed_hosts if _is_ip(h)
        )
        self._trusted = frozenset(_normal(url) for url in trusted if url)
        self._resolve = resolver or _system_resolver

    def trusts(self, url: str | None) -> bool:
        """Whether ``url`` is the SDK's default (None) or a base URL from the configuration."""
        return url is None or _normal(url) in self._trusted

    def check(self, url: str | None) -> None:
        """Return when ``url`` may be called; None means the SDK's public default.

        Raises:
            OutboundRefusedError: Not http(s), a user name or password in it, no host,
                a host that does not resolve, or an address that is not public and not
                allowed. Nothing has been sent to it.
        """
        if url is None or self.trusts(url):
            return
        self.allowed_addresses(url)

    def allowed_addresses(self, url: str) -> tuple[str, list[str]]:
        """``url``'s host and the addresses it resolves to now, every one of them allowed.

        The list is empty for a host the operator allowed by name (it is not looked up).
        A connection made to one of these addresses is to the address that was checked.

        Raises:
            OutboundRefusedError: As :meth:`check` (configured base URLs are not exempt).
        """
        host, port = _host_and_port(url)
        if host in self._hosts:
            return host, []
        addresses = self._addresses(host, port)
        for address in addresses:
            kind = address_category(address)
            if kind is not None and not self._allowed(address, kind):
                shown = _bracketed(host) if host == address else f"{host} ({address})"
                raise OutboundRefusedError(f"This server may not call {shown}: {_ADVICE}", host)
        return host, addresses

    def _addresses(self, host: str, port: int) -> list[str]:
        if _is_address(host):
            return [host]  # a literal needs no lookup
        try:
            return list(self._resolve(host, port))
        except (OSError, UnicodeError) as exc:
            raise OutboundRefusedError(
                f"This server could not resolve {host}: check the base URL.", host
            ) from exc

    def _allowed(self, address: str, kind: str) -> bool:
        if self._allow_private and kind in _PRIVATE_KINDS:
            return True
        addr = ipaddress.ip_address(address.split("%", 1)[0])
        return any(addr in net for net in self._networks if net.version == addr.version)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host  # as an IPv6 address is written in a URL


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _normal(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


def _host_and_port(url: str) -> tuple[str, int]:
    """Host and port as the SDKs' HTTP client (httpx2) will read them."""
    try:
        parsed = httpx2.URL(url.strip())
    except (httpx2.InvalidURL, TypeError, ValueError) as exc:
        raise OutboundRefusedError(f"'{url}' is not a valid base URL.") from exc
    if parsed.scheme not in _SCHEMES:
        raise OutboundRefusedError("A base URL must start with http:// or https://.")
    if parsed.userinfo:
        raise OutboundRefusedError("A base URL may not contain a user name or password.")
    host = parsed.host.lower().rstrip(".")
    if not host:
        raise OutboundRefusedError("A base URL needs a host name.")
    return host, parsed.port or (443 if parsed.scheme == "https" else 80)

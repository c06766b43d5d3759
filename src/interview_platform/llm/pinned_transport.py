"""HTTP transports that connect only to the address the outbound policy just checked.

Checking a base URL and then letting the HTTP client resolve its host again leaves a
gap: a name can resolve to a public address for the check and to 127.0.0.1 a moment
later (DNS rebinding). These transports check every request (redirects, retries and
later turns included) and connect to the checked address itself: the request's host
is replaced by that address while the ``Host`` header and, for https, the TLS server
name and certificate check keep the name.

Example::

    client = openai.DefaultHttpxClient(transport=PinnedTransport(policy))
"""

from __future__ import annotations

import ipaddress

import httpx2

from interview_platform.llm.outbound import OutboundPolicy

__all__ = ["AsyncPinnedTransport", "PinnedTransport", "pin"]


def pin(request: httpx2.Request, policy: OutboundPolicy) -> httpx2.Request:
    """Point ``request`` at the address its host resolved to, once the policy allows it.

    Raises:
        OutboundRefusedError: The host resolves to an address the policy refuses.
    """
    host, addresses = policy.allowed_addresses(str(request.url))
    if not addresses or _is_literal(host):
        return request  # allowed by name, or already an address: nothing to resolve again
    request.url = request.url.copy_with(host=addresses[0].split("%", 1)[0])
    if request.url.scheme == "https":
        request.extensions = {**request.extensions, "sni_hostname": host}
    return request


class PinnedTransport(httpx2.BaseTransport):
    """A synchronous transport that sends each request to its checked address.

    Args:
        policy: Decides which addresses may be called.
        inner: The transport that sends (default: a new ``httpx2.HTTPTransport``).
    """

    def __init__(self, policy: OutboundPolicy, inner: httpx2.BaseTransport | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Check and pin ``request``, then send it."""
        return self._inner.handle_request(pin(request, self._policy))

    def close(self) -> None:
        """Close the inner transport."""
        self._inner.close()


class AsyncPinnedTransport(httpx2.AsyncBaseTransport):
    """The asynchronous twin of :class:`PinnedTransport` (LangChain's async calls)."""

    def __init__(
        self, policy: OutboundPolicy, inner: httpx2.AsyncBaseTransport | None = None
    ) -> None:
        self._policy = policy
        self._inner = inner or httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Check and pin ``request``, then send it."""
        return await self._inner.handle_async_request(pin(request, self._policy))

    async def aclose(self) -> None:
        """Close the inner transport."""
        await self._inner.aclose()


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True

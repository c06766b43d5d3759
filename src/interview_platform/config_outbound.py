"""The ``outbound`` settings section: where a base URL typed in a browser may point.

Base URLs written in the configuration (``providers.<name>.base_url``) are the
operator's and always allowed. A base URL typed on the setup page is checked by
:mod:`interview_platform.llm.outbound` before anything is sent: private, loopback,
link-local and other non-public addresses are refused unless allowed here.
"""

from __future__ import annotations

import ipaddress
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["OutboundSettings"]

_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")


class OutboundSettings(BaseModel):
    """Outbound calls to addresses a user named.

    Attributes:
        allowed_hosts: Host names, IP addresses or CIDR ranges a typed base URL may name
            although they are private or loopback, e.g. ``["ollama.lan", "10.0.5.0/24"]``.
        allow_private_networks: Allow every private and loopback address (link-local,
            multicast, reserved and unspecified ones still need ``allowed_hosts``).
    """

    model_config = ConfigDict(extra="forbid")

    allowed_hosts: list[str] = Field(default_factory=list)
    allow_private_networks: bool = False

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts_or_networks(cls, hosts: list[str]) -> list[str]:
        cleaned = [host.strip().lower().rstrip(".").strip("[]") for host in hosts]
        for host in cleaned:
            if not (_HOST_NAME.fullmatch(host) or _is_network(host)):
                raise ValueError(f"'{host}' is neither a host name, an IP address nor a range")
        return cleaned


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True

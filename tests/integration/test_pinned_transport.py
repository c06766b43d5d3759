"""The pinned transports: a request goes to the very address that was checked (issue 12).

Host names here end in ``.test`` (a reserved name that never resolves): the policy's
resolver answers for them, so a request that arrives proves the connection went to the
checked address and the name was not looked up again.
"""

from __future__ import annotations

import asyncio
import datetime
import ssl
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from interview_platform.config_outbound import OutboundSettings
from interview_platform.exceptions import OutboundRefusedError
from interview_platform.llm.outbound import OutboundPolicy
from interview_platform.llm.pinned_transport import AsyncPinnedTransport, PinnedTransport


class Sequenced:
    """A resolver whose answers for one name change from lookup to lookup."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)

    def __call__(self, host: str, port: int) -> Sequence[str]:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


class _Handler(BaseHTTPRequestHandler):
    hosts: ClassVar[list[str]] = []  # each fixture binds a subclass with its own list

    def do_GET(self) -> None:
        type(self).hosts.append(self.headers.get("host", ""))
        self.send_response(200)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture()
def server() -> Iterator[ThreadingHTTPServer]:
    handler = type("Handler", (_Handler,), {"hosts": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _hosts(httpd: ThreadingHTTPServer) -> list[str]:
    return list(httpd.RequestHandlerClass.hosts)  # type: ignore[attr-defined]


def _policy(resolver: Sequenced, *allowed: str) -> OutboundPolicy:
    return OutboundPolicy(OutboundSettings(allowed_hosts=list(allowed)), resolver=resolver)


def test_a_request_goes_to_the_checked_address_and_keeps_its_host_header(
    server: ThreadingHTTPServer,
) -> None:
    port = server.server_address[1]
    policy = _policy(Sequenced(["127.0.0.1"]), "127.0.0.1")
    with httpx2.Client(transport=PinnedTransport(policy)) as client:
        assert client.get(f"http://model.test:{port}/v1/models").text == "ok"
    assert _hosts(server) == [f"model.test:{port}"]


def test_a_name_that_turns_to_loopback_after_the_check_is_refused_at_connect(
    server: ThreadingHTTPServer,
) -> None:
    url = f"http://rebind.test:{server.server_address[1]}/v1"
    policy = _policy(Sequenced(["93.184.216.34"], ["127.0.0.1"]))
    policy.check(url)  # the first answer is public
    with httpx2.Client(transport=PinnedTransport(policy)) as client:
        with pytest.raises(OutboundRefusedError):
            client.get(f"{url}/models")

    async def later() -> None:
        async with httpx2.AsyncClient(transport=AsyncPinnedTransport(policy)) as client:
            await client.get(f"{url}/chat/completions")

    with pytest.raises(OutboundRefusedError):
        asyncio.run(later())
    assert _hosts(server) == []


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_https_checks_the_certificate_against_the_name_not_the_address(
    server: ThreadingHTTPServer, tmp_path: Path
) -> None:
    cert, key = _certificate(tmp_path, "model.test")
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(cert, key)
    server.socket = served.wrap_socket(server.socket, server_side=True)
    trusted = ssl.create_default_context(cafile=str(cert))
    policy = _policy(Sequenced(["127.0.0.1"]), "127.0.0.1")
    port = server.server_address[1]
    inner = httpx2.HTTPTransport(verify=trusted)
    with httpx2.Client(transport=PinnedTransport(policy, inner)) as client:
        assert client.get(f"https://model.test:{port}/v1/models").text == "ok"
    assert _hosts(server) == [f"model.test:{port}"]

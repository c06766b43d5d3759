"""The demo model server (``python -m interview_platform demo-llm``) through real clients.

It must stream through the official ``openai`` SDK and through the app's own
OpenAI-compatible provider (LangChain over that SDK) on 127.0.0.1, and start from the
runtime environment alone (no test helper imported).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import openai
import pytest
from langchain_core.messages import HumanMessage

from interview_platform.cli.demo_llm import DEMO_MODEL, make_server, tokens
from interview_platform.config import ProvidersSettings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.llm.providers import ProviderFactory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def server() -> Iterator[ThreadingHTTPServer]:
    demo = make_server(0, token_delay_s=0.0)
    thread = threading.Thread(target=demo.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield demo
    demo.shutdown()
    demo.server_close()
    thread.join(timeout=5)


def base_url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def test_the_openai_sdk_streams_a_reply_word_by_word(server: ThreadingHTTPServer) -> None:
    client = openai.OpenAI(base_url=base_url(server), api_key="unused", max_retries=0)

    stream = client.chat.completions.create(
        model=DEMO_MODEL,
        messages=[{"role": "user", "content": "Design a URL shortener."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)

    pieces = [
        c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content
    ]
    reply = "".join(pieces)
    assert len(pieces) == len(tokens(reply)) > 5
    assert reply.endswith("?")
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert [m.id for m in client.models.list()] == [DEMO_MODEL]


def test_the_apps_openai_compatible_provider_streams_from_it(
    server: ThreadingHTTPServer,
) -> None:
    # The base URL is the configured one, as startup.sh --demo-llm sets it: no allow-list.
    settings = ProvidersSettings.model_validate(
        {"openai_compatible": {"base_url": base_url(server), "models": [DEMO_MODEL]}}
    )
    factory = ProviderFactory(settings, environ={}, outbound=OutboundSettings())
    creds = factory.resolve_credentials("openai_compatible")

    chunks = list(factory.chat_model(creds).stream([HumanMessage(content="Hello")]))

    assert creds.base_url == base_url(server)
    assert len([c for c in chunks if c.text]) > 5
    assert "".join(str(c.text) for c in chunks).endswith("?")


def test_it_starts_from_the_runtime_environment_without_test_helpers() -> None:
    code = (
        "import sys, interview_platform.__main__ as m\n"
        "m.build_parser()\n"
        "import interview_platform.cli.demo_llm\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('pytest', 'testkit')]\n"
        "print(bad)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_command_serves_until_interrupted(unused_port: int) -> None:
    command = [sys.executable, "-m", "interview_platform", "demo-llm", "--port", str(unused_port)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        assert f"127.0.0.1:{unused_port}/v1" in proc.stderr.readline()
        client = openai.OpenAI(
            base_url=f"http://127.0.0.1:{unused_port}/v1", api_key="unused", max_retries=3
        )
        reply = client.chat.completions.create(
            model=DEMO_MODEL, messages=[{"role": "user", "content": "Hi"}]
        )
        assert (reply.choices[0].message.content or "").endswith("?")
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=10)
    assert code == 0


@pytest.fixture()
def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

"""A real nginx on 127.0.0.1 in front of app processes, with the repository's proxy config.

The configuration is the one ``./startup.sh --processes N`` generates: the maps and
locations of ``deploy/nginx/`` with an upstream of the given ports. For the tests it adds
one header, ``X-Upstream``, naming the process that served a request, so a test can see
which process a browser is pinned to (a request with the browser's cookies goes where its
websocket goes).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NGINX_DIR = REPO / "deploy" / "nginx"


@dataclass
class RunningProxy:
    """An nginx started for the tests."""

    url: str
    prefix: Path
    process: subprocess.Popen[bytes]


def find_nginx() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin), or None."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def require_nginx() -> str:
    """Return nginx; skip without it outside CI (in CI its absence is a failure)."""
    nginx = find_nginx()
    if nginx:
        return nginx
    if os.environ.get("CI"):
        pytest.fail("nginx is required in CI (scripts/ensure_system_deps.sh installs it)")
    pytest.skip("nginx not installed (apt-get install nginx-light)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(prefix: Path, listen: int, ports: list[int]) -> str:
    servers = "".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports
    )
    temp = "".join(  # folders under the test's own prefix, not the shared /tmp
        f"    {kind}_temp_path {prefix / 'tmp' / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}    include {NGINX_DIR}/maps.conf;
    upstream streamlit_apps {{
        hash $ip_affinity consistent;
{servers}    }}
    server {{
        listen 127.0.0.1:{listen};
        add_header X-Upstream $upstream_addr always;
        include {NGINX_DIR}/proxy_locations.conf;
    }}
}}
"""


def start_proxy(ports: list[int], prefix: Path) -> RunningProxy:
    """Start nginx on a free loopback port in front of ``ports``; wait for it to answer."""
    nginx = require_nginx()
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    listen = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(_config(prefix, listen, ports), encoding="utf-8")
    cmd = [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    proc = subprocess.Popen([*cmd, "-g", "daemon off;"])
    url = f"http://127.0.0.1:{listen}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {(prefix / 'error.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/proxy-health", timeout=1) as resp:  # noqa: S310
                if resp.status == 200:
                    return RunningProxy(url, prefix, proc)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("nginx did not answer within 30 s")


def stop_proxy(proxy: RunningProxy) -> None:
    """Stop nginx (it finishes open requests first, then the kill follows)."""
    proxy.process.terminate()
    try:
        proxy.process.wait(10)
    except subprocess.TimeoutExpired:
        proxy.process.kill()

"""The compose ``scale`` profile: two app replicas behind nginx, as docker compose reads it.

No Docker engine runs here, so the file is read as compose reads YAML (anchors and merge
keys resolved) and the proxy's nginx configuration is checked by nginx itself
(``nginx -t``) with the replica names pointed at loopback.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from testkit.proxy import find_nginx

REPO = Path(__file__).resolve().parents[2]
_TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    """The services of docker-compose.yml."""
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    return dict(compose["services"])


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> repository file of a service's bind mounts."""
    pairs = (volume.split(":")[:2] for volume in service.get("volumes", []))
    return {target: source for source, target in pairs}


def test_the_scale_profile_adds_a_replica_and_a_proxy_only(services: dict[str, Any]) -> None:
    scaled = {name for name, s in services.items() if "scale" in s.get("profiles", [])}
    assert scaled == {"app-2", "proxy"}
    assert "profiles" not in services["app"] and "profiles" not in services["db"]
    assert "profiles" not in services["worker"], "the worker runs in every profile"


def test_the_second_replica_is_the_app_without_a_published_port(
    services: dict[str, Any],
) -> None:
    app, replica = services["app"], services["app-2"]
    for key in ("build", "environment", "env_file", "volumes", "healthcheck", "depends_on"):
        assert replica[key] == app[key], key
    assert replica["ports"] == [] and app["ports"], "only the proxy and the app publish"


def test_the_proxy_waits_for_healthy_replicas_and_is_checked(services: dict[str, Any]) -> None:
    proxy = services["proxy"]
    assert proxy["depends_on"] == {
        "app": {"condition": "service_healthy"},
        "app-2": {"condition": "service_healthy"},
    }
    assert "/proxy-health" in " ".join(proxy["healthcheck"]["test"])
    published = proxy["ports"][0]
    assert published.startswith("${BIND_ADDRESS:-127.0.0.1}:") and published.endswith(":80")
    assert "${PROXY_PORT:-8080}" in published, "not the app's own port"
    for source in _mounts(proxy).values():
        assert (REPO / source).is_file(), source


def test_the_proxy_config_names_the_replicas_and_is_valid_nginx(
    services: dict[str, Any], tmp_path: Path
) -> None:
    mounts = {target: REPO / source for target, source in _mounts(services["proxy"]).items()}
    site = mounts["/etc/nginx/conf.d/default.conf"].read_text(encoding="utf-8")
    upstreams = re.findall(r"^\s*server ([\w.-]+):(\d+)", site, flags=re.MULTILINE)
    assert upstreams == [("app", "8501"), ("app-2", "8501")]
    assert {"app", "app-2"} <= services.keys()
    nginx = find_nginx()
    if nginx is None:
        pytest.skip("nginx not installed (apt-get install nginx-light)")
    for target, source in mounts.items():  # the container's paths, under a folder here
        text = source.read_text(encoding="utf-8").replace("/etc/nginx/", f"{tmp_path}/")
        text = re.sub(r"server app(-2)?:8501", "server 127.0.0.1:8501", text)
        dest = tmp_path / target.removeprefix("/etc/nginx/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in _TEMP_KINDS)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nevents {{}}\n"
        f"http {{ {temp} include {tmp_path / 'conf.d'}/*.conf; }}\n",
        encoding="utf-8",
    )
    log = str(tmp_path / "error.log")  # not /var/log: the test may run unprivileged
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", log],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr

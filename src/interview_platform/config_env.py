"""Environment helpers for settings: conventional variable names and deep merging."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_CONVENTIONAL_ENV = {
    "DATABASE_URL": ("database", "url"),
    "OPENAI_API_KEY": ("providers", "openai", "api_key"),
    "ANTHROPIC_API_KEY": ("providers", "anthropic", "api_key"),
    "OPENAI_COMPATIBLE_API_KEY": ("providers", "openai_compatible", "api_key"),
    "OPENAI_COMPATIBLE_BASE_URL": ("providers", "openai_compatible", "base_url"),
}


def deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``extra`` merged in, nested mappings merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def conventional_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Map conventional variable names onto the settings tree."""
    result: dict[str, Any] = {}
    for name, path in _CONVENTIONAL_ENV.items():
        value = environ.get(name)
        if not value:
            continue
        node = result
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return result

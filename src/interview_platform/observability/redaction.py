"""Removal of secrets from log output: configured values and anything that looks like one.

Covered: explicit secret values (API keys, database URLs from the settings, and
their JSON- and URL-escaped spellings), OpenAI/Anthropic-style keys
(``sk-...``, ``sk-ant-...``), bearer tokens, ``password=...`` style pairs and
passwords in URLs (``scheme://user:PASSWORD@host`` becomes
``scheme://user:***@host``).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote, urlsplit

MASK = "***"
_MIN_SECRET_LENGTH = 4

# (cheap lowercase triggers, pattern, replacement): a pattern only runs when one of
# its triggers occurs, which keeps redaction of ordinary lines fast.
_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    # user:password@ inside any URL; the password may not contain '@' or spaces.
    (
        ("://",),
        # A scheme is short: unbounded, each letter of a long word before "://" rescanned it.
        # The password ends at "/" too (userinfo cannot hold one): otherwise each "x://u:"
        # of a long line without "@" scanned to the end of the line (quadratic).
        re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^:/@\s]*):[^@\s/]+?@"),
        rf"\g<head>:{MASK}@",
    ),
    (("sk-ant-",), re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{8,}"), f"sk-ant-{MASK}"),
    (("sk-",), re.compile(r"\bsk-(?!ant-)[A-Za-z0-9_\-]{16,}"), f"sk-{MASK}"),
    (("bearer",), re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=\-]{16,}"), rf"\g<1>{MASK}"),
    (
        ("pass", "pwd", "key", "secret", "token"),
        re.compile(
            r"(?i)\b((?:password|passwd|pwd|api[_-]?key|secret|access[_-]?token)"
            r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;}]+"
        ),
        rf"\g<1>{MASK}",
    ),
)


def _spellings(secret: str) -> set[str]:
    """The forms a secret may take in output: itself, JSON-escaped, URL-quoted."""
    forms = {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote(secret)}
    return {f for f in forms if len(f) >= _MIN_SECRET_LENGTH}


def _secret_values(value: str) -> set[str]:
    """A URL contributes only its password (the rest of it is useful to see)."""
    if "://" in value:
        try:
            password = urlsplit(value).password
        except ValueError:
            password = None
        if password is None:
            return set()
        return _spellings(password) | _spellings(unquote(password))
    return _spellings(value)


class Redactor:
    """Replaces secrets in strings and nested structures. Thread-safe."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._literals: tuple[str, ...] = ()
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        """Also redact these values from now on (empty and very short values are ignored)."""
        found: set[str] = set()
        for secret in secrets:
            if isinstance(secret, str) and secret.strip():
                found |= _secret_values(secret.strip())
        with self._lock:
            merged = set(self._literals) | found
            # Longest first, so a secret containing another is removed whole.
            self._literals = tuple(sorted(merged, key=len, reverse=True))

    def redact(self, text: str) -> str:
        """Return ``text`` with every secret masked."""
        # Patterns first: a short configured secret that is the prefix of a longer
        # key would otherwise leave the rest of that key visible.
        lowered = text.lower()
        for triggers, pattern, replacement in _PATTERNS:
            if any(t in lowered for t in triggers):
                text = pattern.sub(replacement, text)
        for literal in self._literals:
            if literal in text:
                text = text.replace(literal, MASK)
        return text

    def redact_value(self, value: Any) -> Any:
        """Redact strings inside dicts, lists and tuples; other values pass unchanged.

        Keys are left alone here; the formatter redacts the encoded line as a whole.
        """
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: self.redact_value(v) for k, v in value.items()}
        if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
            return [self.redact_value(v) for v in value]
        return value

"""Quantities in a candidate's words: "100M a day", "about 1,200 writes per second", "9 TB".

Numbers are read from digits with suffixes ("10k", "1.5b", "5tb") or spelled out as
speech recognition writes them ("a hundred million", "twelve hundred"), then given a
unit from the words that follow: ``per_second``, ``per_day``, ``bytes``, ``percent``,
``duration`` (seconds) or ``count``. One left-to-right pass over the tokens: linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Quantity", "describe", "quantities", "ratio", "stated_arithmetic"]

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?:[a-z]+)?|[a-z]+|/|%|[=×*]")
_DIGITS_RE = re.compile(r"(\d+(?:[.,]\d+)*)([a-z]*)")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mil": 1e6, "m": 1e6,
    "mm": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "t": 1e12,
}  # fmt: skip
_BYTES = {
    "b": 1.0, "byte": 1.0, "bytes": 1.0, "kb": 1e3, "kilobyte": 1e3, "kilobytes": 1e3,
    "mb": 1e6, "megabyte": 1e6, "megabytes": 1e6, "gb": 1e9, "gigabyte": 1e9,
    "gigabytes": 1e9, "gig": 1e9, "gigs": 1e9, "meg": 1e6, "megs": 1e6, "tb": 1e12,
    "terabyte": 1e12, "terabytes": 1e12, "pb": 1e15,
    "petabyte": 1e15, "petabytes": 1e15,
}  # fmt: skip
_DURATION = {
    "ms": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3, "sec": 1.0, "secs": 1.0,
    "second": 1.0, "seconds": 1.0, "minute": 60.0, "minutes": 60.0, "hour": 3600.0,
    "hours": 3600.0,
}  # fmt: skip
_RATE_WORDS = {"qps": "per_second", "rps": "per_second", "tps": "per_second"}
_PER_WORDS = frozenset({"per", "a", "each", "every", "an", "/"})
_PERIODS = {"second": "per_second", "sec": "per_second", "s": "per_second", "day": "per_day"}
_DAILY = {"daily": "per_day"}
_LOOKAHEAD = 5
_STARTS = frozenset({*_SMALL, "a", "an"})  # words a spelled-out number can start with


@dataclass(frozen=True)
class Quantity:
    """A number with its unit.

    Attributes:
        value: The value in the unit's base (bytes, per second, per day, seconds...).
        unit: ``per_second``, ``per_day``, ``bytes``, ``percent``, ``duration`` or ``count``.
        text: The words it was read from.
    """

    value: float
    unit: str
    text: str
    start: int = 0
    end: int = 0


def ratio(a: float, b: float) -> float:
    """How many times apart two positive values are (always >= 1)."""
    if a <= 0 or b <= 0:
        return float("inf")
    return max(a / b, b / a)


def _digits(token: str) -> tuple[float, str] | None:
    if not token[:1].isdigit():
        return None  # most tokens are words: no regex for them
    match = _DIGITS_RE.fullmatch(token)
    if match is None:
        return None
    raw = match.group(1)
    # "1,200" is a thousands separator; "1.5" a decimal point; "1,5" is read as 1.5.
    if "," in raw and _THOUSANDS_RE.fullmatch(raw):
        raw = raw.replace(",", "")
    raw = raw.replace(",", ".")
    try:
        return float(raw), match.group(2)
    except ValueError:
        return None


def _number(tokens: Sequence[str], i: int) -> tuple[float, int, str] | None:
    """Read the number starting at ``tokens[i]``: (value, next index, trailing suffix)."""
    first = _digits(tokens[i])
    if first is not None:
        value, suffix = first
        j = i + 1
    elif tokens[i] in _SMALL or (tokens[i] in ("a", "an") and _scale_next(tokens, i)):
        value, j = _spelled(tokens, i)
        return value, j, ""
    else:
        return None
    if suffix in _SCALE and suffix != "t":
        value *= _SCALE[suffix]
        suffix = ""
    while j < len(tokens) and tokens[j] in _SCALE and (len(tokens[j]) > 1 or tokens[j] == "k"):
        value *= _SCALE[tokens[j]]
        j += 1
    return value, j, suffix


def _spelled(tokens: Sequence[str], i: int) -> tuple[float, int]:
    """A spelled-out number ("eleven thousand five hundred", "a hundred million")."""
    total, current, j = 0.0, 0.0, i
    if tokens[j] in ("a", "an"):
        current, j = 1.0, j + 1
    while j < len(tokens):
        word = tokens[j]
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "hundred":
            current = max(current, 1.0) * 100
        elif word in _SCALE and len(word) > 1:
            total += max(current, 1.0) * _SCALE[word]
            current = 0.0
        elif word != "and" or j + 1 >= len(tokens) or tokens[j + 1] not in _SMALL:
            break
        j += 1
    return total + current, j


def _scale_next(tokens: Sequence[str], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1] in _SCALE and len(tokens[i + 1]) > 1


def _suffix_unit(suffix: str) -> tuple[str, float] | None:
    """Unit of a suffix glued to the digits ("5tb", "200ms", "10qps")."""
    if suffix in _BYTES:
        return "bytes", _BYTES[suffix]
    if suffix in _DURATION:
        return "duration", _DURATION[suffix]
    if suffix in _RATE_WORDS:
        return _RATE_WORDS[suffix], 1.0
    return None


def _word_unit(tokens: Sequence[str], k: int, first: bool) -> tuple[str, float] | None:
    """Unit named by the token at ``k`` (a bare unit counts only right after the number)."""
    word = tokens[k]
    if first and word in _BYTES and word != "b":
        return "bytes", _BYTES[word]
    if first and word in _DURATION:
        return "duration", _DURATION[word]
    if word in {"%", "percent"}:
        return "percent", 1.0
    named = _RATE_WORDS.get(word) or _DAILY.get(word)
    if named is not None:
        return named, 1.0
    if word in _PER_WORDS and k + 1 < len(tokens) and tokens[k + 1] in _PERIODS:
        return _PERIODS[tokens[k + 1]], 1.0
    return None


def _unit(tokens: Sequence[str], j: int, suffix: str) -> tuple[str, float]:
    """Unit and multiplier from a suffix ("5tb") or the next few tokens."""
    glued = _suffix_unit(suffix)
    if glued is not None:
        return glued
    for k in range(j, min(len(tokens), j + _LOOKAHEAD)):
        if _digits(tokens[k]) is not None or tokens[k] in _SMALL:
            break
        found = _word_unit(tokens, k, k == j)
        if found is not None:
            return found
    return "count", 1.0


def _scan(tokens: Sequence[str]) -> Iterator[Quantity]:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not (token[:1].isdigit() or token in _STARTS):
            i += 1  # a word that cannot start a number: most tokens, skipped cheaply
            continue
        read = _number(tokens, i)
        if read is None:
            i += 1
            continue
        value, j, suffix = read
        unit, factor = _unit(tokens, j, suffix)
        text = " ".join(tokens[i : min(len(tokens), j + 2)])
        yield Quantity(value * factor, unit, text, i, j)
        i = max(j, i + 1)


def quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order (lowercase it first for spoken words)."""
    return list(_scan(_TOKEN_RE.findall(text.lower())))


_TIMES = frozenset({"times", "x", "×", "*", "multiplied"})
_DIVIDED = frozenset({"divided", "/", "over"})
_RESULT = frozenset(
    {"is", "equals", "=", "gives", "so", "makes", "comes", "about", "roughly", "around", "that"}
)
_GAP = 6


def _between(tokens: Sequence[str], a: Quantity, b: Quantity, words: frozenset[str]) -> bool:
    gap = tokens[a.end : b.start]
    return len(gap) <= _GAP and bool(words & set(gap))


def stated_arithmetic(text: str) -> list[tuple[float, Quantity]]:
    """Products and quotients stated as "A times B [times C] is D" or "A divided by B is D".

    Returns:
        (computed value, the stated result) pairs, one per statement found.
    """
    tokens = _TOKEN_RE.findall(text.lower())
    found = list(_scan(tokens))
    pairs: list[tuple[float, Quantity]] = []
    value: float | None = None
    for previous, current in pairwise(found):
        if _between(tokens, previous, current, _TIMES):
            value = (previous.value if value is None else value) * current.value
        elif _between(tokens, previous, current, _DIVIDED) and current.value > 0:
            value = (previous.value if value is None else value) / current.value
        elif value is not None and _between(tokens, previous, current, _RESULT):
            pairs.append((value, current))
            value = None
        else:
            value = None
    return pairs


def describe(value: float, unit: str) -> str:
    """A quantity as people write it: "11,500 per second", "9 TB", "3.5 billion"."""
    if unit == "bytes":
        for size, name in ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")):
            if value >= size:
                return f"{value / size:.3g} {name}"
        return f"{value:.0f} bytes"
    if value >= 1e6:
        size, word = next((s, w) for s, w in _WORDS if value >= s)
        number = f"{value / size:.3g} {word}"
    else:
        number = f"{value:,.0f}" if value >= 1 else f"{value:.3g}"
    suffix = {"per_second": " per second", "per_day": " a day", "percent": "%"}
    return number + suffix.get(unit, " s" if unit == "duration" else "")


_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

"""The house holds: layer contracts, every package placed in a layer, no package too big.

The contracts live in pyproject.toml (``[tool.importlinter]``) and are explained in
docs/architecture.md.
"""

from __future__ import annotations

import logging.config
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "interview_platform"
MAX_SHARE = 0.20  # no package holds more than a fifth of the source lines


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layered_names() -> set[str]:
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    assert isinstance(layers, list)
    names: set[str] = set()
    for layer in layers:
        for part in str(layer).replace(":", "|").split("|"):  # siblings of one layer
            names.add(part.strip().removeprefix("interview_platform."))
    return names


def _lines(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8"))


def _package_lines() -> dict[str, int]:
    sizes = {
        child.name: sum(_lines(f) for f in child.rglob("*.py"))
        for child in PACKAGE.iterdir()
        if child.is_dir() and (child / "__init__.py").exists()
    }
    sizes["(top-level modules)"] = sum(_lines(f) for f in PACKAGE.glob("*.py"))
    return sizes


def test_the_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    # import-linter calls logging.config.dictConfig, which disables every logger that
    # exists already: the log records of later tests (caplog) would silently vanish.
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, "an import breaks the layers: run .venv/bin/lint-imports for the chain"


def test_every_package_and_module_has_a_layer() -> None:
    packages = {
        child.name
        for child in PACKAGE.iterdir()
        if child.is_dir() and (child / "__init__.py").exists()
    }
    modules = {f.stem for f in PACKAGE.glob("*.py") if f.stem != "__init__"}
    unplaced = (packages | modules) - _layered_names()
    assert not unplaced, f"add {sorted(unplaced)} to the layers in pyproject.toml"


def test_the_ui_may_not_import_the_store_or_the_files() -> None:
    forbidden = next(c for c in _contracts() if c["type"] == "forbidden")
    assert forbidden["source_modules"] == ["interview_platform.ui"]
    assert set(forbidden["forbidden_modules"]) == {  # type: ignore[arg-type]
        "interview_platform.database",
        "interview_platform.storage",
    }


def test_no_package_holds_more_than_a_fifth_of_the_code() -> None:
    sizes = _package_lines()
    total = sum(sizes.values())
    too_big = {name: f"{n / total:.0%}" for name, n in sizes.items() if n > MAX_SHARE * total}
    assert not too_big, f"split by meaning: {too_big} of {total} lines"

"""Where test code lives: shared code in ``testkit/``, tests in ``tests/``, fixtures in conftest.

A test module is never imported by another module, a ``conftest.py`` is never
imported (pytest loads it), ``bench/`` and ``testkit/`` never import ``tests``,
and ``testkit/`` keeps the house limits (files <= 300 lines).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TESTKIT = REPO / "testkit"
MAX_FILE_LINES = 300


def python_files(*roots: Path) -> list[Path]:
    """Every .py file below ``roots``, sorted."""
    return sorted(p for root in roots for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> list[str]:
    """Dotted names this file imports (``from a import b`` gives ``a`` and ``a.b``)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def layout_violations(files: list[Path], repo: Path) -> list[str]:
    """Imports that break the layout rules, as ``file: module`` lines."""
    found = []
    for path in files:
        outside_tests = path.relative_to(repo).parts[0] != "tests"
        for name in imported_modules(path):
            last = name.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest":
                found.append(f"{path.relative_to(repo)}: imports {name}")
            elif outside_tests and (name == "tests" or name.startswith("tests.")):
                found.append(f"{path.relative_to(repo)}: imports {name} (use testkit)")
    return found


def test_no_test_module_conftest_or_tests_package_is_imported_where_it_should_not_be() -> None:
    files = python_files(REPO / "tests", REPO / "bench", TESTKIT)
    assert len(files) > 100
    assert layout_violations(files, REPO) == []


def test_testkit_files_have_at_most_300_lines() -> None:
    long = [
        f"{p.relative_to(REPO)}: {n} lines"
        for p in python_files(TESTKIT)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long == []


@pytest.fixture()
def bad_tree(tmp_path: Path) -> Path:
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    (tmp_path / "bench").mkdir()
    (tmp_path / "tests" / "unit" / "test_b.py").write_text(
        "from tests.unit.test_a import DATA\nfrom tests.e2e import conftest\n"
        "from tests.unit.fakes import Fake\n"
    )
    (tmp_path / "bench" / "b.py").write_text("import tests.speech\nfrom testkit import speech\n")
    return tmp_path


def test_the_checker_flags_each_kind_of_bad_import(bad_tree: Path) -> None:
    found = layout_violations(python_files(bad_tree), bad_tree)
    assert found == [
        "bench/b.py: imports tests.speech (use testkit)",
        "tests/unit/test_b.py: imports tests.unit.test_a",
        "tests/unit/test_b.py: imports tests.e2e.conftest",
    ]

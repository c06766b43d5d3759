"""House rules checked on the source tree (and the checker checked on bad code).

Files <= 300 lines, functions <= 50 lines, docstrings on public modules, classes and
functions, Streamlit only inside ``interview_platform/ui``, and no module at the top of
``ui/`` that shadows a standard-library module (Streamlit puts that folder on sys.path).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
PACKAGE = SRC / "interview_platform"
UI = PACKAGE / "ui"
BENCH = REPO / "bench"

MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 50
STREAMLIT_MODULES = {"streamlit", "streamlit_drawable_canvas", "streamlit_webrtc"}


def python_files(root: Path) -> list[Path]:
    """Every .py file below ``root``, sorted."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def long_files(paths: list[Path], limit: int = MAX_FILE_LINES) -> list[str]:
    """Files with more than ``limit`` lines."""
    found = []
    for path in paths:
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{_rel(path)}: {count} lines (max {limit})")
    return found


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def long_functions(paths: list[Path], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Functions and methods longer than ``limit`` lines (decorators excluded)."""
    found = []
    for path in paths:
        for func in _functions(_parse(path)):
            length = (func.end_lineno or func.lineno) - func.lineno + 1
            if length > limit:
                found.append(f"{_rel(path)}:{func.lineno} {func.name}(): {length} lines")
    return found


def _public(name: str) -> bool:
    return not name.startswith("_")


def _is_override(node: ast.stmt) -> bool:
    # Like ruff's pydocstyle: an @override inherits the documentation of what it overrides.
    decorators = getattr(node, "decorator_list", [])
    return any(
        (isinstance(d, ast.Name) and d.id == "override")
        or (isinstance(d, ast.Attribute) and d.attr == "override")
        for d in decorators
    )


def _undocumented_members(body: list[ast.stmt], prefix: str) -> Iterator[str]:
    for node in body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if not _public(node.name) or _is_override(node):
            continue
        if ast.get_docstring(node) is None:
            yield f"{prefix}{node.name} (line {node.lineno})"
        if isinstance(node, ast.ClassDef):
            yield from _undocumented_members(node.body, f"{prefix}{node.name}.")


def missing_docstrings(paths: list[Path]) -> list[str]:
    """Public modules, classes, functions and methods without a docstring."""
    found = []
    for path in paths:
        tree = _parse(path)
        module_public = path.name == "__init__.py" or _public(path.stem)
        if module_public and ast.get_docstring(tree) is None:
            found.append(f"{_rel(path)}: module docstring")
        found.extend(f"{_rel(path)}: {name}" for name in _undocumented_members(tree.body, ""))
    return found


def _imported_roots(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


def streamlit_imports_outside_ui(paths: list[Path], ui_root: Path) -> list[str]:
    """Imports of Streamlit (or its components) in files outside ``ui_root``."""
    found = []
    for path in paths:
        if path.is_relative_to(ui_root):
            continue
        for root, line in _imported_roots(_parse(path)):
            if root in STREAMLIT_MODULES:
                found.append(f"{_rel(path)}:{line} imports {root}")
    return found


def stdlib_shadows(ui_root: Path) -> list[str]:
    """Modules or packages at the top of ``ui_root`` named like a stdlib module."""
    found = []
    for entry in sorted(ui_root.iterdir()):
        name = entry.stem if entry.suffix == ".py" else entry.name
        is_module = entry.suffix == ".py" or (entry.is_dir() and entry.name != "__pycache__")
        if is_module and name in sys.stdlib_module_names:
            found.append(f"{_rel(entry)} shadows the standard library module '{name}'")
        if entry.is_dir() and entry.name == "pages":
            found.append(f"{_rel(entry)}: Streamlit would auto-discover it; use app_pages/")
    return found


# -- the real tree -----------------------------------------------------------------
SRC_FILES = python_files(PACKAGE)


def test_the_tree_is_scanned() -> None:
    assert len(SRC_FILES) > 20
    assert (UI / "app.py") in SRC_FILES


def test_files_have_at_most_300_lines() -> None:
    violations = long_files(SRC_FILES + python_files(BENCH))
    assert not violations, "\n".join(violations)


def test_functions_have_at_most_50_lines() -> None:
    violations = long_functions(SRC_FILES)
    assert not violations, "\n".join(violations)


def test_public_api_has_docstrings() -> None:
    violations = missing_docstrings(SRC_FILES)
    assert not violations, "\n".join(violations)


def test_streamlit_is_imported_only_in_ui() -> None:
    violations = streamlit_imports_outside_ui(SRC_FILES, UI)
    assert not violations, "\n".join(violations)


def test_no_ui_module_shadows_the_standard_library() -> None:
    violations = stdlib_shadows(UI)
    assert not violations, "\n".join(violations)


# -- the checker on bad code ----------------------------------------------------------
BAD_MODULE = """
import streamlit as st
from streamlit_webrtc import webrtc_streamer


class Public:
    def method(self):
        return 1


def helper():
    import streamlit.components.v1 as components
    return components


def _private():
    return 2


def long_one():
{body}


class Child(Public):
    @override
    def method(self):
        return 3
"""


@pytest.fixture()
def bad_tree(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    ui = package / "ui"
    ui.mkdir(parents=True)
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (package / "bad.py").write_text(BAD_MODULE.format(body=body), encoding="utf-8")
    (package / "huge.py").write_text('"""Doc."""\n' + "x = 1\n" * 301, encoding="utf-8")
    (ui / "page.py").write_text('"""Doc."""\nimport streamlit as st\n', encoding="utf-8")
    (ui / "logging.py").write_text('"""Doc."""\n', encoding="utf-8")
    (ui / "pages").mkdir()
    (ui / "queue").mkdir()
    return package


def test_checker_flags_long_files_and_functions(bad_tree: Path) -> None:
    files = python_files(bad_tree)
    assert [v for v in long_files(files) if "huge.py" in v] != []
    assert all("page.py" not in v for v in long_files(files))
    flagged = long_functions(files)
    assert len(flagged) == 1
    assert "long_one()" in flagged[0]


def test_checker_flags_missing_docstrings(bad_tree: Path) -> None:
    flagged = "\n".join(missing_docstrings(python_files(bad_tree)))
    assert "bad.py: module docstring" in flagged
    for name in ("Public ", "Public.method", "helper", "long_one"):
        assert name in flagged
    assert "_private" not in flagged
    assert "Child.method" not in flagged  # an @override inherits its parent's docstring
    assert "Child " in flagged
    assert "huge.py" not in flagged


def test_checker_flags_streamlit_imports_outside_ui(bad_tree: Path) -> None:
    flagged = streamlit_imports_outside_ui(python_files(bad_tree), bad_tree / "ui")
    assert len(flagged) == 3  # top-level, from-import, and the one inside a function
    assert all("bad.py" in v for v in flagged)


def test_checker_flags_stdlib_shadows_in_ui(bad_tree: Path) -> None:
    flagged = "\n".join(stdlib_shadows(bad_tree / "ui"))
    assert "logging" in flagged
    assert "queue" in flagged
    assert "pages" in flagged
    assert "page.py" not in flagged

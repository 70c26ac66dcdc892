"""The layering of docs/architecture.md, checked on the source: one direction of dependency,
app/ (core) ← documents/ (storage and PDF primitives) ← meetings/ (the domain) ← realtime/ (sockets),
with demo/ and bench/ on top, beside tests/. And no source file grows past 400 lines."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

PACKAGES = ("app", "documents", "meetings", "realtime", "demo", "bench")
# package -> packages it must never import (at any level: module or inside a function)
FORBIDDEN = {
    "documents": {"meetings", "realtime", "demo", "tests", "bench"},
    "meetings": {"realtime", "demo", "tests", "bench"},
    "realtime": {"demo", "tests", "bench"},
    "app": {"tests", "bench"},
    "demo": {"tests", "bench"},
    "bench": {"tests"},
}
# app/ is the core: it reaches the domain packages only from inside functions (the factory registers
# their blueprints and commands; the launcher seeds the demo), never at module level.
APP_MODULE_LEVEL_FORBIDDEN = {"documents", "meetings", "realtime", "demo"}
MAX_LINES = 400
SOURCE_SUFFIXES = {".py", ".js", ".mjs", ".html", ".css", ".sh"}
SKIP_DIRS = {
    "migrations",
    "tests",
    ".venv",
    "node_modules",
    "vendor",
    "__pycache__",
    ".git",
    "instance",
    "translations",
    "test-artifacts",
    ".pytest_cache",
}


def python_files(package: str):
    root = PROJECT_ROOT / package
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts) if root.is_dir() else []


def imports(tree: ast.AST):
    """(top-level package imported, line, at module level?) for every import in ``tree``."""
    module_level = {id(node) for node in tree.body} if isinstance(tree, ast.Module) else set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno, id(node) in module_level
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0], node.lineno, id(node) in module_level


def layering_violations() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in python_files(package):
            tree = ast.parse(path.read_text(), str(path))
            # imports under `if TYPE_CHECKING:` at module level are still module-level dependencies
            for target, line, top in imports(tree):
                where = f"{path.relative_to(PROJECT_ROOT)}:{line}"
                if target in FORBIDDEN.get(package, ()):
                    found.append(f"{where} {package}/ imports {target}/")
                elif package == "app" and top and target in APP_MODULE_LEVEL_FORBIDDEN:
                    found.append(f"{where} app/ imports {target}/ at module level")
    return found


def oversized_files() -> list[str]:
    found = []
    for path in PROJECT_ROOT.rglob("*"):
        relative = path.relative_to(PROJECT_ROOT)
        if path.suffix not in SOURCE_SUFFIXES or SKIP_DIRS & set(relative.parts) or not path.is_file():
            continue
        lines = path.read_text(errors="replace").count("\n")
        if lines > MAX_LINES:
            found.append(f"{relative}: {lines} lines")
    return sorted(found)


def test_layers_point_one_way():
    assert layering_violations() == []


def test_no_source_file_over_400_lines():
    assert oversized_files() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from meetings.models import Meeting\n", "documents/ imports meetings/"),
        ("def f():\n    import realtime.rooms\n", "documents/ imports realtime/"),
    ],
)
def test_the_check_catches_a_wrong_import(tmp_path, monkeypatch, source, expected):
    """The checker itself: a documents/ module importing upwards is reported, even inside a function."""
    arch = sys.modules[__name__]

    fake_root = tmp_path
    (fake_root / "documents").mkdir()
    (fake_root / "documents" / "bad.py").write_text(source)
    monkeypatch.setattr(arch, "PROJECT_ROOT", Path(fake_root))
    assert any(expected in v for v in arch.layering_violations())


def test_the_check_catches_a_module_level_domain_import_in_app(tmp_path, monkeypatch):
    arch = sys.modules[__name__]

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "ok.py").write_text("def factory():\n    from meetings.views import bp\n")
    (tmp_path / "app" / "bad.py").write_text("from meetings.views import bp\n")
    monkeypatch.setattr(arch, "PROJECT_ROOT", Path(tmp_path))
    assert arch.layering_violations() == ["app/bad.py:1 app/ imports meetings/ at module level"]


def test_the_check_catches_a_long_file(tmp_path, monkeypatch):
    arch = sys.modules[__name__]

    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "long.py").write_text("x = 1\n" * 401)
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "long.py").write_text("x = 1\n" * 401)
    monkeypatch.setattr(arch, "PROJECT_ROOT", Path(tmp_path))
    assert arch.oversized_files() == ["meetings/long.py: 401 lines"]

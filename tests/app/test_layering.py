"""The demo sits on top of the product, like the tests: app/, documents/, meetings/ and realtime/
never import demo/ when they are imported; only the launcher and the ``flask demo`` commands load
it, inside the function that needs it. The benchmarks stand on their own (no tests/), and an
installed package carries the demo's data files."""

from __future__ import annotations

import ast
import fnmatch
import tomllib

from app.config import PROJECT_ROOT

PRODUCT = ("app", "documents", "meetings", "realtime")
MAY_LOAD_THE_DEMO = {"app/launcher.py", "app/cli.py"}  # inside a function, never at module level


def imported_modules(tree: ast.AST):
    """(module name, whether the import runs when the file is imported) for each import."""

    def walk(node, top_level):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                yield from ((alias.name, top_level) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module, top_level
            inside = isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            yield from walk(child, top_level and not inside)

    yield from walk(tree, True)


def imports_of(package: str):
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        relative = path.relative_to(PROJECT_ROOT).as_posix()
        for module, top_level in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            yield relative, module, top_level


def _is(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_product_never_imports_the_demo_when_loaded():
    at_load = [
        (path, module)
        for package in PRODUCT
        for path, module, top in imports_of(package)
        if top and _is(module, "demo")
    ]
    assert at_load == []


def test_only_the_launcher_and_the_demo_commands_load_the_demo():
    loaders = {path for package in PRODUCT for path, module, _ in imports_of(package) if _is(module, "demo")}
    assert loaders <= MAY_LOAD_THE_DEMO
    assert "app/launcher.py" in loaders and "app/cli.py" in loaders  # the check looks where it should


def test_the_detector_sees_imports_at_load_and_inside_functions():
    tree = ast.parse("import demo.seed\nif True:\n    from demo import ca\ndef f():\n    from demo.tasks import x\n")
    assert list(imported_modules(tree)) == [("demo.seed", True), ("demo", True), ("demo.tasks", False)]


def test_the_benchmarks_stand_on_their_own():
    assert [(path, module) for path, module, _ in imports_of("bench") if _is(module, "tests")] == []


def test_the_demo_package_and_its_data_are_installed():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    assert "demo*" in setuptools["packages"]["find"]["include"]
    patterns = setuptools["package-data"]["demo"]
    content = sorted((PROJECT_ROOT / "demo").rglob("*.toml"))
    assert content, "the demo's documents are data files"
    for path in content:
        relative = path.relative_to(PROJECT_ROOT / "demo").as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative

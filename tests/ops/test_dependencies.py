"""Every package the application imports is declared directly in pyproject.toml, never only
reached through another package's dependencies or extras."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from app.settings import PROJECT_ROOT

# Imported by a dependency at run time rather than by our code: trafilatura cleans HTML with
# lxml.html.clean, a separate package since lxml 5.2.
HIDDEN_IMPORTS = {"lxml_html_clean": "lxml_html_clean"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(group: str | None = None) -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {_normalise(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
            for requirement in requirements}


def _imported_modules(folder: str) -> set[str]:
    modules: set[str] = set()
    for path in (PROJECT_ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m not in {"app", "tests"}}


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    mapping = importlib.metadata.packages_distributions()
    return {module: {_normalise(d) for d in mapping.get(module, [])} for module in modules}


def test_every_import_of_the_app_is_a_direct_dependency() -> None:
    declared = _declared()
    missing = {module: dists for module, dists in _distributions(_imported_modules("app")).items()
               if not dists & declared}
    assert missing == {}


def test_hidden_runtime_imports_are_declared_and_present() -> None:
    import lxml.html.clean  # noqa: F401 - what trafilatura does when it cleans a page

    declared = _declared()
    for distribution in HIDDEN_IMPORTS.values():
        assert _normalise(distribution) in declared


def test_every_import_of_the_tests_is_declared() -> None:
    declared = _declared() | _declared("test")
    missing = {module: dists for module, dists in _distributions(_imported_modules("tests")).items()
               if dists and not dists & declared}
    assert missing == {}

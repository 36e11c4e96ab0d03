"""Enrichment comes before stories: no module of enrich may import the stories app, not
even inside a function or for type checking, so that the two never form a circle."""

from __future__ import annotations

import ast
from pathlib import Path

ENRICH = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_no_enrich_module_imports_the_stories_app():
    offending = {
        str(path.relative_to(ENRICH)): sorted(
            module for module in imported_modules(path) if module.startswith("tidings.stories")
        )
        for path in ENRICH.rglob("*.py")
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}

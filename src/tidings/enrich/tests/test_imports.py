"""Imports of the tagger and the facts finder go one way: a pure core that never reaches
the database, then the stage that stores its results. Every import statement counts,
also those inside a function or under ``TYPE_CHECKING``."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
PURE = [
    "tidings.enrich.tagger",
    "tidings.enrich.tagging_candidates",
    "tidings.enrich.tagging_data",
    "tidings.enrich.tagging_kinds",
    "tidings.enrich.tagging_models",
    "tidings.enrich.tagging_ranking",
    "tidings.enrich.tagging_words",
    "tidings.enrich.facts_amounts",
    "tidings.enrich.facts_figures",
    "tidings.enrich.facts_patterns",
    "tidings.enrich.facts_what",
]
EDGES = ["tidings.enrich.tagging", "tidings.enrich.hashtags", "tidings.enrich.facts"]


def module_path(name: str) -> Path | None:
    base = SRC.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imported_by(name: str) -> set[str]:
    """Every module one module's import statements name, wherever the statement is."""
    path = module_path(name)
    if path is None:
        return set()
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if module_path(f"{node.module}.{alias.name}") is not None
            )
    return names


def reachable(start: str) -> set[str]:
    """The modules ``start`` imports, directly or through other modules of tidings."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for name in imported_by(todo.pop()):
            if name not in seen:
                seen.add(name)
                if name.startswith("tidings."):
                    todo.append(name)
    return seen


@pytest.mark.parametrize("module", PURE)
def test_the_pure_core_never_reaches_the_database(module):
    found = reachable(module)
    assert not {name for name in found if name.startswith("django.db")}
    assert not {name for name in found if name.endswith(".models")}
    assert not set(EDGES) & found


@pytest.mark.parametrize("module", PURE + EDGES)
def test_no_module_imports_itself_through_others(module):
    assert module not in reachable(module)

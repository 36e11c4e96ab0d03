"""The shape of the code: imports go one way, the pure stages never reach the database,
and every module is small enough to hold in mind. Every import statement counts, also
those inside functions or only for type checkers, since a deferred import is how a circle
usually hides."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "tidings"
# A module longer than this carries more than one idea: split it along them.
MOST_LINES = 400
# The pipeline's stages in the order an article passes them; each may use those before it.
STAGES = ["fetch", "parse", "extract", "articles", "dedupe", "enrich", "stories"]
# Stages and modules that take and return plain data: no database, no Django models.
PURE_STAGES = ["fetch", "parse", "extract"]
PURE_MODULES = [
    "tidings.enrich.tagger",
    "tidings.enrich.tagging_candidates",
    "tidings.enrich.tagging_data",
    "tidings.enrich.tagging_kinds",
    "tidings.enrich.tagging_models",
    "tidings.enrich.tagging_ranking",
    "tidings.enrich.tagging_words",
    "tidings.enrich.tagging_context",
    "tidings.enrich.tagging_gazetteer",
    "tidings.enrich.tagging_story",
    "tidings.enrich.headline_case",
    "tidings.enrich.facts_figures",
    "tidings.enrich.facts_what",
    "tidings.enrich.facts_patterns",
    "tidings.enrich.facts_amounts",
    "tidings.stories.clustering",
    "tidings.articles.thumbnails",
    "tidings.web.feed_formats",
    "tidings.ai.citations",
    "tidings.ai.dates",
    "tidings.search.query",
    "tidings.search.snippets",
    "tidings.search.ranking",
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path, known: set[str]) -> set[str]:
    """Every module a file imports. ``from tidings.x import y`` counts as ``tidings.x.y``
    when y is one of our modules, else as ``tidings.x``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            named = [f"{node.module}.{alias.name}" for alias in node.names]
            found.update(name if name in known else node.module for name in named)
    return found


def source_files() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    }


def all_imports() -> dict[str, set[str]]:
    files = source_files()
    known = set(files)
    return {name: imported_names(path, known) - {name} for name, path in files.items()}


def import_graph() -> dict[str, set[str]]:
    """Which of our modules each of our modules imports."""
    imports = all_imports()
    return {
        name: {target for target in found if target in imports} for name, found in imports.items()
    }


def reachable(graph: dict[str, set[str]], imports: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through our other modules."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        for target in imports[module]:
            if target not in seen:
                seen.add(target)
                if target in graph:
                    todo.append(target)
    return seen


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports as the list of modules along it, or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in visiting:
            return visiting[visiting.index(module) :] + [module]
        if module in done:
            return None
        visiting.append(module)
        for target in sorted(graph[module]):
            if cycle := visit(target):
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        if cycle := visit(module):
            return cycle
    return None


def test_no_module_imports_itself_through_others():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_stages_import_only_the_stages_before_them():
    backwards = sorted(
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if stage_of(module) in STAGES
        and stage_of(target) in STAGES
        and STAGES.index(stage_of(target)) > STAGES.index(stage_of(module))
    )
    assert backwards == []


def test_the_pure_stages_never_reach_the_database():
    graph, imports = import_graph(), all_imports()
    pure = [
        module
        for module in graph
        if (stage_of(module) in PURE_STAGES and ".management" not in module)
        or module in PURE_MODULES
    ]
    assert set(PURE_MODULES) <= set(graph), "a pure module was renamed: update PURE_MODULES"
    impure = {
        module: sorted(
            target
            for target in reachable(graph, imports, module)
            if target.startswith("django.db") or target.endswith(".models")
        )
        for module in pure
    }
    assert {module: found for module, found in impure.items() if found} == {}


def test_every_module_is_short_enough_to_read_whole():
    too_long = {
        str(path.relative_to(REPO)): lines
        for folder in ("src", "bench", "tests")
        for path in (REPO / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > MOST_LINES
    }
    assert too_long == {}


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_find_cycle_reports_the_circle(graph, expected):
    assert find_cycle(graph) == expected

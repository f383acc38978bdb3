"""The shape of the engine: import directions and one schema table documented once."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import PROJECT

from explainer import schema

PACKAGE = PROJECT / "explainer"


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_model_imports_no_parser_or_template_library() -> None:
    assert imports(PACKAGE / "model.py") & {"yaml", "jinja2", "markdown", "frontmatter"} == set()


def test_only_markup_imports_markdown() -> None:
    users = sorted(p.name for p in PACKAGE.glob("*.py") if "markdown" in imports(p))
    assert users == ["markup.py"]


def test_every_field_is_documented_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    records = [schema.SITE, schema.SOURCE, schema.SHEET, schema.SECTION, schema.CLAIM, schema.CITATION,
               schema.FIGURE, schema.PAGE, schema.ARCHIVE_SETTINGS, schema.FIGURE_KIND, schema.ORIGIN,
               schema.CORRECTION]
    for record in records:
        for spec in record.fields:
            assert spec.help
            assert f"`{spec.name}`" in readme, spec.name
    assert schema.docs_markdown() in readme, "README's field table is stale: run `python build.py fields`"


def module_imports(path: Path) -> set[str]:
    """The package's modules that `path` imports, anywhere in it (lazy and type-only imports too)."""
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:  # from .x import y
                names.add(node.module.split(".")[0])
            else:  # from . import x, y
                names |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("explainer."):
            names.add(node.module.split(".")[1])
    return names & modules


def import_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` (a path that comes back to its start), or None."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name):], name]
        if name in done:
            return None
        for target in sorted(graph.get(name, ())):
            if cycle := visit(target, [*path, name]):
                return cycle
        done.add(name)
        return None

    for start in sorted(graph):
        if cycle := visit(start, []):
            return cycle
    return None


def test_no_import_cycle_between_the_engines_modules() -> None:
    graph = {path.stem: module_imports(path) for path in PACKAGE.glob("*.py")}
    assert graph["pipeline"] >= {"load", "verify", "render", "output"}  # the walk sees the imports
    assert import_cycle(graph) is None, " -> ".join(import_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None

"""The shape of the engine: folders by role that import one another in one direction, no
import cycle, one schema table documented once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import PROJECT

from explainer.content import schema

PACKAGE = PROJECT / "explainer"
# The engine's folders, lowest first: a module may import its own folder's modules and
# those of the folders before it, never one after. The package's face (its __init__ and
# api.py) sits on top of them all.
LAYERS = ("content", "site", "builder", "tools")
FACE = frozenset({"explainer", "explainer.api"})


def module_name(path: Path, package: Path) -> str:
    """`explainer.site.views` for PACKAGE/site/views.py, `explainer.site` for its __init__.py."""
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules(package: Path) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def imported_modules(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's modules that the module `name` (at `path`) imports, anywhere in it: at
    the top, inside functions (lazy) and under TYPE_CHECKING alike."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[:len(name.split(".")) - node.level + is_package]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            # `from x import y`: y is a module of x, or a name defined in x.
            targets = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in modules else stem for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # a.b.C (a class) -> a.b
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = package_modules(package)
    return {name: imported_modules(path, name, set(modules)) for name, path in modules.items()}


def layer(name: str) -> int:
    """The rank of a module's folder (the face above every folder); -1 for a module outside them."""
    if name in FACE:
        return len(LAYERS)
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import that runs against the folders' order, as a line to print."""
    found = []
    for name, targets in sorted(graph.items()):
        for target in sorted(targets):
            if layer(target) > layer(name):
                found.append(f"{name} imports {target}: {name.split('.')[1]}/ may import only "
                             f"{', '.join(f'{folder}/' for folder in LAYERS[:layer(name) + 1])}")
    return found


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


def test_every_module_lives_in_a_folder_by_role() -> None:
    outside = [name for name in package_modules(PACKAGE) if layer(name) < 0]
    assert outside == [], f"modules outside {', '.join(LAYERS)} and the package's face: {outside}"


def test_folders_import_one_another_in_one_direction() -> None:
    graph = import_graph(PACKAGE)
    assert "explainer.content.model" in graph["explainer.content.load"]  # the walk sees the imports
    assert "explainer.builder.pipeline" in graph["explainer.api"]  # lazy ones too
    wrong = upward_imports(graph)
    assert wrong == [], "imports against the folders' order:\n" + "\n".join(wrong)


def test_no_import_cycle_between_the_engines_modules() -> None:
    graph = import_graph(PACKAGE)
    cycle = import_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "explainer"
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    for folder in LAYERS:
        (package / folder).mkdir(exist_ok=True)
        (package / folder / "__init__.py").touch()
    return package


def test_the_checks_find_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    package = write_package(tmp_path, {
        "content/model.py": "from __future__ import annotations\n",
        "content/load.py": "from .model import Site\n\ndef load():\n    from ..site import views\n",
        "site/views.py": "from ..content.model import Site\nfrom . import plan\n",
        "site/plan.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .views import Facts\n",
        "builder/pipeline.py": "from ..site import views\nfrom ..content import load\n",
        "api.py": "def build():\n    from .builder.pipeline import Session\n",
    })
    graph = import_graph(package)
    assert graph["explainer.content.load"] == {"explainer.content.model", "explainer.site.views"}
    assert graph["explainer.api"] == {"explainer.builder.pipeline"}
    assert upward_imports(graph) == ["explainer.content.load imports explainer.site.views: "
                                     "content/ may import only content/"]
    assert import_cycle(graph) == ["explainer.site.views", "explainer.site.plan", "explainer.site.views"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def external_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_model_imports_no_parser_or_template_library() -> None:
    assert external_imports(PACKAGE / "content" / "model.py") & {"yaml", "jinja2", "markdown", "frontmatter"} == set()


@pytest.mark.parametrize(("library", "folders"), [("jinja2", {"site", "builder"}), ("yaml", {"content", "builder"}),
                                                   ("babel", {"site"}), ("subprocess", {"builder", "tools"}),
                                                   ("multiprocessing", {"builder"})])
def test_libraries_stay_in_their_rooms(library: str, folders: set[str]) -> None:
    """Templates are the site's, YAML the content's (and the caches' engine key), the
    interface's languages (Babel) the site's, processes the builder's."""
    users = {path.relative_to(PACKAGE).parts[0] for path in PACKAGE.rglob("*.py") if library in external_imports(path)}
    assert users <= folders, f"{library} imported in {sorted(users - folders)}/"


def test_only_markup_imports_markdown() -> None:
    users = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                   if "markdown" in external_imports(path))
    assert users == ["site/markup.py"]


def schema_records() -> list[schema.Record]:
    return [value for value in vars(schema).values() if isinstance(value, schema.Record)]


def test_every_field_is_in_the_editors_contract() -> None:
    """docs/content-format.md states every key of the schema table in its text, then ends with
    the reference generated from the table (`build.py fields --write`)."""
    document = (PROJECT / "docs" / "content-format.md").read_text(encoding="utf-8")
    contract, _, reference = document.partition("## Field reference\n")
    assert len(schema_records()) >= 12
    missing = [f"{record.title}: {spec.name}" for record in schema_records() for spec in record.fields
               if not re.search(rf"`{spec.name}`|\b{spec.name}:", contract)]
    assert missing == [], f"keys of the schema table missing from docs/content-format.md: {missing}"
    assert all(spec.help for record in schema_records() for spec in record.fields)
    assert reference.endswith(schema.docs_markdown()), \
        "the field reference of docs/content-format.md is stale: run `python build.py fields --write`"


def test_the_documents_point_nowhere_outside_the_repository() -> None:
    """No document sends a reader to a folder the clone does not have (the team's shared folder)."""
    for path in [*PROJECT.glob("*.md"), *PROJECT.glob("docs/*.md"), *PROJECT.glob("bench/**/*.md")]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared folder" not in text, path

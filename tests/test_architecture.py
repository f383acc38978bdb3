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
               schema.FIGURE, schema.PAGE, schema.ARCHIVE_SETTINGS]
    for record in records:
        for spec in record.fields:
            assert spec.help
            assert f"`{spec.name}`" in readme, spec.name
    assert schema.docs_markdown() in readme, "README's field table is stale: run `python build.py fields`"

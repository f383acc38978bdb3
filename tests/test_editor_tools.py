"""Editor tooling: the quote finder and the JSON Schemas generated from the field table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import BASE, PROJECT, write_project

from explainer.content import schema


def test_quote_prints_a_citation_that_verifies_when_pasted(project: Path, cli) -> None:
    run = cli("quote", "src", "deputes", "approuve", "--root", str(project), "-n", "1")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "# content/sources/src.txt:3"
    assert lines[1] == "          - source: src"
    quote = json.loads(lines[2].split("quote: ", 1)[1])
    assert quote == "Les députés l’ont approuvé jeudi, par 397 voix."
    sheet = BASE["content/sheets/s.yaml"].replace('            quote: "une \\"aide immédiate\\""\n', lines[2] + "\n")
    write_project(project, {"content/sheets/s.yaml": sheet})
    assert cli("check", "--root", str(project)).code == 0


@pytest.mark.parametrize("argv, message", [
    (["quote", "scr", "traité"], "content/sources:1:1: unknown source 'scr' (did you mean 'src'?)"),
    (["quote", "src", "zzzz"], "no passage of src contains any of: zzzz"),
])
def test_quote_explains_why_it_found_nothing(project: Path, cli, argv: list[str], message: str) -> None:
    run = cli(*argv, "--root", str(project))
    assert run.code == 1
    assert message in run.err


def test_json_schemas_are_generated_from_the_table_and_up_to_date(cli) -> None:
    assert cli("schema", "--check").code == 0
    sheet = json.loads((PROJECT / "explainer/schemas/sheet.schema.json").read_text(encoding="utf-8"))
    claim = sheet["properties"]["sections"]["items"]["properties"]["claims"]["items"]
    assert list(claim["properties"]) == [spec.name for spec in schema.CLAIM.fields]
    assert claim["additionalProperties"] is False
    assert claim["properties"]["status"]["enum"] == list(schema.STATUSES)


def test_content_files_point_at_their_schema() -> None:
    pattern = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)
    files = [PROJECT / "site.yaml", *sorted((PROJECT / "content").glob("*/*.yaml"))]
    assert len(files) > 5
    for path in files:
        found = pattern.search(path.read_text(encoding="utf-8"))
        assert found, f"{path} has no yaml-language-server schema comment"
        assert (path.parent / found.group(1)).resolve().is_file(), path


EDITOR_FILES = [".s.yaml.swp", "s.yaml.swp", "s.yaml.swo", "4913", "s.yaml~", "#s.yaml#", ".#s.yaml", "sedAb12Cd",
                "s.yaml___jb_tmp___", "s.yaml___jb_old___", "s.yaml.bak", "s.yaml.kate-swp"]


@pytest.mark.parametrize("name", EDITOR_FILES)
def test_an_editor_s_temporary_or_backup_file_is_not_content(tmp_path: Path, cli, name: str) -> None:
    """Left beside a sheet, a source or a page, it is neither loaded nor an unexpected file."""
    root = write_project(tmp_path / "p")
    for folder in ("sheets", "sources", "pages"):
        (root / "content" / folder).mkdir(exist_ok=True)
        (root / "content" / folder / name).write_bytes(b"b0VIM 9.0\x00 not: [YAML")
    run = cli("build", "--root", str(root), "--no-search")
    assert run.code == 0 and run.err == "", run.err
    assert "1 claim," in run.out


def test_a_file_that_only_looks_like_a_temporary_one_is_still_reported(tmp_path: Path, cli) -> None:
    root = write_project(tmp_path / "p", {"content/sheets/notes.txt": "à trier\n"})
    run = cli("check", "--root", str(root))
    assert run.code == 1
    assert run.err.splitlines()[0] == \
        "content/sheets/notes.txt:1:1: unexpected file in content/sheets/ (expected .yaml files)"


def test_an_editor_s_backup_in_static_is_not_published(tmp_path: Path, cli) -> None:
    root = write_project(tmp_path / "p", {"static/extra.css": "p { margin: 0; }\n", "static/extra.css~": "old\n",
                                          "static/.extra.css.swp": "swap\n"})
    assert cli("build", "--root", str(root), "--no-search").code == 0
    published = {path.name for path in (root / "_site").iterdir()}
    assert "extra.css" in published and not {"extra.css~", ".extra.css.swp"} & published

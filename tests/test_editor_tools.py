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

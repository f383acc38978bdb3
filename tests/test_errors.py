"""Content mistakes beyond the bad-inputs corpus: several at once, and warnings.

One mistake at a time, with its exact message, lives in tests/bad_inputs/ (see
test_robustness.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE, write_project

SHEET = BASE["content/sheets/s.yaml"]


def test_all_problems_are_reported_in_one_run(project: Path, cli) -> None:
    write_project(project, {
        "content/sheets/s.yaml": SHEET.replace("title: S", "titel: S").replace("source: src", "source: nope"),
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("kind: news", "kind: gazette"),
    })
    run = cli("check", "--root", str(project))
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines == sorted(lines)
    assert any(line.startswith("content/sheets/s.yaml:1:1: unknown key 'titel'") for line in lines)
    assert any(line.startswith("content/sources/src.yaml:5:7: 'gazette' is not one of") for line in lines)
    assert not any("missing required key 'title'" in line for line in lines)  # the misspelt key said it


def test_citation_of_source_without_archive_is_a_warning(project: Path, cli) -> None:
    write_project(project, {
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("archive: src.txt\n", ""),
        "content/sheets/s.yaml": SHEET.replace("            quote: \"une \\\"aide immédiate\\\"\"\n", ""),
    })
    run = cli("build", "--root", str(project), "--out", str(project / "_site"))
    assert run.code == 0
    assert ("content/sheets/s.yaml:12:21: warning: source 'src' has no archive, so this citation in claim 'c1'"
            " cannot be verified") in run.err
    assert "1 warning in" in run.out


@pytest.mark.parametrize(("template", "text", "expected"), [
    ("_claim.html", "<li>\n{{ claim.no_such_field }}\n</li>\n", "templates/_claim.html:2:1: template error: "
                                                                "UndefinedError"),
    ("_claim.html", "<li>\n{% if %}\n</li>\n", "templates/_claim.html:2:1: template error: "),
    ("_citation.html", "<li>\n{{ source.no_such_field }}</li>\n", "templates/_citation.html:2:1: template error: "
                                                                   "UndefinedError"),
])
def test_a_mistake_in_a_claims_template_is_a_problem_at_its_line(project: Path, cli, template: str, text: str,
                                                                  expected: str) -> None:
    """Each claim is rendered on its own (fragments.py), not included: a mistake there is
    still the template's line, not a traceback."""
    write_project(project, {f"templates/{template}": text})
    run = cli("build", "--root", str(project), "--out", str(project / "_site"), "--no-search")
    assert run.code == 1
    assert expected in run.err
    assert "Traceback" not in run.err + run.out

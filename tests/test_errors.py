"""Content mistakes beyond the bad-inputs corpus: several at once, and warnings.

One mistake at a time, with its exact message, lives in tests/bad_inputs/ (see
test_robustness.py).
"""

from __future__ import annotations

from pathlib import Path

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
    assert any("missing required key 'title'" in line for line in lines)


def test_citation_of_source_without_archive_is_a_warning(project: Path, cli) -> None:
    write_project(project, {
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("archive: src.txt\n", ""),
        "content/sheets/s.yaml": SHEET.replace("            quote: \"une \\\"aide immédiate\\\"\"\n", ""),
    })
    run = cli("build", "--root", str(project), "--out", str(project / "_site"))
    assert run.code == 0
    assert ("content/sheets/s.yaml:12:21: warning: source 'src' has no archive, so this citation in claim 'c1'"
            " cannot be verified") in run.err
    assert "1 warnings" in run.out

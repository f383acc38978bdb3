"""`build.py new DIR`: a new explainer in one command, that builds with no warning."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_new_project_builds_with_no_warning(tmp_path: Path, cli, language: str) -> None:
    folder = tmp_path / "explainer"
    made = cli("new", str(folder), "--language", language)
    assert made.code == 0, made.err
    assert made.out.startswith(f"made {folder}: 7 files, language {language}\n")
    for name in ("site.yaml", "content/sources/gazette-2025-03-04.yaml", "content/sources/gazette-2025-03-04.txt",
                 "content/sheets/sheet.yaml", "content/pages/about.md", "content/pages/methode.md"):
        assert (folder / name).is_file(), name
    assert f"language: {language}\n" in (folder / "site.yaml").read_text(encoding="utf-8")
    run = cli("build", "--root", str(folder), "--no-search")
    assert run.code == 0 and run.err == ""
    assert ": 19 pages, 1 claim, 1 source, 0 warnings in " in run.out
    assert 'id="council-vote"' in (folder / "_site" / "sheet" / "index.html").read_text(encoding="utf-8")


def test_new_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path: Path, cli) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine\n", encoding="utf-8")
    run = cli("new", str(tmp_path / "taken"))
    assert run.code == 1
    assert run.err == f"build.py new: {tmp_path / 'taken'} exists and is not an empty folder: choose a new one; " \
                      "nothing written\n"
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


def test_new_refuses_a_language_that_is_not_a_tag(tmp_path: Path, cli) -> None:
    run = cli("new", str(tmp_path / "p"), "--language", "english please")
    assert run.code == 1 and "is not a BCP 47 language tag" in run.err
    assert not (tmp_path / "p").exists()


def test_the_yaml_files_name_the_engine_s_schemas(tmp_path: Path, cli) -> None:
    folder = tmp_path / "deep" / "project"
    assert cli("new", str(folder)).code == 0
    first = (folder / "content" / "sheets" / "sheet.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = (folder / "content" / "sheets" / first.split("$schema=", 1)[1]).resolve()
    assert schema.name == "sheet.schema.json" and schema.is_file()

"""Every page of the demo and of the real content passes the Nu HTML Checker (vnu.jar)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, build
from htmlcheck import html_files

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_checker() -> str:
    java = shutil.which("java")
    if java and VNU.is_file():
        return java
    message = "the Nu HTML Checker needs Java 17 and node_modules/vnu-jar: run `make test` (it runs `npm ci`)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def nu_errors(files: list[Path]) -> list[str]:
    """The checker's errors for `files`, as 'file:line: message'."""
    java = require_checker()
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/_site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_every_page_passes_the_nu_html_checker(built_demo: Path, built_split_demo: Path, tmp_path: Path) -> None:
    pages = html_files(built_demo)
    # The pages of views split into parts (index, year, month, numbered page, figure, actor, section).
    pages += [p for p in html_files(built_split_demo)
              if p.relative_to(built_split_demo).parts[0] in {"chronologie", "chiffres", "acteurs", "desaccords"}]
    if (PROJECT / "content" / "sheets").is_dir():
        assert build.main(["build", "--root", str(PROJECT), "--out", str(tmp_path / "_site"), "--no-search"]) == 0
        real = html_files(tmp_path / "_site")
        if (PROJECT / "content" / "translations").is_dir():  # every edition's pages too
            assert any(page.relative_to(tmp_path / "_site").parts[0] == "en" for page in real)
        pages += real
    assert len(pages) > 20
    assert nu_errors(pages) == []


def test_the_checker_sees_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=fr><title>x</title><p><div>mal imbriqué</p>", encoding="utf-8")
    assert nu_errors([broken])

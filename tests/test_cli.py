"""The command line: help, exit codes, summary, determinism, any working directory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, tree_bytes

import build


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["check", "--help"], ["serve", "--help"],
                                  ["publish", "--help"], ["fields", "--help"]])
def test_every_command_has_help(cli, argv: list[str]) -> None:
    run = cli(*argv)
    assert run.code == 0
    assert "usage: build.py" in run.out


@pytest.mark.parametrize("argv", [[], ["deploy"], ["build", "--nope"], ["serve", "--port", "x"], ["publish", "--nope"]])
def test_usage_errors_exit_2(cli, argv: list[str]) -> None:
    run = cli(*argv)
    assert run.code == 2
    assert "usage:" in run.err


def test_missing_root_is_a_usage_error(cli, tmp_path: Path) -> None:
    run = cli("check", "--root", str(tmp_path / "nowhere"))
    assert run.code == 2 and "is not a folder" in run.err


def test_build_prints_a_summary(demo: Path, cli) -> None:
    run = cli("build", "--root", str(demo))
    assert run.code == 0
    assert run.out.startswith(f"built {demo / '_site'}: 21 pages, 8 claims, 3 sources, 0 warnings in ")
    assert (demo / "_site" / "index.html").is_file()


def test_check_writes_nothing(demo: Path, cli) -> None:
    before = sorted(p for p in demo.rglob("*"))
    run = cli("check", "--root", str(demo))
    assert run.code == 0 and run.out == "ok: 8 claims checked, 0 warnings\n"
    assert sorted(p for p in demo.rglob("*")) == before


def test_two_builds_give_identical_trees(demo: Path, cli, tmp_path: Path) -> None:
    assert cli("build", "--root", str(demo), "--out", str(tmp_path / "a")).code == 0
    assert cli("build", "--root", str(demo), "--out", str(tmp_path / "b")).code == 0
    assert cli("build", "--root", str(demo), "--out", str(tmp_path / "a")).code == 0  # rebuild in place
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_works_from_any_directory_and_never_prints_a_traceback(demo: Path, tmp_path: Path) -> None:
    (demo / "content/sheets/traite.yaml").write_text("title: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", "demo"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("content/sheets/traite.yaml:2:1: YAML syntax error")
    assert "Traceback" not in result.stderr


def test_refuses_to_replace_a_folder_it_did_not_build(demo: Path, cli, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("do not delete", encoding="utf-8")
    run = cli("build", "--root", str(demo), "--out", str(precious))
    assert run.code == 1
    assert "refusing to replace" in run.err
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "do not delete"


def test_leftovers_of_a_killed_build_are_cleaned(demo: Path, cli) -> None:
    stray = demo / "._site.tmp-abc123"
    (stray / "half").mkdir(parents=True)
    assert cli("build", "--root", str(demo)).code == 0
    assert not stray.exists()


def test_static_files_are_copied(built_demo: Path) -> None:
    assert (built_demo / "style.css").read_bytes() == (PROJECT / "static/style.css").read_bytes()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_builds_and_serves_the_site_on_loopback(demo: Path) -> None:
    import time
    import urllib.request

    port = free_port()
    server = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(demo),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/traite/", timeout=2) as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        assert 'id="traite-approuve"' in body
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_a_long_build_says_where_its_time_went(demo: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "SPLIT_AFTER_SECONDS", 0.0)  # the demo builds in a blink
    run = cli("build", "--root", str(demo), "--no-search", "--no-cache")
    assert run.code == 0
    built, stages = run.out.splitlines()
    assert built.startswith("built ") and run.err == ""
    assert re.fullmatch(r"stages: load \d+\.\d\d s, verify \d+\.\d\d s, render \d+\.\d\d s, write \d+\.\d\d s", stages)

"""Large one-shot builds share the rendering with a forked copy: same bytes, same errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import tree_bytes
from contentgen import big_project

import build
from explainer.builder import workers
from explainer.builder.pipeline import Session
from explainer.content import filecache, load, verify
from explainer.site import render

pytestmark = pytest.mark.skipif(workers.available() < 2, reason="needs fork and two CPUs")


def log_processes(monkeypatch: pytest.MonkeyPatch, module: object, name: str, log: Path) -> Path:
    """Replace module.name by a wrapper that appends the calling process's id to `log`."""
    original = getattr(module, name)

    def logged(*args):
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return original(*args)

    monkeypatch.setattr(module, name, logged)
    return log


# Each stage that shares its work with a forked copy: its module, the threshold below which
# it does not (and its module), and the function that does one item of the work (and its module).
STAGES = {"load": (filecache, "PARALLEL_MIN_FILES", load, "load_sheet"),
          "verify": (verify, "PARALLEL_MIN_SHEETS", verify, "_check_sheet"),
          "render": (render, "PARALLEL_MIN_PAGES", render, "_render_one")}


def shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stage: str) -> Path:
    """Share even a small stage; the process id of each of its items is appended to a file."""
    threshold_module, threshold, module, function = STAGES[stage]
    monkeypatch.setattr(threshold_module, threshold, 2)
    return log_processes(monkeypatch, module, function, tmp_path / f"{stage}.txt")


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_shared_with_a_forked_copy_builds_what_one_process_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    log = shared(monkeypatch, tmp_path, stage)
    root = big_project(tmp_path / "big", sheets=40, claims=10, sources=12)
    assert build.main(["build", "--root", str(root), "--out", str(tmp_path / "shared"), "--no-search"]) == 0
    assert len(set(log.read_text().split())) == 2  # both processes did some of the work
    alone = Session(root, tmp_path / "alone", search=False, processes=1).build()
    assert alone.ok
    assert tree_bytes(tmp_path / "shared") == tree_bytes(tmp_path / "alone")


def test_template_errors_met_in_the_copy_are_reported_once_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    shared(monkeypatch, tmp_path, "render")
    root = big_project(tmp_path / "big", sheets=40, claims=10, sources=12)
    (root / "templates").mkdir()
    (root / "templates" / "sheet.html").write_text("{% extends 'base.html' %}\n{% block main %}\n"
                                                   "{{ sheet.no_such_field }}\n{% endblock %}\n")
    run = cli("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-search")
    assert run.code == 1
    assert run.err.count("templates/sheet.html:3:") == 1
    assert not (tmp_path / "out").exists()


def test_problems_met_in_the_copys_files_are_reported_once_in_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    parsers, checkers = shared(monkeypatch, tmp_path, "load"), shared(monkeypatch, tmp_path, "verify")
    root = big_project(tmp_path / "big", sheets=40, claims=10, sources=12)
    sheets = sorted((root / "content" / "sheets").glob("*.yaml"))
    for sheet in (sheets[3], sheets[-2]):  # one early, one late: each process meets some
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("status: ", "status: maybe-", 1), encoding="utf-8")
    for sheet in (sheets[5], sheets[-3]):  # and quotes that are not in their archives
        sheet.write_text(sheet.read_text(encoding="utf-8").replace('quote: "', 'quote: "ni ici ni là ', 1),
                         encoding="utf-8")
    run = cli("check", "--root", str(root))
    alone = Session(root, processes=1).check()
    assert run.code == 1
    assert run.err.splitlines() == [str(p) for p in alone.problems]
    wrong = [str(p) for p in alone.errors if "'maybe-" in p.message]
    assert [line.split(":")[0] for line in wrong] == [s.relative_to(root).as_posix() for s in (sheets[3], sheets[-2])]
    missing = [str(p) for p in alone.errors if "is not in the archive" in p.message]
    assert [line.split(":")[0] for line in missing] == [s.relative_to(root).as_posix() for s in (sheets[5], sheets[-3])]
    assert len(set(parsers.read_text().split())) == 2  # both processes parsed sheets
    assert len(set(checkers.read_text().split())) == 2  # both processes checked quotes


def test_items_of_a_copy_that_dies_are_done_by_this_process() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the copy dies after having taken an item
        return index * index

    assert workers.shared_map(work, 50, processes=2) == [i * i for i in range(50)]

"""A cold build's templates compiled by a forked copy on the second core (warmup.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, tree_bytes

import build
from explainer.builder import workers
from explainer.builder.buildcache import compiled_templates
from explainer.site.layout import template_dirs
from explainer.site.render import RenderCache

pytestmark = pytest.mark.skipif(workers.available() < 2, reason="needs fork and two CPUs")


def build_process(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`build.py build` in a process of its own: no other thread, so the copy is forked."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), *extra],
                          capture_output=True, text=True, timeout=120)


def template_names(root: Path) -> list[str]:
    return RenderCache(template_dirs(root)).env.list_templates()


def test_a_cold_build_has_every_template_compiled_and_the_same_site(demo: Path, tmp_path: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "unused.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    run = build_process(demo, "--no-search")
    assert run.returncode == 0, run.stderr
    # Every template, even the one no page uses (the build itself never loads it).
    assert len(list(compiled_templates(demo).glob("*.cache"))) == len(template_names(demo))
    assert build.main(["build", "--root", str(demo), "--out", str(tmp_path / "alone"), "--no-cache",
                       "--no-search"]) == 0
    assert tree_bytes(demo / "_site") == tree_bytes(tmp_path / "alone")


def test_a_broken_template_is_still_reported_at_its_line(demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "sheet.html").write_text("{% extends 'base.html' %}\n{% block main %}\n"
                                                   "{% if %}\n{% endblock %}\n", encoding="utf-8")
    run = build_process(demo, "--no-search")
    assert run.returncode == 1
    assert "templates/sheet.html:3:" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not (demo / "_site").exists()


FORK_OR_NOT = """
import sys, threading
from pathlib import Path
from explainer.builder import warmup
root = Path(sys.argv[1])
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
print("with another thread:", warmup.start(root))  # a fork would copy only this thread
stop.set()
other.join()
copy = warmup.start(root)
print("alone:", type(copy).__name__)
copy.finish()
print("compiled already:", warmup.start(root))  # nothing to gain
"""


def test_the_copy_is_forked_only_for_a_cold_build_in_a_process_without_threads(demo: Path) -> None:
    # In a process of its own: the test process may have threads of other tests.
    run = subprocess.run([sys.executable, "-c", FORK_OR_NOT, str(demo)], cwd=PROJECT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["with another thread: None", "alone: Warmup", "compiled already: None"]
    assert len(list(compiled_templates(demo).glob("*.cache"))) == len(template_names(demo))

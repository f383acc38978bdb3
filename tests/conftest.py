"""Shared fixtures: a tiny valid project to break, the demo project, the CLI in-process, a preview server."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from previewserver import PreviewServer

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(PROJECT))

import build  # noqa: E402 - imported once sys.path holds the project

# In CI (CI set, as CI services do), the property tests draw the same examples every run,
# so that a failure there is the code's, not the draw's; a local run draws new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The `browser` fixture (Debian's Chromium through Playwright), for the browser tests.
pytest_plugins = ["browser"]

# A minimal valid project; tests replace or delete files (None) to introduce one mistake.
BASE: dict[str, str] = {
    "site.yaml": (
        "title: T\n"
        "description: D\n"
        "language: fr\n"
        "base_url: https://example.org/t/\n"
    ),
    "content/sources/src.yaml": (
        "outlet: O\n"
        "title: Titre\n"
        "published: 2024-11-06\n"
        "language: fr\n"
        "kind: news\n"
        "archive: src.txt\n"
    ),
    "content/sources/src.txt": (
        "Le traité prévoit une « aide immédiate » en cas d’attaque.\n\n"
        "Les députés l’ont approuvé jeudi, par 397 voix.\n"
    ),
    "content/sheets/s.yaml": (
        "title: S\n"
        "summary: Résumé.\n"
        "updated: 2024-11-07\n"
        "sections:\n"
        "  - id: a\n"
        "    heading: H\n"
        "    claims:\n"
        "      - id: c1\n"
        "        text: Un fait.\n"
        "        status: reported\n"
        "        sources:\n"
        "          - source: src\n"
        "            quote: \"une \\\"aide immédiate\\\"\"\n"
    ),
}


def write_project(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write BASE overlaid with `files` (None deletes a file) under `root`."""
    merged: dict[str, str | bytes | None] = {**BASE, **(files or {})}
    for name, text in merged.items():
        path = root / name
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run build.py's main(argv) in-process; returns exit code and printed text."""

    def run(*argv: str) -> Run:
        try:
            code = build.main(list(argv))
        except SystemExit as exc:  # argparse exits for usage errors and --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demonstration project."""
    return Path(shutil.copytree(FIXTURES / "demo", tmp_path / "demo"))


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration project built once for the session; treat it as read-only.

    Built from a copy: a build keeps its cache in ROOT/.cache, which must not land in the
    source tree (nor carry one test run's state into the next).
    """
    folder = tmp_path_factory.mktemp("demo-site")
    root = shutil.copytree(FIXTURES / "demo", folder / "demo")
    out = folder / "_site"
    assert build.main(["build", "--root", str(root), "--out", str(out)]) == 0
    return out


# A budget that splits every view of the demo (about 4 KB a page), so that each kind of page
# of a split view is built: index, year, month, numbered page, figure key, actor, section.
SPLIT_BUDGET = 7_000


def build_with_budget(budget: int, *argv: str) -> int:
    """`build.main(argv)` with views split past `budget` bytes instead of the engine's."""
    from explainer.site import viewparts

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(viewparts, "PAGE_BUDGET", budget)
        return build.main(list(argv))


@pytest.fixture(scope="session")
def built_split_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration project built once, its views split into pages; read-only."""
    folder = tmp_path_factory.mktemp("split-demo-site")
    root = shutil.copytree(FIXTURES / "demo", folder / "demo")
    out = folder / "_site"
    assert build_with_budget(SPLIT_BUDGET, "build", "--no-cache", "--root", str(root), "--out", str(out)) == 0
    return out


@pytest.fixture
def server(demo: Path) -> Iterator[PreviewServer]:
    """`build.py serve` running on a copy of the demonstration project."""
    running = PreviewServer(demo)
    yield running
    running.stop()


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file as an editor would, failing if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close the browser shared by the browser tests, if any started it."""
    browser_module = sys.modules.get("browser")
    if browser_module is not None:
        browser_module.close_shared_browser()

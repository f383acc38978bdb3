"""The corpus of bad inputs in tests/bad_inputs/: what each case is and how to run it.

A case is `tests/bad_inputs/<case>.expected` (everything `build.py build` prints on
stderr for it) plus, usually, a folder `tests/bad_inputs/<case>/` holding only the files
that differ from the minimal valid project of conftest.BASE. What git cannot hold (a
symbolic link, a 5 MB file) or a deleted file is done by the case's entry in SETUP.
An empty `.expected` means the input is accepted. Regenerate with
`python tests/regen_expected.py [CASE ...]`, which prints every change it makes.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import build, tree_bytes, write_project

CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def _delete(name: str) -> Callable[[Path], None]:
    return lambda root: (root / name).unlink()


def _link_archive_outside(root: Path) -> None:
    """The archive becomes a link to a file beside the project, with the quoted text."""
    secret = root.parent / "secret.txt"
    shutil.copyfile(root / "content/sources/src.txt", secret)
    (root / "content/sources/src.txt").unlink()
    (root / "content/sources/src.txt").symlink_to(secret)


def _huge(name: str, prefix: bytes, size: int) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        line = b"# padding padding padding padding padding padding padding\n"
        (root / name).write_bytes(prefix + line * (size // len(line)))
    return make


def _long_wrong_quote(root: Path) -> None:
    """A 1 MB archive and a pasted 20 000-character quote that differs from it (once slow)."""
    text = "".join(f"Phrase {n} du texte archivé, sur la défense mutuelle. " for n in range(20_000))
    (root / "content/sources/src.txt").write_text(text, encoding="utf-8")
    sheet = root / "content/sheets/s.yaml"
    wrong = text[:20_000].replace("défense", "defense")
    sheet.write_text(sheet.read_text(encoding="utf-8").replace('"une \\"aide immédiate\\""', f'"{wrong}"'),
                     encoding="utf-8")


def _link(name: str, target: str) -> Callable[[Path], None]:
    """`name` becomes a symbolic link to `target` (relative to the link's folder)."""
    def make(root: Path) -> None:
        (root / name).unlink(missing_ok=True)
        (root / name).symlink_to(target)
    return make


def _link_sheet_outside(root: Path) -> None:
    """The sheet becomes a link to a valid sheet beside the project."""
    shutil.copyfile(root / "content/sheets/s.yaml", root.parent / "dehors.yaml")
    _link("content/sheets/s.yaml", "../../../dehors.yaml")(root)


def _fifo(root: Path) -> None:
    os.mkfifo(root / "content/sheets/tube.yaml")  # reading it would block the build forever


# Setup that git cannot hold, by case name; run after the case's files are copied.
SETUP: dict[str, Callable[[Path], None]] = {
    "archive-missing": _delete("content/sources/src.txt"),
    "no-site-yaml": _delete("site.yaml"),
    "symlink-outside": _link_archive_outside,
    "huge-file": _huge("content/sheets/s.yaml", b"title: S\n", 5 << 20),
    "huge-archive": _huge("content/sources/src.txt", b"Le texte.\n", 5 << 20),
    "long-wrong-quote": _long_wrong_quote,
    "sheet-link-outside": _link_sheet_outside,
    "link-loop": _link("content/sheets/boucle.yaml", "boucle.yaml"),
    "broken-link": _link("content/sheets/absente.yaml", "nulle-part.yaml"),
    "folder-named-yaml": lambda root: (root / "content/sheets/dossier.yaml").mkdir(),
    "fifo-named-yaml": _fifo,
    "archive-is-a-device": _link("content/sources/src.txt", "/dev/zero"),
}


# Cases accepted with warnings that publish something the valid project has not (an edition):
# the build succeeds and the site changes; every other accepted case gives the same site.
PUBLISHED = {
    "translation-stale-claim": "en/",
    "translation-missing-claim": "en/",
    "edition-without-catalog": "de/",
}


def cases() -> list[str]:
    """Every case of the corpus, by name: its `.expected`, its folder or its setup."""
    names = {path.stem for path in CORPUS.glob("*.expected")} | set(SETUP)
    return sorted(names | {path.name for path in CORPUS.iterdir() if path.is_dir()})


def expected(case: str) -> str:
    return (CORPUS / f"{case}.expected").read_text(encoding="utf-8")


def break_project(root: Path, case: str) -> None:
    """Turn the valid project at `root` into the case: copy its files, then run its setup."""
    folder = CORPUS / case
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                target = root / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    if case in SETUP:
        SETUP[case](root)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_build(root: Path, out: Path) -> Run:
    """`build.py build --root ROOT --out OUT` in this process, with what it printed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = build.main(["build", "--root", str(root), "--out", str(out)])
    return Run(code, stdout.getvalue(), stderr.getvalue())


@dataclass(frozen=True)
class CaseRun:
    """The second build of a case, and the output folder before and after it."""

    run: Run
    before: dict[str, bytes]
    after: dict[str, bytes]


def run_case(case: str, workdir: Path) -> CaseRun:
    """Build the valid project, break it as the case says, and build again."""
    root = write_project(workdir / "p")
    out = workdir / "out"
    assert run_build(root, out).code == 0
    before = tree_bytes(out)
    break_project(root, case)
    run = run_build(root, out)
    return CaseRun(run, before, tree_bytes(out))

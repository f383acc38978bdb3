"""One place that wires the stages: load → verify → render → write, with timings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import output
from .load import load
from .model import Site
from .problems import Location, Problem, Report
from .render import render
from .verify import verify

MAX_STATIC_BYTES = 20 << 20
# The engine's own templates and static files, used where a project has none of its own.
DEFAULTS = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Result:
    """What a build or check did: problems (errors and warnings), counts and timings."""

    problems: tuple[Problem, ...]
    site: Site | None = None
    pages: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self._last
        self._last = now


def check(root: Path) -> Result:
    """Load and verify the project at `root`; writes nothing."""
    return _run(Path(root), out=None)


def build(root: Path, out: Path | None = None) -> Result:
    """Load, verify, render and write the site of `root` to `out` (default ROOT/_site)."""
    root = Path(root)
    return _run(root, out=Path(out) if out is not None else root / "_site")


def _run(root: Path, out: Path | None) -> Result:
    clock = _Clock()
    report = Report()
    site = load(root, report)
    clock.lap("load")
    if site is None:
        return Result(tuple(report.sorted()), timings=clock.timings)
    evidence = verify(site, report)
    clock.lap("verify")
    if out is None or report.errors:
        return Result(tuple(report.sorted()), site, timings=clock.timings)
    pages = render(site, evidence, template_dirs(root), report)
    static = static_files(root, report)
    for name in sorted(set(pages) & set(static)):
        report.error(Location(f"static/{name}"), f"static file takes the place of the generated {name}")
    clock.lap("render")
    if report.errors:
        return Result(tuple(report.sorted()), site, timings=clock.timings)
    try:
        output.check_target(out, root)
        written = output.write_site(out, {k: v.encode("utf-8") for k, v in pages.items()}, static)
    except output.OutputError as exc:
        report.error(Location(_display(out, root)), str(exc))
        return Result(tuple(report.sorted()), site, timings=clock.timings)
    clock.lap("write")
    return Result(tuple(report.sorted()), site, len(pages), written.files, clock.timings)


def template_dirs(root: Path) -> list[Path]:
    """The project's templates/ first, then the engine's defaults."""
    return [d for d in (root / "templates", DEFAULTS / "templates") if d.is_dir()]


def static_files(root: Path, report: Report) -> dict[str, Path]:
    """The files to copy, by output path: the engine's defaults, then the project's static/."""
    found: dict[str, Path] = {}
    if (root / "static").resolve() != (DEFAULTS / "static").resolve():
        found.update(_static_folder(DEFAULTS, DEFAULTS / "static", report))
    found.update(_static_folder(root, root / "static", report))
    return found


def _static_folder(root: Path, folder: Path, report: Report) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in name.split("/")) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root.resolve()):
            report.error(Location(f"static/{name}"), "the file is a link to outside the project")
        elif path.stat().st_size > MAX_STATIC_BYTES:
            report.error(Location(f"static/{name}"), "the file is too large")
        else:
            found[name] = path
    return found


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


__all__ = ["Result", "build", "check"]

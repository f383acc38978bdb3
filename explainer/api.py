"""The library's entry points, `build` and `check`, light to import.

A build whose project is unchanged since the last one is answered from the build cache
(builder/buildcache.py) before the engine's heavy parts (Jinja, Markdown, YAML) are imported:
the command line's no-change rebuild starts and ends in a fraction of its time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .builder import buildcache, warmup, workers
from .builder.result import Clock, Result
from .site.layout import locale_dirs, static_folders, template_dirs

if TYPE_CHECKING:
    from .builder.pipeline import Session


def check(root: Path) -> Result:
    """Load and verify the project at `root`; writes nothing."""
    # One-shot, like `build`: the parsing may be shared with a forked copy, and the files
    # parsed by the last build are reused (a check writes nothing, not even that cache).
    return _session()(Path(root), processes=min(2, workers.available()), stream=True, disk_cache=True).check()


def build(root: Path, out: Path | None = None, use_cache: bool = True, search: bool = True) -> Result:
    """Load, verify, render and write the site of `root` to `out` (default ROOT/_site), then index it.

    With `use_cache`, a build whose inputs and output are exactly as the last successful
    build left them does nothing (see builder/buildcache.py).
    """
    root = Path(root)
    out = Path(out) if out is not None else root / "_site"
    clock = Clock()
    key = ""
    if use_cache:  # first, and without the engine: is there anything to do?
        key = buildcache.inputs_digest(root, template_dirs(root), static_folders(root),
                                       locale_dirs(root)) + f" search={search}"
        previous = buildcache.unchanged(root, out.resolve(), key)
        if previous is not None:
            clock.lap("check cache")
            return Result(previous.problems, None, previous.pages, 0, clock.timings, unchanged=True,
                          claims=previous.claims, sources=previous.sources)
    # A one-shot build has no other threads, so it may fork (see builder/workers.py); at most two
    # processes: beyond that, memory grows faster than the time saved. A cold build's
    # templates are compiled meanwhile by a copy forked before the engine is imported.
    warming = warmup.start(root) if use_cache else None
    session = _session()(root, out, search, processes=min(2, workers.available()), stream=True,
                         disk_cache=use_cache)
    try:
        result = session.build()
    finally:
        if warming is not None:
            warming.finish()
    if use_cache and result.ok:
        buildcache.remember(root, out.resolve(), key, buildcache.Outcome(
            result.pages, result.claims, result.sources, result.problems), session.page_keys, session.variant,
            session.data_parts)
    # A failed build leaves the output as it was: the manifest still tells what it holds.
    return result


def _session() -> type[Session]:
    """The engine, imported when there is work for it (not for an unchanged project)."""
    from .builder.pipeline import Session

    return Session

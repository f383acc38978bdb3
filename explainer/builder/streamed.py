"""A one-shot build's rendering and writing, every edition into one staging folder, swapped in whole.

Each page goes to the new site's folder as soon as it is made (`oneshot.render_into`), so
memory holds the model and one page, not the whole site; Pagefind indexes what readers
search meanwhile, one index per edition, into the same folder. With the build cache on
(`parsed`), a page whose key (pagekeys.py) is the one recorded for the file already in the
output is not made again: the new site's folder takes that file by a hard link.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from ..content.facts import Facts
from ..content.model import Site
from ..content.problems import Location, Report, shown_path
from ..content.verify import Evidence
from ..site import urls
from ..site.editions import Alternates, every_edition
from ..site.i18n import Catalogs
from ..site.searchdocs import SearchDocument
from . import buildcache, output
from .dataparts import ReusedParts
from .diskcache import engine_key
from .oneshot import Rendered, load_stored, render_into, save_stored
from .pagekeys import PageKeys, Parse, templates_digest
from .result import Clock, Result
from .search import SEARCH_INDEX, Indexing, cache_file


class Target(Protocol):
    """What a one-shot build reads and records of its session (pipeline.Session)."""

    root: Path
    out: Path
    search: bool
    disk_cache: bool
    processes: int
    catalogs: Catalogs
    variant: str
    page_keys: dict[str, str]
    data_parts: dict[str, list[int]]
    written: dict[str, Any]
    changed: list[str]

    def search_documents(self, site: Site) -> tuple[SearchDocument, ...]: ...


def build_streamed(session: Target, site: Site, evidence: Evidence, facts: tuple[Facts, ...], dirs: list[Path],
                   static: dict[str, Path], report: Report, clock: Clock, parsed: dict[str, Parse] | None) -> Result:
    """Render and write every edition of `site` (see the module); the output is swapped in
    only when all of it is made."""
    root, out = session.root, session.out

    def failed() -> Result:
        return Result(tuple(report.sorted()), site, timings=clock.timings)

    every = every_edition(site, evidence, facts)
    try:
        output.check_target(out, root)
        staging = output.Staging(out, buildcache.spare_site(root) if parsed is not None else None,
                                 tuple(edition.prefix + SEARCH_INDEX for edition, *_ in every))
    except output.OutputError as exc:
        report.error(Location(shown_path(out, root)), str(exc))
        return failed()
    recorded: dict[str, str] = {}
    ranges: dict[str, list[int]] = {}
    if parsed is not None:
        session.variant = engine_key()
        recorded, ranges = buildcache.previous_pages(root, out.resolve(), session.variant)
    indexings: list[Indexing] = []
    if session.search:
        for edition, local, *_ in every:
            indexings.append(Indexing(session.search_documents(local), staging.folder / edition.prefix / SEARCH_INDEX,
                                      cache_file(root, edition.prefix) if session.disk_cache else None,
                                      out / edition.prefix / SEARCH_INDEX))
        clock.lap("search")

    def index(folder: Path) -> None:
        clock.lap("write")
        for indexing in indexings:
            problem = indexing.finish()
            if problem:
                report.warn(Location(SEARCH_INDEX), problem)
        clock.lap("search")

    def stop() -> None:
        for indexing in indexings:
            indexing.stop()
        staging.discard()

    try:
        stored = load_stored(buildcache.fragments_file(root)) if parsed is not None else None
        compiled = buildcache.compiled_templates(root) if session.disk_cache else None
        templates = templates_digest(dirs) if parsed is not None else b""
        made: list[tuple[str, Rendered, PageKeys | None, ReusedParts | None]] = []
        alternates: Alternates = {}
        for edition, local, local_evidence, local_facts in reversed(every):  # the original's sitemap lists the others
            keys = data = None
            if parsed is not None:
                language = edition.language if edition.prefix else ""
                words = session.catalogs.formatter(local.settings.language).tag  # its catalogs' digest
                keys = PageKeys(local, parsed, templates, session.variant, recorded, language, words)
                data = ReusedParts(keys, out, ranges, edition.prefix)
            rendered = render_into(local, local_evidence, dirs, report, staging.write, local_facts,
                                   session.processes, compiled, keys, stored, data, edition, alternates,
                                   session.catalogs)
            alternates[edition.prefix] = rendered.urls
            made.append((edition.prefix, rendered, keys, data))
        names = [name for _, rendered, _, _ in made for name in rendered.names]
        kept = [name for _, rendered, _, _ in made for name in rendered.kept]
        replaced = replaced_files(names, static, report)
        pages = set(names) - replaced
        clock.lap("render")
        if report.errors:
            stop()
            return failed()
        for name in kept:
            staging.keep(name)
        if parsed is not None:
            save_stored(buildcache.fragments_file(root), stored or {},
                        {key for _, rendered, _, _ in made for key in rendered.reused},
                        {key: html for _, rendered, _, _ in made for key, html in rendered.made.items()},
                        len(evidence.claims) * len(every))
            session.page_keys, session.data_parts = {}, {}
            for prefix, rendered, keys, data in made:
                assert keys is not None and data is not None
                keys.forget(replaced)
                session.page_keys.update(keys.keys)
                # Data files kept as they were: their parts are where the previous build put them.
                data_kept = {prefix + urls.DATA["json"], prefix + urls.DATA["csv"]} <= set(rendered.kept)
                session.data_parts.update(data.previous if data_kept else rendered.ranges)
        for name, path in sorted(static.items()):
            staging.write(name, path.read_bytes())
        staging.finish(index if indexings else None, [*pages, *static])
    except output.OutputError as exc:
        stop()
        report.error(Location(shown_path(out, root)), str(exc))
        return failed()
    clock.lap("write")
    files = pages | set(static)
    session.written, session.changed = {}, sorted(files - set(kept))
    return Result(tuple(report.sorted()), site, len(pages), len(files), clock.timings,
                  claims=sum(len(f.claims) for f in facts), sources=len(site.sources))


# Generated files that a project may replace with its own static file of the same name.
REPLACEABLE = frozenset({"robots.txt"})


def replaced_files(generated: Iterable[str], static: dict[str, Path],
              report: Report) -> set[str]:
    """Generated files that a static file of the same name replaces; other clashes are errors."""
    replaced = set()
    for name in sorted(set(generated) & set(static)):
        if name in REPLACEABLE:
            replaced.add(name)
        else:
            report.error(Location(f"static/{name}"), f"static file takes the place of the generated {name}")
    return replaced

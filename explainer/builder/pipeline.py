"""One place that wires the stages: load → verify → render → write, with timings (`Session`)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..content.facts import Facts, FactsMemo, facts_of_sheets
from ..content.filecache import FileCache
from ..content.files import is_editor_noise
from ..content.load import load, load_source
from ..content.model import Site
from ..content.problems import Location, Problem, Report, did_you_mean, shown_path
from ..content.quotes import best_passages
from ..content.verify import Evidence, VerifyMemo, verify
from ..site import rules
from ..site.editions import Alternates, EditionMemos, every_edition
from ..site.i18n import Catalogs, check_languages
from ..site.layout import DEFAULTS, static_folders, template_dirs
from ..site.render import RenderCache, render
from ..site.searchdocs import SearchDocument, documents
from . import buildcache, output, workers
from .diskcache import DiskCache
from .oneshot import compiled_templates
from .result import Clock, Result
from .search import SEARCH_INDEX, index_search
from .streamed import build_streamed, replaced_files

MAX_STATIC_BYTES = 20 << 20


class Session:
    """Builds of one project that remember the previous build (for the live preview).

    The first build writes the whole site and swaps it in; later builds reparse only
    changed files, re-render only pages whose inputs changed and write only files whose
    bytes changed. The output is the same as a fresh build's (the tests hold this).
    """

    def __init__(self, root: Path, out: Path | None = None, search: bool = True, processes: int = 1,
                 stream: bool = False, disk_cache: bool = False) -> None:
        self.root = Path(root)
        self.out = out if out is not None else self.root / "_site"
        # A one-shot build may reuse the files parsed by the previous one (see diskcache.py);
        # a session of several builds keeps them in memory instead.
        self.disk = DiskCache.open(self.root) if disk_cache and stream else None
        self.files = FileCache(keep=not stream, disk=self.disk)
        self.verified = VerifyMemo()
        self.facts: FactsMemo = {}
        self.renders: RenderCache | None = None  # the original edition's
        self.edition_renders: dict[str, RenderCache] = {}  # the other editions', by language
        self.edition_memos: EditionMemos = {}  # their localized model (site/editions.py)
        self.sites: tuple[tuple[str, Site], ...] = ()  # each edition's site, by prefix, as the last build made it
        self.catalogs = Catalogs(self.root)  # the interface's words, the project's over the engine's
        self.written: dict[str, str | bytes] = {}  # what the output folder holds, by file
        self.changed: list[str] = []  # files the last build wrote or removed
        self.search = search  # build the search index after writing
        self.processes = processes  # >1 only where forking is safe: no other threads
        self.stream = stream  # one-shot: pages straight to disk, files and pages not kept for a next build
        self.disk_cache = disk_cache  # a one-shot build may keep the search index (ROOT/.cache/explainer/search.json)
        # A one-shot build with the build cache: each page's key (output file -> key, see
        # pagekeys.py) and what the keys depend on besides, for the manifest (buildcache.py).
        self.page_keys: dict[str, str] = {}
        self.data_parts: dict[str, list[int]] = {}
        self.variant = ""

    @property
    def postponed(self) -> list[str]:
        """The stale pages the last build kept (see `build`), every edition's."""
        return [prefix + url for prefix, cache in self._caches() for url in cache.postponed]

    @property
    def rendered(self) -> list[str]:
        """The pages (site URLs) the last build rendered, every edition's, the original's first."""
        return [prefix + url for prefix, cache in self._caches() for url in cache.rendered]

    def _caches(self) -> list[tuple[str, RenderCache]]:
        caches = [("", self.renders)] if self.renders is not None else []
        return caches + [(f"{language}/", cache) for language, cache in self.edition_renders.items()]

    def search_documents(self, site: Site) -> tuple[SearchDocument, ...]:
        """What readers of one edition search (site/searchdocs.py), in its interface's words."""
        return documents(site, self.catalogs.formatter(site.settings.language))

    def check(self) -> Result:
        """Load and verify only."""
        clock, report = Clock(), Report()
        site = load(self.root, report, self.files, share=workers.sharing(self.processes))
        clock.lap("load")
        if site is not None:
            verify(site, report, self.verified, share=workers.sharing(self.processes), kept=self.disk)
            rules.check(site, report)
            check_languages(site.settings, self.catalogs, report)
            clock.lap("verify")
        return Result(tuple(report.sorted()), site, timings=clock.timings)

    def build(self, later: frozenset[str] = frozenset(), changed: frozenset[str] | None = None) -> Result:
        """Load, verify, render and write; on any error the output is left as it was.

        Pages whose URL is in `later` may keep their previous, stale, bytes; `postponed`
        then lists them, and the next build without `later` brings them up to date.
        `changed`: the only content files (relative to the root) that may have changed
        since the previous build, from a file watcher; None: look at every file.
        """
        # The model is large and acyclic: the cyclic garbage collector only costs time here.
        # After the build, what is alive is kept out of later collections (gc.freeze).
        gc.disable()
        try:
            return self._build(later, changed)
        finally:
            gc.freeze()
            gc.enable()

    def _build(self, later: frozenset[str], changed: frozenset[str] | None) -> Result:
        clock, report = Clock(), Report()
        root = self.root
        share = workers.sharing(self.processes)
        site = load(root, report, self.files, changed, share)
        disk = self.disk
        clock.lap("load")
        if site is None:
            if disk is not None:
                disk.close()
            return Result(tuple(report.sorted()), timings=clock.timings)
        facts = facts_of_sheets(site, self.facts)
        evidence = verify(site, report, self.verified, facts, share, disk)
        rules.check(site, report)
        check_languages(site.settings, self.catalogs, report)  # each edition's interface: its catalog
        # What each content file's parse read, by digest: the pages' keys are made of it.
        parsed = {name: entry.inputs for name, entry in disk.current.items()} if disk is not None else None
        if disk is not None:
            disk.close()  # the files parsed and the quotes checked, for the next build
        clock.lap("verify")
        if report.errors:
            return Result(tuple(report.sorted()), site, timings=clock.timings)
        dirs = template_dirs(root)
        static = static_files(root, report)

        def index(folder: Path) -> None:
            clock.lap("write")
            for prefix, local in self.sites:
                problem, _ = index_search(folder / prefix, self.search_documents(local))
                if problem:
                    report.warn(Location(SEARCH_INDEX), problem)
            clock.lap("search")

        if self.stream:
            return build_streamed(self, site, evidence, facts, dirs, static, report, clock, parsed)
        pages = self._render_editions(site, evidence, facts, dirs, report, later)
        for name in replaced_files(pages, static, report):
            del pages[name]
        clock.lap("render")
        if report.errors:
            return Result(tuple(report.sorted()), site, timings=clock.timings)
        files: dict[str, str | bytes] = {**pages, **{name: path.read_bytes() for name, path in static.items()}}
        try:
            self._write(files, index if self.search else None)
        except output.OutputError as exc:
            report.error(Location(shown_path(self.out, root)), str(exc))
            return Result(tuple(report.sorted()), site, timings=clock.timings)
        clock.lap("write")
        return Result(tuple(report.sorted()), site, len(pages), len(files), clock.timings,
                      claims=sum(len(f.claims) for f in facts), sources=len(site.sources))

    def _render_editions(self, site: Site, evidence: Evidence, facts: tuple[Facts, ...], dirs: list[Path],
                         report: Report, later: frozenset[str]) -> dict[str, str | bytes]:
        """Every edition's files, by output path: the others first, whose pages the original's
        sitemap lists; each edition keeps its own renderer (and so its own memory of pages)."""
        every = every_edition(site, evidence, facts, self.edition_memos)
        for gone in set(self.edition_renders) - {edition.language for edition, *_ in every[1:]}:
            del self.edition_renders[gone]
        pages: dict[str, str | bytes] = {}
        alternates: Alternates = {}
        self.sites = tuple((edition.prefix, local) for edition, local, *_ in every)
        for edition, local, local_evidence, local_facts in reversed(every):
            cache = self.renders if not edition.prefix else self.edition_renders.get(edition.language)
            if cache is None or cache.template_dirs != dirs:
                cache = RenderCache(dirs, compiled_templates(buildcache.compiled_templates(self.root)),
                                    catalogs=self.catalogs)
                if edition.prefix:
                    self.edition_renders[edition.language] = cache
                else:
                    self.renders = cache
            made = render(local, local_evidence, dirs, report, cache, local_facts, later, edition, alternates)
            if edition.prefix:
                alternates[edition.prefix] = frozenset(cache.pages)
            pages.update((edition.prefix + name, text) for name, text in made.items())
        return pages

    def _write(self, files: dict[str, str | bytes], index: Callable[[Path], None] | None) -> None:
        """The first build writes a whole new site, indexed before it is swapped in; later
        builds of the session update the files that changed in place, then the index."""
        if not self.written or not (self.out / output.MARKER).exists():
            output.check_target(self.out, self.root)
            output.write_site(self.out, {name: _bytes(data) for name, data in files.items()}, index)
            self.changed = sorted(files)
        else:
            changed = {name: _bytes(data) for name, data in files.items()
                       if self.written.get(name) is not data and self.written.get(name) != data}
            removed = sorted(set(self.written) - set(files))
            output.update_site(self.out, changed, removed)
            self.changed = sorted(changed) + removed
            if index is not None and any(name.endswith(".html") for name in self.changed):
                index(self.out)
        self.written = files


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage of a source's archive, ready to paste as a citation."""

    source_id: str
    line: int
    text: str


def find_passages(root: Path, source_id: str, words: list[str], count: int = 3) -> tuple[list[Passage], list[Problem]]:
    """The passages of a source's archive that best match `words`."""
    report = Report()
    path = Path(root) / "content" / "sources" / f"{source_id}.yaml"
    if not path.is_file():
        known = [p.stem for p in path.parent.glob("*.yaml")]
        report.error(Location("content/sources"), f"unknown source '{source_id}'{did_you_mean(source_id, known)}")
        return [], report.sorted()
    source = FileCache().load(Path(root), path, report, lambda r, i: load_source(Path(root), path, r, i))
    if source is None or report.errors:
        return [], report.sorted()
    if source.archive is None:
        report.error(source.location, f"source '{source_id}' has no archive to quote from")
        return [], report.sorted()
    archive = source.archive
    passages = [Passage(source_id, archive.count("\n", 0, span.start) + 1, archive[span.start:span.end])
                for span in best_passages(archive, words, count)]
    return passages, report.sorted()


def static_files(root: Path, report: Report) -> dict[str, Path]:
    """The files to copy, by output path: the engine's defaults, then the project's static/."""
    found: dict[str, Path] = {}
    for folder in static_folders(root):
        found.update(_static_folder(root if folder == root / "static" else DEFAULTS, folder, report))
    return found


def _static_folder(root: Path, folder: Path, report: Report) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any(is_editor_noise(part) for part in name.split("/")) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root.resolve()):
            report.error(Location(f"static/{name}"), "the file is a link to outside the project")
        elif path.stat().st_size > MAX_STATIC_BYTES:
            report.error(Location(f"static/{name}"), "the file is too large")
        else:
            found[name] = path
    return found


__all__ = ["Passage", "Session", "find_passages", "static_files"]

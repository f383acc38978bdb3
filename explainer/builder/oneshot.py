"""A one-shot build's rendering: pages straight to the staging folder, shared between two
processes, with what the previous build left reused (compiled templates, unchanged pages,
claims' entries in the views, the data files' parts).

The site (site/render.py) knows how to render a page; this module decides which pages a
new process renders, with what help, and keeps what the next process may reuse:

- compiled templates in ROOT/.cache/explainer/templates (Jinja's bytecode cache, tagged
  with Jinja's version, the templates' syntax options and extensions);
- the claims' entries in the views in ROOT/.cache/explainer/fragments.pickle, by the key
  `PageKeys.entry_key` gives (pagekeys.py). A missing, truncated or foreign file is
  ignored: every entry is rendered again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache

from ..content.facts import Facts, facts_of_sheets
from ..content.model import Site
from ..content.problems import Report
from ..content.verify import Evidence
from ..site import urls
from ..site.editions import Alternates, Edition
from ..site.i18n import Catalogs
from ..site.plan import plan
from ..site.render import AUTOESCAPED, EXTENSIONS, SYNTAX, RenderCache, render_jobs
from . import dataparts, workers
from .dataparts import ReusedParts
from .pagekeys import PageKeys


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk, keyed by template source: a new process skips
    compiling them (about 150 ms for ours). An unreadable or corrupt entry is compiled
    again, never trusted; a folder that cannot be written only costs that time. Each
    language has its own (`in_language`: filters of a constant are folded at compile time)."""

    def in_language(self, language: str) -> jinja2.BytecodeCache:
        return _CompiledTemplates(self.directory, self.pattern.replace("_%s", f"_{language}_%s", 1))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compiled_templates(folder: Path) -> jinja2.BytecodeCache:
    """The compiled templates kept in `folder` (see buildcache.compiled_templates)."""
    # Jinja keys compiled templates on their source only: kept apart per version and options.
    options = (jinja2.__version__, AUTOESCAPED, *SYNTAX.values(), *EXTENSIONS, "newstyle gettext", "words folded")
    tag = hashlib.blake2b(repr(options).encode(), digest_size=6).hexdigest()
    return _CompiledTemplates(str(folder), f"__jinja2_{tag}_%s.cache")


@dataclass(frozen=True, slots=True)
class Rendered:
    """What `render_into` did: every file's path in order, those it did not make (the
    previous build's serve), and the claims' fragments it made or reused (site/fragments.py)."""

    names: list[str]
    urls: frozenset[str]  # the pages' URLs, from the edition's root
    kept: list[str]
    made: dict[bytes, str]
    reused: set[bytes]
    ranges: dict[str, list[int]]  # where each sheet's part lies in the data files (dataparts.py)


def render_into(site: Site, evidence: Evidence, template_dirs: list[Path], report: Report,
                sink: Callable[[str, bytes | Iterable[bytes]], None], facts: tuple[Facts, ...] | None = None,
                processes: int = 1, compiled: Path | None = None, keys: PageKeys | None = None,
                stored: dict[bytes, str] | None = None, data: ReusedParts | None = None,
                edition: Edition | None = None, alternates: Alternates | None = None,
                catalogs: Catalogs | None = None) -> Rendered:
    """Every generated file of the site handed to `sink(path, bytes)` as soon as it is made,
    by whichever process made it, and not kept: a one-shot build's memory then holds one
    page at a time, not the whole site. With `keys` (pagekeys.py), a page whose key is the
    one recorded for the file in the output is not made (the caller keeps that file), and
    the claims' entries in the views come from `stored` where they are there, and the data
    files' parts from `data` (dataparts.py). An `edition` other than the original's goes
    under its prefix (`names` are the output's, prefix included). The interface's words come
    from `catalogs` (the project's; default: the engine's), in the site's language."""
    cache = RenderCache(template_dirs, compiled_templates(compiled) if compiled is not None else None, later=False,
                        catalogs=catalogs)
    words = cache.speak(site)
    cache.entry_key, cache.stored = (keys.entry_key if keys is not None else None), stored or {}
    # No template versions: they tell one build's pages from the next's, and there is no next
    # (finding them parses every template, a third of a small site's build).
    # Without `data`, no open-data chunks kept: the data files are made sheet by sheet as they are written.
    planned = plan(site, evidence, facts if facts is not None else facts_of_sheets(site), data, None, words, edition,
                   alternates)
    prefix = edition.prefix if edition is not None else ""
    names = [prefix + urls.output_file(job.url) for job in planned.jobs]
    kept = [name for name, job in zip(names, planned.jobs, strict=True)
            if keys is not None and keys.unchanged(name, job)]
    skip = set(kept)
    jobs = [job for name, job in zip(names, planned.jobs, strict=True) if name not in skip]
    ranges: dict[str, list[int]] = {}
    def write(name: str, data_: bytes | Iterable[bytes]) -> None:
        sink(prefix + name, data_)

    made = render_jobs(cache, planned, jobs, report, workers.sharing(processes), write if prefix else sink,
                       data.take_ranges if data is not None else None)
    for _, found in made:
        if found:
            dataparts.merge(ranges, found)
    return Rendered(names, frozenset(job.url for job in planned.jobs), kept, cache.made, cache.reused, ranges)


def load_stored(path: Path) -> dict[bytes, str]:
    """The claims' entries kept by the previous build; empty if there are none that can be read."""
    try:
        with open(path, "rb") as file:
            stored = pickle.load(file)
    except Exception:  # missing, truncated, garbage: every entry is rendered again
        return {}
    return stored if isinstance(stored, dict) else {}


def save_stored(path: Path, previous: dict[bytes, str], reused: set[bytes], made: dict[bytes, str],
                claims: int) -> None:
    """Keep this build's entries for the next; the previous ones too, unless they outnumber a
    whole site's (a claim edit adds one), then only those this build used. A failure to
    write only costs the next build time."""
    if not made:
        return
    kept = {**previous, **made}
    if len(kept) > 2 * claims + 1000:
        kept = {**{key: previous[key] for key in reused if key in previous}, **made}
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as file:
            pickle.dump(kept, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)

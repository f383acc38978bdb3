"""Model to HTML: one Jinja environment, page contexts, {output file: text}. No writes."""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Callable, Iterable, MutableMapping
from functools import partial
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup, escape

from ..content import origins
from ..content.facts import Facts, facts_of_sheets
from ..content.model import Site
from ..content.problems import Location, Problem, Report
from ..content.sharing import Share, in_turn
from ..content.verify import Evidence
from . import chart, editionlinks, opendata, templatewords, urls
from . import format as fmt
from . import meta as linked
from .editions import Alternates, Edition
from .fragments import TEMPLATES as FRAGMENT_TEMPLATES
from .fragments import Fragments
from .i18n import Catalogs, Formatter
from .layout import DEFAULTS
from .markup import Markdown
from .plan import RAW, Job, Plan, PlanMemo, chrome, plan


class _Environment(jinja2.Environment):
    """Each template's globals as a plain dict, not Jinja's ChainMap over the environment's.

    Every context a template makes (a page, a claim's fragment, an include) copies them,
    and copying a ChainMap costs more than rendering a small fragment. The environment's
    globals are all set before any template is loaded (`make_environment`).
    """

    words: gettext.NullTranslations | None = None  # set before any template is loaded (make_environment)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Jinja's parse (a private method: jinja2 is pinned), then the words translated (templatewords.fold)."""
        tree = super()._parse(source, name, filename)
        return templatewords.fold(tree, self.words, self) if self.words is not None else tree


@runtime_checkable
class PerLanguage(Protocol):
    """A cache of compiled templates that keeps each language's apart (builder/oneshot.py)."""

    def in_language(self, language: str) -> jinja2.BytecodeCache: ...


AUTOESCAPED = ["html", "xml"]
# The templates' syntax options (the builder tags compiled templates with them, see builder/oneshot.py).
SYNTAX = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
# `{% trans %}` and `_()` (newstyle gettext: `_("%(n)s sources", n=3)`, autoescaped).
EXTENSIONS = ["jinja2.ext.i18n"]


def make_environment(template_dirs: list[Path], markdown: Markdown, compiled: jinja2.BytecodeCache | None = None,
                     formatter: Formatter | None = None) -> jinja2.Environment:
    """The one Jinja environment: autoescape, StrictUndefined, a fixed set of filters, and
    the interface in one language (`formatter`'s; default: English words, English formats).

    `compiled` keeps compiled templates between processes (the builder's, see builder/oneshot.py),
    one set per language: Jinja folds a filter of a constant (`"inexact"|status_label`) into
    the compiled template, so a template compiled in one language cannot serve another.
    """
    words = formatter if formatter is not None else Formatter("en")
    if isinstance(compiled, PerLanguage):
        compiled = compiled.in_language(words.tag)
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(AUTOESCAPED),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=compiled,
        extensions=EXTENSIONS,
        trim_blocks=SYNTAX["trim_blocks"],
        lstrip_blocks=SYNTAX["lstrip_blocks"],
        keep_trailing_newline=SYNTAX["keep_trailing_newline"],
    )
    env.install_gettext_translations(words.words, newstyle=True)  # type: ignore[attr-defined]  # the i18n extension's
    templatewords.install(env, words.words)  # the same, faster
    env.words = words.words  # and the words with no variables translated at compile time

    def sourcing(claim: Any, independent: int) -> str:
        """How well a claim is sourced: `3 sources, 2 independent origins` (the second number
        is given: it depends on every source's origin, see content/origins.py)."""
        return words.sourcing(len(origins.cited_sources(claim)), independent)

    env.filters.update(
        href=_href,
        markdown=markdown.block,
        markdown_inline=markdown.inline,
        status_icon=fmt.STATUS_ICONS.__getitem__,
        plain=markdown.plain,
        as_text=str,  # Markup → plain text, so that autoescape escapes it (HTML inside XML)
        absolute=_absolute,
        atom_date=linked.atom_date,
        og_locale=fmt.og_locale,
    )
    of_language: dict[str, Callable[..., Any]] = {
        "date": words.date,
        "as_of": words.as_of,
        "number": words.number,
        "status_label": words.status_label,
        "qualifier": words.qualifier,
        "kind": words.kind,
        # French typography for French text only; `typo("fr")` for a text in another language than the page's.
        "typo": lambda value, language=None: Markup(words.typo(escape(value), language)),
        "sourcing": sourcing,
    }
    env.filters.update(of_language)
    env.filters.update(editionlinks.FILTERS)
    env.globals.update(editionlinks.GLOBALS)
    env.globals.update(url=urls, ld=linked.LinkedData(markdown.plain), bar_chart=partial(chart.bar_chart, words=words),
                       status_labels=words.status_labels, status_help=words.status_help,
                       interface_text=words.script_text())
    return env


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A link to `target` (a site URL) from the page being rendered."""
    if context.get("absolute_links"):
        return urls.base_path(context["settings"].base_url) + target
    return urls.relative(context["page_url"], target)


@jinja2.pass_context
def _absolute(context: jinja2.runtime.Context, target: str) -> str:
    """The published address of a site URL (canonical links, Open Graph, feeds)."""
    return urls.absolute(context["settings"].base_url, target)


class RenderCache(Fragments):
    """Rendered pages kept between builds by a live-preview server (or one build), in one
    language; the claims' fragments come from `Fragments` (fragments.py)."""

    def __init__(self, template_dirs: list[Path], compiled: jinja2.BytecodeCache | None = None,
                 later: bool = True, language: str | None = None, catalogs: Catalogs | None = None) -> None:
        super().__init__()
        self.template_dirs = template_dirs
        self.compiled = compiled
        self.later = later  # there will be later builds: keep the excerpts rendered for them
        self.language = language  # None: the site's own (`settings.language`)
        self.catalogs = catalogs if catalogs is not None else Catalogs(DEFAULTS)  # the engine's alone
        self.markdown = Markdown()
        self.formatter: Formatter | None = None  # the language's, once a site is known (`speak`)
        self.env = self._environment(Formatter(language or "en"))
        self.pages: dict[str, tuple[tuple[Any, ...], str | bytes]] = {}  # url -> (inputs, text)
        self.outputs: dict[str, str | bytes] = {}  # the same texts by output file
        self.complete = False  # `pages` has a text for every page of the last plan
        self.shared: tuple[Any, ...] = ()
        self.opendata = opendata.Chunks()
        self.plans = PlanMemo()
        self.interned: dict[str, str] = {}  # template sources, one object per distinct text
        self.postponed: list[str] = []  # stale pages the last render kept (see `later`)
        self.closures: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.references: dict[str, list[str]] = {}  # template source -> templates it references
        self.rendered: list[str] = []  # URLs rendered by the last build, for progress output

    def _environment(self, formatter: Formatter) -> jinja2.Environment:
        env = make_environment(self.template_dirs, self.markdown, self.compiled, formatter)
        # `render` reads every template's source before each build and empties Jinja's cache
        # when one changed: no stat of a template each time a page includes it.
        env.auto_reload = False
        env.filters.update(claim_ref=self.claim_ref, claim_list=self.claim_list, excerpt_list=self.excerpt_list,
                           claim_html=self.claim_html)
        return env

    def speak(self, site: Site) -> Formatter:
        """The interface in this renderer's language (default: the site's), from its catalogs
        as they are now (CatalogError for one it cannot read). When the language or a
        catalog changed, the pages are made again, in a new environment."""
        return self.speak_language(self.language or site.settings.language)

    def speak_language(self, language: str) -> Formatter:
        """`speak`, in a language named."""
        formatter = self.catalogs.formatter(language)
        if formatter is not self.formatter:
            self.formatter, self.env = formatter, self._environment(formatter)
            self.pages, self.outputs, self.complete, self.versions = {}, {}, False, {}
            self.fragments, self.used_fragments = {}, {}
            self.plans, self.opendata = PlanMemo(), opendata.Chunks()
        return formatter


def render(site: Site, evidence: Evidence, template_dirs: list[Path], report: Report,
           cache: RenderCache | None = None, facts: tuple[Facts, ...] | None = None,
           later: frozenset[str] = frozenset(), edition: Edition | None = None,
           alternates: Alternates | None = None) -> dict[str, str | bytes]:
    """Every generated file of the site, as {path relative to the output: text}.

    `template_dirs` are searched in order: a project's own templates/ first, then the
    engine's defaults, so a project overrides only the templates it needs to. With a
    `cache`, only pages whose inputs or templates changed are rendered again. Pages whose
    URL is in `later` keep their previous text, if they have one, even when stale: the
    live preview brings them up to date after the browsers reload (`cache.postponed`).
    `edition` and `alternates`: which edition the site is, see editions.py (the files are
    named from the edition's own root: the caller puts them under its prefix).
    """
    if cache is None or cache.template_dirs != template_dirs:
        cache = RenderCache(template_dirs)
    words = cache.speak(site)
    cache.rendered = []
    templates = _template_versions(cache)
    same_templates = templates == cache.versions
    if not same_templates and cache.env.cache is not None:  # Jinja loads them again: no stat on each use
        cache.env.cache.clear()
    cache.versions = templates
    cache._claim_ref_template = cache._excerpt_template = cache._claim_template = None
    cache.used_fragments = {}
    shared = chrome(site)
    if shared != cache.shared:  # a header or footer change touches every page
        cache.pages, cache.shared, cache.complete = {}, shared, False
    planned = plan(site, evidence, facts if facts is not None else facts_of_sheets(site), cache.opendata, cache.plans,
                   words, edition, alternates)
    jobs = planned.jobs
    # After a small edit, only the jobs that are not the previous plan's (and the pages left
    # stale last time) can need rendering: the others are known to be up to date.
    check = jobs
    if planned.fresh is not None and cache.complete and same_templates:
        check = planned.fresh
        if not set(cache.postponed) <= {job.url for job in check}:
            check = jobs
    incremental = check is not jobs
    cache.complete, cache.postponed = False, []
    kept = dict(cache.pages) if incremental else {}  # url -> (key, text) of pages not rendered
    todo: list[tuple[Job, tuple[Any, ...]]] = []
    for job in check:
        key = (templates.get(job.template), job.inputs)
        previous = cache.pages.get(job.url)
        if previous is not None and (previous[0] == key or job.url in later):
            kept[job.url] = previous
            if previous[0] != key:
                cache.postponed.append(job.url)
        else:
            todo.append((job, key))
    made = [html for html, _ in render_jobs(cache, planned, [job for job, _ in todo], report)]
    cache.rendered = [job.url for job, _ in todo]
    for (job, key), html in zip(todo, made, strict=True):
        if html is not None:
            kept[job.url] = (key, html)
    if incremental:
        cache.pages = kept
        cache.outputs.update((urls.output_file(job.url), kept[job.url][1]) for job, _ in todo if job.url in kept)
    else:
        cache.pages = {job.url: kept[job.url] for job in jobs if job.url in kept}
        cache.outputs = {urls.output_file(url): html for url, (_, html) in cache.pages.items()}
    cache.complete = len(cache.pages) == len(jobs)
    cache.fragments.update(cache.used_fragments)
    # Entries of edited claims pile up: once they outnumber a whole site's entries (a claim's
    # entry in the views, its block on its sheet, its citations' excerpts), keep only the
    # entries this build used.
    if len(cache.fragments) > 10 * len(evidence.claims) + 1000:
        cache.fragments = cache.used_fragments
    return dict(cache.outputs)


# Below this many pages to render, a forked copy costs more than it saves.
PARALLEL_MIN_PAGES = 200


def render_jobs(cache: RenderCache, planned: Plan, jobs: list[Job], report: Report, share: Share | None = None,
                sink: Callable[[str, bytes | Iterable[bytes]], None] | None = None,
                data_written: Callable[[], Any] | None = None) -> list[tuple[str | bytes | None, Any]]:
    """The text of each job (None where a template failed, or everywhere with a `sink`),
    with what `data_written()` returned after the job's data file went to the sink (the
    builder's note of where its parts lie, see builder/dataparts.py), or None.

    With `share` (see content/sharing.py) and many jobs, the jobs are shared out; each
    claim's fragment made elsewhere comes back with the page that made it."""
    share = share if len(jobs) >= PARALLEL_MIN_PAGES else None
    if share is not None:
        for name in {job.template for job in jobs} - {RAW}:  # compiled once, before the fork
            with contextlib.suppress(jinja2.TemplateError):  # reported with its line by each page using it
                cache.env.get_template(name)

    def one(index: int) -> tuple[str | bytes | None, list[Problem], dict[bytes, str], Any]:
        job, problems = jobs[index], Report()
        if job.template == RAW and sink is not None:  # data files: written piece by piece
            sink(urls.output_file(job.url), planned.context(job)["data"])
            return None, [], {}, data_written() if data_written is not None else None
        if job.template == RAW:  # data files: made in Python, as bytes, without a template
            html: str | bytes | None = b"".join(planned.context(job)["data"])
        else:
            html = _render_one(cache.env, job.template, planned.context(job), problems)
        if html is not None and sink is not None:
            sink(urls.output_file(job.url), html.encode() if isinstance(html, str) else html)
            html = None
        return html, problems.problems, cache.take_made(), None  # a forked copy's fragments come back with its pages

    made = (share or in_turn)(one, len(jobs))
    for _, problems, fragments, _ in made:
        report.extend(problems)
        cache.made.update(fragments)
    return [(html, found) for html, _, _, found in made]


def _template_versions(cache: RenderCache) -> dict[str, tuple[str, ...]]:
    """For each template, the sources of it and of every template it extends or includes.

    Sources are interned, so an unchanged template compares by identity: cheap for
    thousands of pages.
    """
    env = cache.env
    assert env.loader is not None
    sources: dict[str, str] = {}
    for name in env.loader.list_templates():
        try:
            text = env.loader.get_source(env, name)[0]
        except jinja2.TemplateNotFound:
            continue
        sources[name] = cache.interned.setdefault(text, text)
    closures = {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen or current not in sources:
                continue
            seen.add(current)
            todo += _references(cache, sources[current])
        closure = tuple(sources[n] for n in sorted(seen))
        closures[name] = cache.closures.setdefault(closure, closure)  # same object while unchanged
    return closures


def _references(cache: RenderCache, source: str) -> list[str]:
    """The templates a template's source extends or includes, or renders through a fragment's
    filter (`claim_list`: `_claim_ref.html`, see fragments.py); a syntax error: none here."""
    if source not in cache.references:
        try:
            tree = cache.env.parse(source)
            names = [n for n in meta.find_referenced_templates(tree) if n]
            names += [FRAGMENT_TEMPLATES[f.name] for f in tree.find_all(nodes.Filter) if f.name in FRAGMENT_TEMPLATES]
        except jinja2.TemplateSyntaxError:
            names = []  # reported with its line when the template is rendered
        cache.references[source] = names
    return cache.references[source]


def _render_one(env: jinja2.Environment, name: str, context: dict[str, Any], report: Report) -> str | None:
    """Render one template; template mistakes become problems with the template's line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        report.error(Location(f"templates/{exc.name or name}", exc.lineno or 1), f"template error: {exc.message}")
    except jinja2.TemplateNotFound as exc:
        report.error(Location(f"templates/{name}"), f"template not found: {exc.name}")
    except Exception as exc:
        where = _template_frame(exc) or Location(f"templates/{name}")
        report.error(where, f"template error: {type(exc).__name__}: {exc}")
    return None


def _template_frame(exc: BaseException) -> Location | None:
    """The innermost template line in a traceback (Jinja rewrites frames to template lines)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if "/templates/" in filename.replace("\\", "/") and not filename.endswith(".py"):
            found = Location("templates/" + filename.replace("\\", "/").rsplit("/templates/", 1)[1], tb.tb_lineno)
        tb = tb.tb_next
    return found

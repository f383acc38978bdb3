"""Every page of the site, with its context and the inputs that decide whether to re-render it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..content import origins
from ..content.facts import Facts, edited, edited_sources
from ..content.model import Claim, Correction, Page, Ref, Sheet, Site, Source
from ..content.verify import Evidence
from . import format as fmt
from . import meta as linked
from . import opendata, urls, viewparts, views
from .editions import Alternates, Edition, only_edition, sitemap_entries
from .excerpts import Kept, excerpts
from .i18n import Formatter, engine_formatter

RAW = ""  # the template name of files made without a template (the open data)
MAX_HEADER_SHEETS = 8


@dataclass(frozen=True, slots=True)
class Job:
    """One output page: its URL, template, what it reads, and how to make its own context.

    `inputs` holds the model objects the page shows; when they are the same (or equal)
    as in the previous build and the templates are unchanged, the page is not re-rendered.
    `values` makes the page's own part of the context from the build's `Plan`; it reads
    nothing of a build but the plan and its inputs, so that a job can serve again in a
    later build whose inputs are the same objects.
    """

    url: str
    template: str
    inputs: tuple[Any, ...]
    values: Callable[[Plan], dict[str, Any]] = lambda plan: {}


@dataclass(frozen=True, slots=True)
class Plan:
    """The pages of one build and what their contexts share."""

    jobs: list[Job]
    site: Site
    evidence: Evidence
    common: dict[str, Any]  # the context every page shares
    contradicted: dict[str, Claim]  # claims that other claims contradict, by id
    memo: PlanMemo
    # The jobs that are not the previous plan's own (same URLs, same order otherwise);
    # None: no previous plan, or the site's structure changed (pages added or removed).
    fresh: list[Job] | None = None

    def context(self, job: Job) -> dict[str, Any]:
        return {**self.common, **job.values(self), "page_url": job.url}


@dataclass
class PlanMemo:
    """What the previous plan derived from the whole site, kept by a live-preview session.

    After a few sheets are edited, most of it is the same: only what the edited sheets
    (and sources) feed is derived again, the other jobs are the same objects, and
    planning 1000 sheets after a one-claim edit takes a few milliseconds.
    """

    facts: tuple[Facts, ...] = ()
    structure: tuple[Any, ...] = ()  # what, when it changes, makes the next plan start afresh
    position: dict[str, int] = field(default_factory=dict)  # of each sheet id in `facts`
    citing: views.Citing = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    sheet_jobs: list[Job] = field(default_factory=list)  # in `facts` order
    source_jobs: dict[str, Job] = field(default_factory=dict)  # in `citing` order
    pointing: dict[str, set[int]] = field(default_factory=dict)  # claim id -> sheets contradicting it
    contradicted: dict[str, Claim] = field(default_factory=dict)  # those claims, by id
    views: dict[str, Any] = field(default_factory=dict)
    excerpts: Kept | None = field(default_factory=dict)  # source pages' excerpts (see excerpts.py); None: none kept


def plan(site: Site, evidence: Evidence, facts: tuple[Facts, ...],
         chunks: opendata.Chunks | None = None, memo: PlanMemo | None = None, words: Formatter | None = None,
         edition: Edition | None = None, alternates: Alternates | None = None) -> Plan:
    """Every page of the site, with the inputs that decide whether to re-render it.

    With the `memo` of the previous plan, only what the edited sheets and sources feed is
    derived again (the result is the same as without it). `words`: the interface's language,
    for what the plan itself writes (the titles of a split view's parts, the open data's
    status labels); default: the site's language, with the engine's catalogs. `edition`:
    which edition the site is (default: the original alone); the original's sitemap lists
    the pages of the others (`alternates`, see editions.py), which are planned first.
    """
    words = words if words is not None else engine_formatter(site.settings.language)
    edition = edition or only_edition(site)
    # Without a memo (a one-shot build), nothing is kept for a next build: each excerpt is
    # shown once, so keeping them would only hold the whole site's excerpts in memory.
    memo = memo if memo is not None else PlanMemo(excerpts=None)
    try:
        return _plan(site, evidence, facts, chunks, memo, words, edition, alternates or {})
    except BaseException:
        memo.facts = ()  # half updated: the next plan starts afresh
        raise


def _plan(site: Site, evidence: Evidence, facts: tuple[Facts, ...], chunks: opendata.Chunks | None,
          memo: PlanMemo, words: Formatter, edition: Edition, alternates: Alternates) -> Plan:
    method = next((p for p in site.pages if p.id == urls.METHOD_PAGE), None)
    groups = origins.origin_groups(site.sources)
    structure = (tuple(site.sources), tuple(p.id for p in site.pages), method is not None, site.settings, groups,
                 words, edition)
    edits = edited(memo.facts, facts) if memo.facts and structure == memo.structure else None
    # Sources changed since the previous plan:
    changed_sources = edited_sources(site.sources, memo.sources) if edits is not None else set(site.sources)

    def same(*names: str) -> bool:
        """Whether these parts of the edited sheets' facts are equal to the previous plan's."""
        return edits is not None and all(getattr(memo.facts[n], name) == getattr(facts[n], name)
                                         for n in edits for name in names)

    def same_sheets(part: Callable[[Sheet], Any]) -> bool:
        return edits is not None and all(part(memo.facts[n].sheet) == part(facts[n].sheet) for n in edits)

    old, new = memo.views, dict[str, Any]()
    new["timeline"] = old["timeline"] if same("dated") else views.timeline(facts)
    new["figures"] = old["figures"] if same("with_figure") else views.figures(facts, site.settings.figures)
    new["reactions"] = old["reactions"] if same("with_actor") else views.reactions(facts)
    new["sources"] = old["sources"] if not changed_sources else _sources_by_date(site)
    new["disagreements"] = old["disagreements"] if same("conflicting", "disputed", "inexact", "corrections") \
        and not changed_sources \
        and new["figures"] is old["figures"] else views.disagreements(facts, site, new["figures"])
    new["sheet_list"] = old["sheet_list"] if same_sheets(_listed) else tuple(_listed(s) for s in site.sheets)
    timeline, figures, sources = new["timeline"], new["figures"], new["sources"]
    reactions, disagreements, sheet_list = new["reactions"], new["disagreements"], new["sheet_list"]
    # The right versions shown beside inexact claims, wherever these appear; the log of corrections.
    fixes = views.right_versions(facts, evidence.claims)
    log = views.corrections_log(site)
    logged = (log, tuple((c.sheet_id, c.claims) for c in log),
              tuple(evidence.claims.get(ref.id) for c in log for ref in c.claims))
    labels = words.status_labels  # the open data's status labels
    every_claim = (site.sheets, sources, groups, labels)
    # A view too big for one page is split into parts (viewparts.py), each a job showing its own claims.
    splits = {name: _split(old, new, name, fixes, words) for name in viewparts.TITLES}
    figure_urls = viewparts.figure_urls(figures, splits["figures"])
    linked_figures = tuple(figure_urls[g.key] for g in disagreements.figures)
    jobs = [
        Job(urls.home(), "home.html", (sheet_list,)),
        Job(urls.sources_index(), "sources.html", (sources,), lambda _: {"sources": sources}),
        *_view_jobs(splits["timeline"], "timeline.html", "months", fixes, (), Job(
            urls.view("timeline"), "timeline.html", (timeline, _shown(fixes, evidence, "date")),
            lambda _: {"months": timeline, "part": None})),
        *_view_jobs(splits["figures"], "figures.html", "groups", fixes, (sources,), Job(
            urls.view("figures"), "figures.html", (figures, sources, _shown(fixes, evidence, "figure")),
            lambda _: {"groups": figures, "part": None})),
        *_view_jobs(splits["reactions"], "reactions.html", "groups", fixes, (), Job(
            urls.view("reactions"), "reactions.html", (reactions, _shown(fixes, evidence, "actor")),
            lambda _: {"groups": reactions, "part": None})),
        *_view_jobs(splits["disagreements"], "disagreements.html", "found", fixes, (linked_figures,), Job(
            urls.view("disagreements"), "disagreements.html", (disagreements, sources, fixes, linked_figures),
            lambda _: {"found": disagreements, "figure_urls": figure_urls, "part": None}),
            {"figure_urls": figure_urls}),
        Job(urls.view("corrections"), "corrections.html", (logged, sheet_list),
            lambda plan: {"entries": _with_sheets(log, site), "claims": plan.evidence.claims}),
        Job(urls.view("search"), "search.html", ()),
        Job("404.html", "404.html", (), lambda _: {"absolute_links": True}),
        Job(urls.FEED, "feed.xml", (sheet_list, log),
            lambda _: {"entries": linked.feed_entries(site), "corrections": _with_sheets(log, site),
                       "updated": linked.latest_update(site)}),
        Job(urls.DATA["json"], RAW, every_claim, lambda _: {"data": opendata.claims_json(site, chunks, labels)}),
        Job(urls.DATA["csv"], RAW, every_claim, lambda _: {"data": opendata.claims_csv(site, chunks, labels)}),
        Job(urls.DATA["corrections"], RAW, (log,), lambda _: {"data": opendata.corrections_json(site, log)}),
    ]
    page_jobs = [Job(urls.page(p.id), "page.html", (p,), partial(_page_values, p)) for p in site.pages]
    # A view's parts come and go with its content (an actor renamed, a month's first claim):
    # then pages are removed, as when the site's structure changes.
    new["view urls"] = tuple(job.url for job in jobs)
    same_views = new["view urls"] == old.get("view urls")
    fresh = jobs + page_jobs
    if edits is None:
        memo.position = {f.sheet.id: n for n, f in enumerate(facts)}
        memo.pointing = {}
        for n, f in enumerate(facts):
            for _, ref in _references(f):
                memo.pointing.setdefault(ref.id, set()).add(n)
        memo.contradicted = {i: evidence.claims[i] for i in memo.pointing if i in evidence.claims}
        touched: set[str] = set()
    else:
        # Claims of the edited sheets, and the claims they contradicted or now contradict:
        touched = {i for n in edits for i in (*memo.facts[n].by_id, *facts[n].by_id)}
        for n in edits:
            for _, ref in _references(memo.facts[n]):
                memo.pointing[ref.id].discard(n)
                touched.add(ref.id)
            for _, ref in _references(facts[n]):
                memo.pointing.setdefault(ref.id, set()).add(n)
                touched.add(ref.id)
        memo.contradicted = dict(memo.contradicted)  # a new object: the previous plan's stays as it was
        for i in touched:
            if memo.pointing.get(i) and i in evidence.claims:
                memo.contradicted[i] = evidence.claims[i]
            else:
                memo.contradicted.pop(i, None)
    contradicted = memo.contradicted

    def sheet_job(f: Facts) -> Job:
        cited = tuple(site.sources.get(source_id) for source_id in f.citing)
        targets = tuple(contradicted.get(ref.id) for _, ref in _references(f))
        counts = tuple(origins.independent_origins(claim, groups) for claim in f.claims)
        return Job(urls.sheet(f.sheet.id), "sheet.html", (f.sheet, cited, targets, counts, method is not None),
                   partial(_sheet_values, f.sheet, cited))

    if edits is None:
        memo.sheet_jobs = [sheet_job(f) for f in facts]
        citing = views.citing_facts(site, facts)
        memo.source_jobs = {source_id: _source_job(site.sources[source_id], source_id, found, fixes)
                            for source_id, found in citing.items()}
        new["sitemap"] = None
    else:
        # The sheets to plan again: those edited, those citing an edited source, and those
        # that show a claim of an edited sheet (one they contradict).
        again = set(edits).union(*(memo.pointing.get(i, ()) for i in touched))
        again.update(memo.position[f.sheet.id] for i in changed_sources for f in memo.citing.get(i, ()))
        for n in sorted(again):
            job = sheet_job(facts[n])
            if n in edits or job.inputs != memo.sheet_jobs[n].inputs:
                memo.sheet_jobs[n] = job
                fresh.append(job)
        patched = views.patch_citing(memo.citing, memo.facts, facts, edits, memo.position)
        assert patched is not None, "verify reports citations of unknown sources"
        citing, redone = patched
        for source_id in sorted(redone | changed_sources):
            job = memo.source_jobs[source_id] = _source_job(site.sources[source_id], source_id, citing[source_id],
                                                            fixes)
            fresh.append(job)
        new["sitemap"] = old["sitemap"] if same_views and same_sheets(lambda sheet: sheet.updated) else None
    jobs += memo.sheet_jobs
    jobs += page_jobs
    jobs += memo.source_jobs.values()
    if not edition.prefix:  # the original's: one robots.txt and one sitemap for every edition
        page_urls = tuple(j.url for j in jobs)
        if new["sitemap"] is None or new["sitemap"][0] != alternates:
            new["sitemap"] = (alternates, sitemap_entries(site, page_urls, edition, alternates))
        entries = new["sitemap"][1]
        jobs.append(Job("robots.txt", "robots.txt", ()))
        jobs.append(Job("sitemap.xml", "sitemap.xml", (entries,), lambda _: {"entries": entries}))
        fresh.append(jobs[-1])
    memo.facts, memo.structure, memo.citing, memo.sources, memo.views = facts, structure, citing, \
        dict(site.sources), new
    common = {"settings": site.settings, "site": site, "nav_sheets": header_sheets(site), "sheets": site.sheets,
              "footer_pages": site.pages, "method_page": method.id if method else None,
              "fixes": fixes, "origin_groups": groups, "edition": edition, "counterpart": None}
    return Plan(jobs, site, evidence, common, contradicted, memo, fresh if edits is not None and same_views else None)


def _split(old: dict[str, Any], new: dict[str, Any], name: str,
           fixes: dict[str, tuple[Claim, ...]], words: Formatter) -> viewparts.Split | None:
    """The view's parts if it is too big for one page; the previous plan's while the view and
    the right versions (part of each entry's size) are the same."""
    view, budget = new[name], viewparts.PAGE_BUDGET
    kept = old.get(f"{name} parts")
    if kept is not None and kept[0] is view and kept[1] == fixes and kept[2] == budget:
        found: viewparts.Split | None = kept[3]
    elif name == "figures":
        found = viewparts.split_figures(view, words, budget)
    elif name == "timeline":
        found = viewparts.split_timeline(view, fixes, words, budget)
    elif name == "reactions":
        found = viewparts.split_reactions(view, fixes, words, budget)
    else:
        found = viewparts.split_disagreements(view, fixes, words, budget)
    new[f"{name} parts"] = (view, fixes, budget, found)
    return found


def _view_jobs(split: viewparts.Split | None, template: str, key: str, fixes: dict[str, tuple[Claim, ...]],
               inputs: tuple[Any, ...], whole: Job, values: dict[str, Any] | None = None) -> list[Job]:
    """A view's job (`whole`), or when it is split, its index pages and one job per part, whose
    inputs are the part (its claims, its place) and the right versions of its claims."""
    if split is None:
        return [whole]
    jobs = [Job(index.url, "view_index.html", (index,), partial(_index_values, split.view, index))
            for index in split.indexes]
    for part in split.parts:
        shown = tuple((c.id, fixes[c.id]) for c in viewparts.part_claims(part) if c.id in fixes)
        jobs.append(Job(part.url, template, (part, shown, *inputs), partial(_part_values, key, part, values or {})))
    return jobs


def _index_values(view: str, index: viewparts.Index, plan: Plan) -> dict[str, Any]:
    # In another edition, a view may be cut otherwise: its page there is the view's own.
    return {"view": view, "index": index, "counterpart": index.up[0].url if index.up else None}


def _part_values(key: str, part: viewparts.Part, values: dict[str, Any], plan: Plan) -> dict[str, Any]:
    return {key: part.content, "part": part, **values, "counterpart": part.up[0].url}


def _listed(sheet: Sheet) -> tuple[Any, ...]:
    """What the home page and the feed show of a sheet."""
    return (sheet.id, sheet.title, sheet.summary, sheet.updated)


def _shown(fixes: dict[str, tuple[Claim, ...]], evidence: Evidence, facet: str) -> tuple[Any, ...]:
    """The right versions a view shows: those of the inexact claims with this facet."""
    return tuple((i, found) for i, found in fixes.items() if getattr(evidence.claims[i], facet) is not None)


def _with_sheets(log: tuple[Correction, ...], site: Site) -> list[tuple[Correction, Sheet]]:
    """Each correction with its sheet."""
    sheets = {sheet.id: sheet for sheet in site.sheets}
    return [(correction, sheets[correction.sheet_id]) for correction in log]


def _references(f: Facts) -> tuple[tuple[Claim, Ref], ...]:
    """The claims of other sheets a sheet shows: those its claims contradict or are corrected by."""
    return f.conflicts + f.corrections if f.corrections else f.conflicts


def _source_job(source: Source, source_id: str, citing: tuple[Facts, ...],
                fixes: dict[str, tuple[Claim, ...]]) -> Job:
    # What the page shows follows from the source and the sheets that cite it (their
    # claims, and so the quotes' places in the archive, and the right versions of the
    # inexact ones): those are its inputs.
    pairs = tuple(f.citing[source_id] for f in citing)
    shown = tuple(fixes[claim.id] for found in pairs for claim, _ in found if claim.id in fixes)
    return Job(urls.source(source_id), "source.html", (source, pairs, shown),
               partial(_source_values, source, citing))


def _sheet_values(sheet: Sheet, cited: tuple[Source | None, ...], plan: Plan) -> dict[str, Any]:
    return {"sheet": sheet, "cited": [s for s in cited if s], "contradicted": plan.contradicted,
            "corrections_of": views.corrections_by_claim(sheet),
            "sheet_corrections": views.newest_first(sheet.corrections),
            "sheet_claims": {claim.id: claim for claim in sheet.claims()}}


def _page_values(page: Page, plan: Plan) -> dict[str, Any]:
    return {"page": page}


def _source_values(source: Source, citing: tuple[Facts, ...], plan: Plan) -> dict[str, Any]:
    archive = source.archive if plan.site.settings.publish_archive else None
    return {"source": source,
            "excerpts": excerpts(source, views.citing_claims(source.id, citing), plan.evidence, plan.memo.excerpts),
            "paragraphs": fmt.paragraphs(archive) if archive else []}


def header_sheets(site: Site) -> tuple[Sheet, ...]:
    """The sheets linked from every page's header: those of `nav`, else the first few."""
    if site.settings.nav:
        named = {ref.id for ref in site.settings.nav}
        return tuple(s for s in site.sheets if s.id in named)
    return site.sheets[:MAX_HEADER_SHEETS]


def chrome(site: Site) -> tuple[Any, ...]:
    """What every page shows besides its own content: settings, header and footer links."""
    return (site.settings, tuple((s.id, s.title) for s in header_sheets(site)),
            tuple((p.id, p.title) for p in site.pages))


def _sources_by_date(site: Site) -> tuple[Source, ...]:
    return tuple(sorted(site.sources.values(), key=lambda s: (s.published.sort_key, s.id)))

"""Every page of the site, with its context and the inputs that decide whether to re-render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from markupsafe import Markup

from . import format as fmt
from . import meta as linked
from . import opendata, urls, views
from .excerpts import excerpt_html, text_fragment_url
from .model import Claim, Page, Sheet, Site, Source, Span
from .verify import Evidence

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
    values: Callable[["Plan"], dict[str, Any]] = lambda plan: {}


@dataclass(frozen=True, slots=True)
class Plan:
    """The pages of one build and what their contexts share."""

    jobs: list[Job]
    site: Site
    evidence: Evidence
    common: dict[str, Any]  # the context every page shares
    contradicted: dict[str, Claim]  # claims that other claims contradict, by id
    memo: "PlanMemo"

    def context(self, job: Job) -> dict[str, Any]:
        return {**self.common, **job.values(self), "page_url": job.url}


@dataclass
class PlanMemo:
    """What the previous plan derived from the whole site, kept by a live-preview session.

    After a one-sheet edit most of it is the same: only the parts whose inputs are not
    the same objects are derived again, and the jobs of the other sheets and sources are
    the same jobs, so planning 1000 sheets takes a few milliseconds.
    """

    facts: tuple[views.Facts, ...] = ()
    citing: views.Citing = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    sheet_jobs: dict[str, tuple[views.Facts, Job]] = field(default_factory=dict)
    source_jobs: dict[str, tuple[tuple[views.Facts, ...], Job]] = field(default_factory=dict)
    views: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (inputs, view)
    # A source page's excerpt of each quote: (source, spans) -> (source, html, link)
    excerpts: dict[tuple[str, tuple[Span, ...] | None], tuple[Source, Markup, str | None]] = field(
        default_factory=dict)

    def view(self, name: str, inputs: Any, compute: Callable[[], Any]) -> Any:
        """The view `name`, computed again only when its inputs are not equal to last time's."""
        previous = self.views.get(name)
        if previous is not None and previous[0] == inputs:
            return previous[1]
        value = compute()
        self.views[name] = (inputs, value)
        return value


def plan(site: Site, evidence: Evidence, facts: tuple[views.Facts, ...],
         chunks: opendata.Chunks | None = None, memo: PlanMemo | None = None) -> Plan:
    """Every page of the site, with the inputs that decide whether to re-render it."""
    memo = memo if memo is not None else PlanMemo()
    timeline = memo.view("timeline", tuple(f.dated for f in facts), lambda: views.timeline(facts))
    figures = memo.view("figures", tuple(f.with_figure for f in facts), lambda: views.figures(facts))
    reactions = memo.view("reactions", tuple(f.with_actor for f in facts), lambda: views.reactions(facts))
    sources = memo.view("sources", tuple(site.sources.values()), lambda: _sources_by_date(site))
    disagreements = memo.view(
        "disagreements", (tuple(f.conflicting for f in facts), tuple(f.disputed for f in facts), figures, sources),
        lambda: views.disagreements(facts, site, figures))
    every_claim = (site.sheets, sources)
    method = next((p for p in site.pages if p.id == urls.METHOD_PAGE), None)
    sheet_list = tuple((s.id, s.title, s.summary, s.updated) for s in site.sheets)
    jobs = [
        Job(urls.home(), "home.html", (sheet_list,)),
        Job(urls.sources_index(), "sources.html", (sources,), lambda _: {"sources": sources}),
        Job(urls.view("timeline"), "timeline.html", (timeline,), lambda _: {"months": timeline}),
        Job(urls.view("figures"), "figures.html", (figures, sources), lambda _: {"groups": figures}),
        Job(urls.view("reactions"), "reactions.html", (reactions,), lambda _: {"groups": reactions}),
        Job(urls.view("disagreements"), "disagreements.html", (disagreements, sources),
            lambda _: {"found": disagreements}),
        Job(urls.view("search"), "search.html", ()),
        Job("404.html", "404.html", (), lambda _: {"absolute_links": True}),
        Job(urls.FEED, "feed.xml", (sheet_list,),
            lambda _: {"entries": linked.feed_entries(site), "updated": linked.latest_update(site)}),
        Job("robots.txt", "robots.txt", ()),
        Job(urls.DATA["json"], RAW, every_claim, lambda _: {"data": opendata.claims_json(site, chunks)}),
        Job(urls.DATA["csv"], RAW, every_claim, lambda _: {"data": opendata.claims_csv(site, chunks)}),
    ]
    # Sources added, removed or changed since the previous plan:
    edited = {i for i in site.sources.keys() | memo.sources.keys() if site.sources.get(i) is not memo.sources.get(i)}
    memo.sources = dict(site.sources)
    contradicted = {i: evidence.claims[i] for f in facts for _, ref in f.conflicts
                    if (i := ref.id) in evidence.claims}
    has_method = method is not None
    previous_jobs, memo.sheet_jobs = memo.sheet_jobs, {}
    for f in facts:
        kept = previous_jobs.get(f.sheet.id)
        targets = tuple(contradicted.get(ref.id) for _, ref in f.conflicts) if f.conflicts else ()
        if kept is None or kept[0] is not f or kept[1].inputs[2:] != (targets, has_method) or (
                edited and not edited.isdisjoint(f.citing)):
            cited = tuple(site.sources.get(source_id) for source_id in f.citing)
            kept = (f, Job(urls.sheet(f.sheet.id), "sheet.html", (f.sheet, cited, targets, has_method),
                           partial(_sheet_values, f.sheet, cited)))
        memo.sheet_jobs[f.sheet.id] = kept
        jobs.append(kept[1])
    jobs += [Job(urls.page(p.id), "page.html", (p,), partial(_page_values, p)) for p in site.pages]
    memo.citing = views.citing_facts(site, facts, (memo.facts, memo.citing))
    memo.facts = facts
    previous_jobs, memo.source_jobs = memo.source_jobs, {}
    for source_id, citing in memo.citing.items():
        source = site.sources[source_id]
        kept = previous_jobs.get(source_id)
        if kept is None or kept[0] is not citing or kept[1].inputs[0] is not source:
            # What the page shows follows from the source and the sheets that cite it (their
            # claims, and so the quotes' places in the archive): those are its inputs.
            pairs = tuple(f.citing[source_id] for f in citing)
            kept = (citing, Job(urls.source(source_id), "source.html", (source, pairs),
                                partial(_source_values, source, citing)))
        memo.source_jobs[source_id] = kept
        jobs.append(kept[1])
    entries = memo.view("sitemap", (tuple((s.id, s.updated) for s in site.sheets), tuple(site.pages),
                                    tuple(memo.citing), site.settings.base_url),
                        lambda: tuple(_sitemap_entries(site, [j.url for j in jobs])))
    jobs.append(Job("sitemap.xml", "sitemap.xml", (entries,), lambda _: {"entries": entries}))
    common = {"settings": site.settings, "site": site, "nav_sheets": header_sheets(site), "sheets": site.sheets,
              "footer_pages": site.pages, "method_page": method.id if method else None}
    return Plan(jobs, site, evidence, common, contradicted, memo)


def _sheet_values(sheet: Sheet, cited: tuple[Source | None, ...], plan: Plan) -> dict[str, Any]:
    return {"sheet": sheet, "cited": [s for s in cited if s], "contradicted": plan.contradicted}


def _page_values(page: Page, plan: Plan) -> dict[str, Any]:
    return {"page": page}


def _source_values(source: Source, citing: tuple[views.Facts, ...], plan: Plan) -> dict[str, Any]:
    archive = source.archive if plan.site.settings.publish_archive else None
    return {"source": source,
            "excerpts": excerpts(source, views.citing_claims(source.id, citing), plan.evidence, plan.memo),
            "paragraphs": fmt.paragraphs(archive) if archive else []}


def excerpts(source: Source, citing: list[tuple[Any, int]], evidence: Evidence,
             memo: PlanMemo) -> list[tuple[Any, ...]]:
    """For a source page: each citing claim with its excerpt in context and outbound link.

    An excerpt depends only on the source and the quote's place in it: it is made once.
    """
    rows = []
    for claim, number in citing:
        spans = evidence.spans_of(claim, number)
        made = memo.excerpts.get((source.id, spans))
        if made is None or made[0] is not source:
            made = memo.excerpts[(source.id, spans)] = (
                source, excerpt_html(source, spans), text_fragment_url(source, spans))
        rows.append((claim, number, made[1], made[2]))
    return rows


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


def _sitemap_entries(site: Site, page_urls: list[str]) -> list[tuple[str, str]]:
    updated = {urls.sheet(s.id): str(s.updated) for s in site.sheets}
    pages = sorted(url for url in page_urls if (url.endswith("/") or not url) and url != urls.view("search"))
    return [(site.settings.base_url + url, updated.get(url, "")) for url in pages]

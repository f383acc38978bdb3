"""Model to HTML: one Jinja environment, page contexts, {output file: text}. No writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote as percent_encode

import jinja2
from markupsafe import Markup, escape

from . import format as fmt
from . import urls, views
from .markup import Markdown
from .model import Site, Source, Span
from .problems import Location, Report
from .quotes import sentence_around
from .verify import Evidence


def make_environment(template_dirs: list[Path], markdown: Markdown) -> jinja2.Environment:
    """The one Jinja environment: autoescape, StrictUndefined, a fixed set of filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        href=_href,
        markdown=markdown.block,
        markdown_inline=markdown.inline,
        date_fr=fmt.date_fr,
        as_of_fr=fmt.as_of_fr,
        number_fr=fmt.number_fr,
        status_label=fmt.STATUS_LABELS.__getitem__,
        status_icon=fmt.STATUS_ICONS.__getitem__,
        qualifier_fr=fmt.QUALIFIERS.__getitem__,
        kind_fr=fmt.SOURCE_KINDS.__getitem__,
    )
    env.globals["url"] = urls
    return env


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, target: str) -> str:
    """A link to `target` (a site URL) from the page being rendered."""
    if context.get("absolute_links"):
        return urls.base_path(context["settings"].base_url) + target
    return urls.relative(context["page_url"], target)


def render(site: Site, evidence: Evidence, template_dirs: list[Path], report: Report) -> dict[str, str]:
    """Every generated file of the site, as {path relative to the output: text}.

    `template_dirs` are searched in order: a project's own templates/ first, then the
    engine's defaults, so a project overrides only the templates it needs to.
    """
    markdown = Markdown()
    env = make_environment(template_dirs, markdown)
    settings = site.settings
    cited = views.citing_claims(site)
    common: dict[str, Any] = {
        "settings": settings,
        "site": site,
        "nav_sheets": site.sheets,
        "footer_pages": site.pages,
        "claim_urls": {claim.id: urls.claim(claim) for claim in site.claims()},
    }
    jobs: list[tuple[str, str, dict[str, Any]]] = [
        (urls.home(), "home.html", {}),
        (urls.sources_index(), "sources.html", {"sources": _sources_by_date(site)}),
        (urls.view("timeline"), "timeline.html", {"months": views.timeline(site)}),
        (urls.view("figures"), "figures.html", {"groups": views.figures(site)}),
        (urls.view("reactions"), "reactions.html", {"groups": views.reactions(site)}),
        ("404.html", "404.html", {"absolute_links": True}),
    ]
    jobs += [(urls.sheet(s.id), "sheet.html", {"sheet": s}) for s in site.sheets]
    jobs += [(urls.page(p.id), "page.html", {"page": p}) for p in site.pages]
    for source in site.sources.values():
        excerpts = [
            (claim, number, excerpt_html(source, evidence.spans.get((claim.id, number))),
             text_fragment_url(source, evidence.spans.get((claim.id, number))))
            for claim, number in cited.get(source.id, ())
        ]
        jobs.append((urls.source(source.id), "source.html", {
            "source": source, "excerpts": excerpts,
            "paragraphs": fmt.paragraphs(source.archive) if settings.publish_archive and source.archive else [],
        }))
    files: dict[str, str] = {}
    for url, template, context in jobs:
        html = _render_one(env, template, {**common, **context, "page_url": url}, report)
        if html is not None:
            files[urls.output_file(url)] = html
    sitemap = _render_one(env, "sitemap.xml", {**common, "page_url": "sitemap.xml",
                                               "entries": _sitemap_entries(site, jobs)}, report)
    if sitemap is not None:
        files["sitemap.xml"] = sitemap
    return files


def _sources_by_date(site: Site) -> list[Source]:
    return sorted(site.sources.values(), key=lambda s: (s.published.sort_key, s.id))


def _sitemap_entries(site: Site, jobs: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str]]:
    updated = {urls.sheet(s.id): str(s.updated) for s in site.sheets}
    pages = sorted(url for url, _, _ in jobs if not url.endswith(".html"))
    return [(site.settings.base_url + url, updated.get(url, "")) for url in pages]


def _render_one(env: jinja2.Environment, name: str, context: dict[str, Any], report: Report) -> str | None:
    """Render one template; template mistakes become problems with the template's line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        report.error(Location(f"templates/{exc.name or name}", exc.lineno or 1), f"template error: {exc.message}")
    except jinja2.TemplateNotFound as exc:
        report.error(Location(f"templates/{name}"), f"template not found: {exc.name}")
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
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


def excerpt_html(source: Source, spans: tuple[Span, ...] | None) -> Markup:
    """The cited passage in its sentence, the quoted words in <mark>; windows joined by […]."""
    if not spans or source.archive is None:
        return Markup("")
    text = source.archive
    windows: list[list[Span]] = []  # each: [context, span, span…]
    for span in spans:
        context = sentence_around(text, span)
        if windows and context.start <= windows[-1][0].end:
            merged = Span(windows[-1][0].start, max(windows[-1][0].end, context.end))
            windows[-1] = [merged, *windows[-1][1:], span]
        else:
            windows.append([context, span])
    parts = []
    for context, *marked in windows:
        pieces, position = [], context.start
        for span in marked:
            pieces.append(escape(fmt.one_line(text[position:span.start])))
            pieces.append(Markup("<mark>%s</mark>") % fmt.one_line(text[span.start:span.end]))
            position = span.end
        pieces.append(escape(fmt.one_line(text[position:context.end])))
        parts.append(Markup("").join(pieces))
    return Markup(" […] ").join(parts)


def text_fragment_url(source: Source, spans: tuple[Span, ...] | None) -> str | None:
    """The source's URL with a `#:~:text=` fragment pointing at the first quoted passage."""
    if source.url is None:
        return None
    if not spans or source.archive is None:
        return source.url
    words = fmt.one_line(source.archive[spans[0].start:spans[0].end]).split(" ")
    encode: Callable[[list[str]], str] = lambda ws: percent_encode(" ".join(ws), safe="")
    directive = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    return f"{source.url.split('#')[0]}#:~:text={directive}"

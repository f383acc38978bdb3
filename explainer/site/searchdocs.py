"""What readers search, as one small HTML document per indexed page, made from the model.

The search index is made from these documents, not from the written pages: the sheets
(each claim a heading with the claim's anchor, so that Pagefind gives each claim as its own
sub-result, landing on `/<sheet>/#<claim>`), the sources and the free pages. The views,
home, 404, corrections and search pages repeat the claims and are not indexed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ..content.model import Page, Sheet, Site, Source
from . import urls
from .i18n import Formatter, engine_formatter
from .markup import words_of

# Bump when the documents' shape changes: an index kept from before is then made again.
FORMAT = "1"


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One indexed page: its URL from the site root (`/troupes/`) and the HTML to index."""

    url: str
    html: str


def documents(site: Site, words: Formatter | None = None) -> tuple[SearchDocument, ...]:
    """The documents of every indexed page, in a fixed order (the index must be deterministic);
    their few words of interface in `words`' language (default: the site's, the engine's catalogs)."""
    language = site.settings.language
    corrections = (words or engine_formatter(language)).gettext("Corrections")
    cited: dict[str, list[str]] = {}
    for claim in site.claims():
        for citation in claim.citations:
            if citation.quote:
                cited.setdefault(citation.source.id, []).append(citation.quote)
    archives = site.settings.publish_archive
    return (*(_sheet(sheet, language, corrections) for sheet in site.sheets),
            *(_source(site.sources[key], cited.get(key, []), archives, language) for key in sorted(site.sources)),
            *(_page(page, language) for page in site.pages))


def digest(docs: Iterable[SearchDocument]) -> str:
    """One hash of every document: equal digests, equal indexes."""
    hashed = hashlib.blake2b(FORMAT.encode(), digest_size=20)
    for doc in docs:
        for part in (doc.url, doc.html):
            data = part.encode("utf-8")
            hashed.update(len(data).to_bytes(8, "little"))
            hashed.update(data)
    return hashed.hexdigest()


def _document(url: str, title: str, language: str, body: Iterable[str],
              title_language: str | None = None) -> SearchDocument:
    lang = f' lang="{escape(title_language)}"' if title_language and title_language != language else ""
    html = (f'<!DOCTYPE html><html lang="{escape(language)}"><head><title></title></head><body>'
            f"<h1{lang}>{escape(title)}</h1>{''.join(body)}</body></html>")
    return SearchDocument("/" + url, html)


def _text(markdown: str) -> str:
    """Markdown text as paragraphs of escaped words."""
    return "".join(f"<p>{escape(words_of(part))}</p>" for part in markdown.split("\n\n") if part.strip())


def _sheet(sheet: Sheet, language: str, corrections: str) -> SearchDocument:
    body = [_text(sheet.summary)]
    for section in sheet.sections:
        body.append(f'<h2 id="{escape(section.id)}">{escape(section.heading)}</h2>')
        if section.intro:
            body.append(_text(section.intro))
        for claim in section.claims:
            # A heading with the claim's id: Pagefind's sub-result for the words up to the next one.
            body.append(f'<h3 id="{escape(claim.id)}">{escape(words_of(claim.text))}</h3>')
            if claim.actor:
                body.append(f"<p>{escape(claim.actor)}</p>")
            if claim.figure:
                body.append(f"<p>{escape(claim.figure.by)}</p>")
            for citation in claim.citations:
                if citation.quote:
                    body.append(f"<p>{escape(citation.quote)}</p>")
                if citation.note:
                    body.append(_text(citation.note))
    if sheet.corrections:
        body.append(f'<h2 id="corrections">{escape(corrections)}</h2>')
        body.extend(_text(correction.text) for correction in sheet.corrections)
    return _document(urls.sheet(sheet.id), sheet.title, language, body)


def _source(source: Source, quotes: list[str], archives: bool, language: str) -> SearchDocument:
    body = [f"<p>{escape(source.outlet)}</p>"]
    if source.author:
        body.append(f"<p>{escape(source.author)}</p>")
    if source.notes:
        body.append(_text(source.notes))
    if archives and source.archive:
        body.extend(f"<p>{escape(line)}</p>" for line in source.archive.split("\n") if line.strip())
    else:  # the page shows the passages cited, not the whole archive
        body.extend(f"<p>{escape(quote)}</p>" for quote in quotes)
    return _document(urls.source(source.id), source.title, language, body, source.language)


def _page(page: Page, language: str) -> SearchDocument:
    return _document(urls.page(page.id), page.title, language, [_text(page.body)])

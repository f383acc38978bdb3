"""The site in each edition's language: the model with its texts replaced by the translation's.

An edition is the whole site again, under `<base_url><lang>/`, with the same page ids; the
renderer needs no other idea of it. `localize` makes the edition's `Site` from the original
and the edition's `Translation`: each text translated where the translation has it (and
marked `missing` where it has not, showing the original; `stale` where the original changed
since), each quote kept as the source wrote it with the edition's translation beside it.
A live-preview session keeps the localized objects (`EditionMemo`) while the original and
its translation are the same objects, so that an edit re-renders the pages it touches in
every edition, and no others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..content.facts import Facts, FactsMemo, facts_of_sheets
from ..content.fingerprints import of_claim, of_correction, of_page, of_sheet, of_source
from ..content.model import (
    Claim,
    Correction,
    FigureKind,
    Page,
    Section,
    Settings,
    Sheet,
    SheetTranslation,
    Site,
    Source,
    Translation,
)
from ..content.verify import Evidence
from . import urls


@dataclass(frozen=True, slots=True)
class Edition:
    """Which edition a page belongs to, and the others it links to (the language switch)."""

    language: str
    prefix: str  # where its pages are, from the site's root: "" for the original, "en/"
    original: str  # the original's language
    editions: tuple[tuple[str, str], ...]  # every edition's (language, prefix), the original first

    @property
    def others(self) -> tuple[tuple[str, str], ...]:
        return tuple((language, prefix) for language, prefix in self.editions if language != self.language)


def only_edition(site: Site) -> Edition:
    """The original edition of a site that has no other (a build of one edition)."""
    language = site.settings.language
    return Edition(language, "", language, ((language, ""),))


# The pages of the other editions (site URLs), by their prefix: what the original's sitemap lists.
Alternates = dict[str, frozenset[str]]


def sitemap_entries(site: Site, page_urls: tuple[str, ...], edition: Edition,
                    alternates: Alternates) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """(address, last update, alternates) of every page of every edition, the original's first:
    the alternates are each edition's page at the same URL, where it has one."""
    base = site.settings.base_url
    updated = {urls.sheet(sheet.id): str(sheet.updated) for sheet in site.sheets}
    found = {edition.prefix: (edition.language, frozenset(page_urls))}
    found.update((prefix, (language, alternates.get(prefix, frozenset()))) for language, prefix in edition.others)
    entries = []
    for prefix, (_, pages) in found.items():
        for url in sorted(u for u in pages if (u.endswith("/") or not u) and u != urls.view("search")):
            links = tuple((language, base + other + url) for other, (language, there) in found.items()
                          if url in there) if len(found) > 1 else ()
            entries.append((base + prefix + url, updated.get(url, ""), links))
    return tuple(entries)


def editions_of(site: Site) -> tuple[Edition, ...]:
    """The original edition, then each translation's, as site.yaml declares them."""
    languages = [(site.settings.language, "")] + [(t.language, f"{t.language}/") for t in site.translations]
    return tuple(Edition(language, prefix, site.settings.language, tuple(languages)) for language, prefix in languages)


@dataclass
class EditionMemo:
    """The localized objects of the previous build of one edition, by id, with what they came from."""

    sheets: dict[str, tuple[Sheet, SheetTranslation | None, Sheet]] = field(default_factory=dict)
    sources: dict[str, tuple[Source, Any, Source]] = field(default_factory=dict)
    pages: dict[str, tuple[Page, Any, Page]] = field(default_factory=dict)
    settings: tuple[Settings, Any, Settings] | None = None


# Per edition (by language), what a live-preview session keeps of its previous build.
EditionMemos = dict[str, tuple[EditionMemo, FactsMemo]]


def every_edition(site: Site, evidence: Evidence, facts: tuple[Facts, ...],
                  memos: EditionMemos | None = None) -> list[tuple[Edition, Site, Evidence, tuple[Facts, ...]]]:
    """The site of each edition, the original's first: (edition, site, evidence, facts)."""
    found = editions_of(site)
    result = [(found[0], site, evidence, facts)]
    if memos is not None:
        for gone in set(memos) - {edition.language for edition in found}:
            del memos[gone]
    for translation, edition in zip(site.translations, found[1:], strict=True):
        memo = memos.setdefault(edition.language, (EditionMemo(), {})) if memos is not None else (EditionMemo(), None)
        local = localize(site, translation, memo[0])
        result.append((edition, local, evidence_of(local, evidence), facts_of_sheets(local, memo[1])))
    return result


def localize(site: Site, translation: Translation, memo: EditionMemo | None = None) -> Site:
    """The site in the translation's language (see the module)."""
    memo = memo if memo is not None else EditionMemo()
    settings = _settings(site, translation, memo)
    original = site.settings.language
    # Each object localized again only when it or its translation is another object than
    # last time; the memo keeps this build's objects alone (what was removed is let go).
    memo.sources = {source_id: _kept(memo.sources, source_id, source, translation.sources.get(source_id),
                                     lambda s, t: _source(s, t, original))
                    for source_id, source in site.sources.items()}
    memo.sheets = {sheet.id: _kept(memo.sheets, sheet.id, sheet, translation.sheets.get(sheet.id),
                                   lambda s, t: _sheet(s, t, original)) for sheet in site.sheets}
    memo.pages = {page.id: _kept(memo.pages, page.id, page, translation.pages.get(page.id),
                                 lambda p, t: _page(p, t, original)) for page in site.pages}
    sources = {source_id: kept[2] for source_id, kept in memo.sources.items()}
    sheets = tuple(kept[2] for kept in memo.sheets.values())
    pages = tuple(kept[2] for kept in memo.pages.values())
    return Site(settings, sources, sheets, pages, site.unloaded)


T = TypeVar("T")


def _kept(previous: dict[str, tuple[T, Any, T]], key: str, item: T, translated: Any,
          make: Callable[[T, Any], T]) -> tuple[T, Any, T]:
    """(item, its translation, the localized item): last build's while both are the same objects."""
    kept = previous.get(key)
    if kept is None or kept[0] is not item or kept[1] is not translated:
        kept = (item, translated, make(item, translated))
    return kept


def evidence_of(site: Site, evidence: Evidence) -> Evidence:
    """The original's evidence (where each quote stands: quotes are the same in every
    edition) with the edition's claims."""
    return Evidence(evidence.by_sheet, {claim.id: claim for claim in site.claims()})


def _settings(site: Site, translation: Translation, memo: EditionMemo) -> Settings:
    original = site.settings
    if memo.settings is not None and memo.settings[0] is original and memo.settings[1] is translation.figures:
        return memo.settings[2]
    declared = next(e for e in original.editions if e.language == translation.language)
    figures = tuple(
        FigureKind(kind.key, found.label, found.counts, found.unit) if (found := translation.figures.get(kind.key))
        else kind for kind in original.figures)
    localized = replace(original, title=declared.title, description=declared.description,
                        language=translation.language, base_url=f"{original.base_url}{translation.language}/",
                        figures=figures, translates=original.language)
    memo.settings = (original, translation.figures, localized)
    return localized


def _source(source: Source, translated: Any, original: str) -> Source:
    if translated is None:
        return replace(source, translation="missing", text_language=original) if source.notes else source
    stale = "stale" if translated.of is not None and translated.of != of_source(source) else ""
    return replace(source, notes=translated.notes or source.notes, outlet=translated.outlet or source.outlet,
                   translation=stale)


def _page(page: Page, translated: Any, original: str) -> Page:
    if translated is None:
        return replace(page, translation="missing", text_language=original)
    stale = "stale" if translated.of != of_page(page) else ""
    return replace(page, title=translated.title, body=translated.body, translation=stale)


def _sheet(sheet: Sheet, translated: SheetTranslation | None, original: str) -> Sheet:
    """The sheet in the translation's language; marked `missing` where it has no text."""
    if translated is None:
        missing = "missing"
        sections = tuple(replace(section, translation=missing, text_language=original,
                                 claims=tuple(replace(claim, translation=missing, text_language=original)
                                              for claim in section.claims))
                         for section in sheet.sections)
        corrections = tuple(replace(c, translation=missing, text_language=original) for c in sheet.corrections)
        return replace(sheet, sections=sections, corrections=corrections, translation=missing,
                       text_language=original)
    sections = tuple(_section(section, translated, original) for section in sheet.sections)
    corrections = tuple(_correction(correction, translated, original) for correction in sheet.corrections)
    stale = "stale" if translated.of is not None and translated.of != of_sheet(sheet) else ""
    return replace(sheet, title=translated.title, summary=translated.summary, sections=sections,
                   corrections=corrections, translation=stale)


def _section(section: Section, translated: SheetTranslation, original: str) -> Section:
    claims = tuple(_claim(claim, translated, original) for claim in section.claims)
    heading = translated.sections.get(section.id)
    if heading is None or (section.intro is not None and heading.intro is None):
        return replace(section, claims=claims, translation="missing", text_language=original)
    return replace(section, heading=heading.heading, intro=heading.intro, claims=claims)


def _claim(claim: Claim, translated: SheetTranslation, original: str) -> Claim:
    text = translated.claims.get(claim.id)
    if text is None:
        return replace(claim, translation="missing", text_language=original)
    citations = tuple(replace(citation, quote_translation=text.quotes[n] if n < len(text.quotes) else None,
                              note=_translated(citation.note, text.notes, n))
                      for n, citation in enumerate(claim.citations))
    stale = "stale" if text.of != of_claim(claim) else ""
    figure = replace(claim.figure, by=text.figure_by) if claim.figure and text.figure_by else claim.figure
    return replace(claim, text=text.text, citations=citations, translation=stale, actor=text.actor or claim.actor,
                   figure=figure)


def _translated(original: str | None, translations: tuple[str, ...], n: int) -> str | None:
    """The n-th translation where the original has a text and the translation gives one, else the original."""
    return translations[n] if original and n < len(translations) and translations[n] else original


def _correction(correction: Correction, translated: SheetTranslation, original: str) -> Correction:
    if correction.number > len(translated.corrections):
        return replace(correction, translation="missing", text_language=original)
    text = translated.corrections[correction.number - 1]
    stale = "stale" if text.of != of_correction(correction) else ""
    return replace(correction, text=text.text, translation=stale)

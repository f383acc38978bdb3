"""What an edition's texts translate: the originals' fingerprints, and what is missing, stale or orphaned.

A fingerprint is a short digest (8 hexadecimal digits, blake2b) of what a translation
must follow: a claim's text and its quotes, a correction's date and text, a page's title
and body, a source's notes, a sheet's own text (title, summary, section ids, headings and
intros). A translation names the fingerprint of the original it translates (`of:`); when
the original changes, so does its fingerprint, and the translation is stale until a
translator brings it up to date and copies the new fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import chain

from .model import Claim, Correction, Page, Sheet, SheetTranslation, Site, Source, Translation
from .problems import Location, closest


def fingerprint(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=4).hexdigest()


def of_claim(claim: Claim) -> str:
    """A claim's text and quotes, and the words of it a translation gives too: its citations'
    notes, its actor, who gives its figure."""
    cited = chain.from_iterable((citation.quote or "", citation.note or "") for citation in claim.citations)
    return fingerprint("claim", claim.text, *cited, claim.actor or "", claim.figure.by if claim.figure else "")


def of_correction(correction: Correction) -> str:
    return fingerprint("correction", str(correction.date), correction.text)


def of_page(page: Page) -> str:
    return fingerprint("page", page.title, page.body)


def of_source(source: Source) -> str:
    return fingerprint("source", source.notes or "", source.outlet)


def of_sheet(sheet: Sheet) -> str:
    own = chain.from_iterable((s.id, s.heading, s.intro or "") for s in sheet.sections)
    return fingerprint("sheet", sheet.title, sheet.summary, *own)


@dataclass(frozen=True, slots=True)
class Finding:
    """One item of an edition that is missing, stale or orphaned (an id the original lacks)."""

    kind: str  # "missing", "stale" or "orphaned"
    item: str  # what, in words: "claim 'x' of sheet 'y'"
    location: Location  # where to look: the translation (or the original, for a missing file)
    current: str | None = None  # the original's fingerprint (missing, stale)
    declared: str | None = None  # the translation's `of` (stale)
    hint: str = ""  # for an orphan: the id most likely meant

    @property
    def error(self) -> bool:
        return self.kind == "orphaned"

    def message(self, language: str) -> str:
        if self.kind == "missing":
            of = f" (of: {self.current})" if self.current else ""
            return f"{self.item} is not translated into {language}{of}"
        if self.kind == "stale":
            return (f"{self.item} changed since it was translated into {language}: of is {self.declared}, "
                    f"the original's fingerprint is now {self.current}")
        hint = f" (did you mean '{self.hint}'?)" if self.hint else ""
        return f"{self.item}: the original has no such {self.item.split(' ', 1)[0]}{hint}"


# What a sheet's translation was found to be, kept while the sheet and its translation are
# the same objects (a live-preview session): by (language, sheet id).
SheetMemo = dict[tuple[str, str], tuple[Sheet, SheetTranslation, list["Finding"]]]


def compare(site: Site, translation: Translation, memo: SheetMemo | None = None) -> list[Finding]:
    """Every finding of one edition, in site order: sheets, pages, sources, figures.

    One mistake, one finding: an id the original lacks whose closest match is an item with
    no translation (a misspelt id) is reported once, as the orphan with its suggestion."""
    return _one_each(_compare(site, translation, memo))


def _one_each(found: list[Finding]) -> list[Finding]:
    meant = {(f.item.split(" ", 1)[0], f.hint, f.item.partition(" of ")[2]) for f in found
             if f.kind == "orphaned" and f.hint}
    return [f for f in found if not (f.kind == "missing" and (f.item.split(" ", 1)[0], f.item.split("'")[1],
                                                              f.item.partition(" of ")[2]) in meant)]


def _compare(site: Site, translation: Translation, memo: SheetMemo | None = None) -> list[Finding]:
    base = f"content/translations/{translation.language}"
    found: list[Finding] = []
    sheets = {sheet.id: sheet for sheet in site.sheets}
    for sheet_id, other in sorted(translation.sheets.items()):
        if sheet_id not in sheets:
            found.append(Finding("orphaned", f"sheet '{sheet_id}'", other.location,
                                 hint=closest(sheet_id, sheets) or ""))
    for sheet in site.sheets:
        translated = translation.sheets.get(sheet.id)
        if translated is not None:
            kept = memo.get((translation.language, sheet.id)) if memo is not None else None
            if kept is None or kept[0] is not sheet or kept[1] is not translated:
                kept = (sheet, translated, compare_sheet(sheet, translated))
                if memo is not None:
                    memo[translation.language, sheet.id] = kept
            found += kept[2]
        elif f"sheets/{sheet.id}" not in translation.unloaded:
            found.append(Finding("missing", f"sheet '{sheet.id}'", Location(f"{base}/sheets/{sheet.id}.yaml"),
                                 of_sheet(sheet)))
    if memo is not None:  # a sheet, or its translation, removed: let it go
        for language, sheet_id in [(language, sheet_id) for language, sheet_id in memo
                                   if language == translation.language
                                   and (sheet_id not in sheets or sheet_id not in translation.sheets)]:
            del memo[language, sheet_id]
    pages = {page.id: page for page in site.pages}
    for page_id, translated_page in sorted(translation.pages.items()):
        page = pages.get(page_id)
        if page is None:
            found.append(Finding("orphaned", f"page '{page_id}'", translated_page.location,
                                 hint=closest(page_id, pages) or ""))
        elif translated_page.of != of_page(page):
            found.append(Finding("stale", f"page '{page_id}'", translated_page.of_location, of_page(page),
                                 translated_page.of))
    for page in site.pages:
        if page.id not in translation.pages and f"pages/{page.id}" not in translation.unloaded:
            found.append(Finding("missing", f"page '{page.id}'", Location(f"{base}/pages/{page.id}.md"),
                                 of_page(page)))
    for source_id, notes in sorted(translation.sources.items()):
        source = site.sources.get(source_id)
        if source is None or (notes.notes is not None and not source.notes):
            item = f"source '{source_id}'" if source is None else f"notes of source '{source_id}'"
            found.append(Finding("orphaned", item, notes.location,
                                 hint=closest(source_id, site.sources) or "" if source is None else ""))
        elif notes.of is not None and notes.of != of_source(source):
            found.append(Finding("stale", f"notes of source '{source_id}'", notes.of_location or notes.location,
                                 of_source(source), notes.of))
    declared = {kind.key for kind in site.settings.figures}
    for key, figure in translation.figures.items():
        if key not in declared:
            found.append(Finding("orphaned", f"figure '{key}'", figure.location, hint=closest(key, declared) or ""))
    for kind in site.settings.figures:
        if kind.key not in translation.figures:
            # A figure's translation has no `of` (docs/content-format.md): no fingerprint to give.
            found.append(Finding("missing", f"figure '{kind.key}'", Location(f"{base}/site.yaml")))
    return found


def compare_sheet(sheet: Sheet, translated: SheetTranslation) -> list[Finding]:
    """The findings of one sheet's translation."""
    found: list[Finding] = []
    name = f"of sheet '{sheet.id}'"
    if translated.of is not None and translated.of != of_sheet(sheet):
        found.append(Finding("stale", f"sheet '{sheet.id}' (title, summary, headings, intros)",
                             translated.of_location or translated.location, of_sheet(sheet), translated.of))
    sections = {section.id: section for section in sheet.sections}
    for section_id, section_translation in translated.sections.items():
        section = sections.get(section_id)
        if section is None:
            found.append(Finding("orphaned", f"section '{section_id}' {name}", section_translation.location,
                                 hint=closest(section_id, sections) or ""))
        elif section_translation.intro is not None and section.intro is None:
            found.append(Finding("orphaned", f"intro of section '{section_id}' {name}",
                                 section_translation.location))
    for section in sheet.sections:
        heading = translated.sections.get(section.id)
        if heading is None:
            found.append(Finding("missing", f"section '{section.id}' {name}", translated.location, of_sheet(sheet)))
        elif section.intro is not None and heading.intro is None:
            found.append(Finding("missing", f"intro of section '{section.id}' {name}", heading.location,
                                 of_sheet(sheet)))
    claims = {claim.id: claim for claim in sheet.claims()}
    for claim_id, claim_translation in translated.claims.items():
        claim = claims.get(claim_id)
        if claim is None:
            found.append(Finding("orphaned", f"claim '{claim_id}' {name}", claim_translation.location,
                                 hint=closest(claim_id, claims) or ""))
        else:
            cited = f"{len(claim.citations)} citation{'s' if len(claim.citations) > 1 else ''}"
            for what, given in (("quote", claim_translation.quotes), ("note", claim_translation.notes)):
                if len(given) > len(claim.citations):
                    where = claim_translation.quotes_location if what == "quote" else None
                    found.append(Finding("orphaned", f"{what} {len(claim.citations) + 1} of claim '{claim_id}' "
                                                     f"(it has {cited})", where or claim_translation.location))
    for claim in claims.values():
        text = translated.claims.get(claim.id)
        if text is None:
            found.append(Finding("missing", f"claim '{claim.id}' {name}", translated.location, of_claim(claim)))
        elif text.of != of_claim(claim):
            found.append(Finding("stale", f"claim '{claim.id}' {name}", text.of_location, of_claim(claim), text.of))
    for number, correction_translation in enumerate(translated.corrections, 1):
        if number > len(sheet.corrections):
            found.append(Finding("orphaned", f"correction {number} {name}", correction_translation.location))
        elif correction_translation.of != of_correction(sheet.corrections[number - 1]):
            found.append(Finding("stale", f"correction {number} {name}", correction_translation.of_location,
                                 of_correction(sheet.corrections[number - 1]), correction_translation.of))
    for correction in sheet.corrections[len(translated.corrections):]:
        found.append(Finding("missing", f"correction {correction.number} {name}", translated.location,
                             of_correction(correction)))
    return found

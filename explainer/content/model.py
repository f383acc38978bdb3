"""The site as frozen data: what the loader builds and the renderer reads. No I/O here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .problems import Location


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date that may lack its day (YYYY-MM): sources sometimes give only the month."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        month = f"{self.year:04d}-{self.month:02d}"
        return month if self.day is None else f"{month}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Month-only dates sort before the days of that month."""
        return (self.year, self.month, self.day or 0)


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an id, with the place it was written (to blame it later)."""

    id: str
    location: Location


@dataclass(frozen=True, slots=True)
class FigureKind:
    """A figure key declared in site.yaml: what its values count, and how readers see it."""

    key: str
    label: str
    counts: str
    unit: str


@dataclass(frozen=True, slots=True)
class Settings:
    title: str
    description: str
    language: str
    base_url: str
    nav: tuple[Ref, ...]
    publish_archive: bool
    figures: tuple[FigureKind, ...] = ()  # in site.yaml order
    editions: tuple[EditionSettings, ...] = ()  # the translations declared, in site.yaml order
    # Where `language` is written, for a problem about it (no interface catalog, say); not
    # compared: moving the line changes nothing of the pages.
    language_location: Location | None = field(default=None, compare=False)
    translates: str | None = None  # in another edition than the original's: the original's language


@dataclass(frozen=True, slots=True)
class EditionSettings:
    """An edition in another language, as site.yaml's `translations:` declares it."""

    language: str
    title: str
    description: str
    location: Location


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a source's text comes from: a wire agency's dispatch, another source, or both."""

    wire: str | None
    source: Ref | None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    outlet: str
    title: str
    published: PartialDate
    language: str
    kind: str
    author: str | None
    url: str | None
    notes: str | None
    archive: str | None  # the archived text, NFC-normalised; None when there is none
    location: Location
    origin: Origin | None = None
    translation: str = ""  # in an edition: its notes "", "missing" or "stale"
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    value: int
    qualifier: str
    by: str
    as_of: PartialDate | None
    key_location: Location | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    source: Ref
    quote: str | None
    note: str | None
    quote_location: Location
    quote_translation: str | None = None  # in an edition: the site's translation of the quote


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    sheet_id: str
    text: str
    status: str
    citations: tuple[Citation, ...]
    date: PartialDate | None
    actor: str | None
    figure: Figure | None
    conflicts_with: tuple[Ref, ...]
    location: Location
    corrected_by: tuple[Ref, ...] = ()
    status_location: Location | None = None
    translation: str = ""  # in an edition: "" (translated, or the original), "missing" or "stale"
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    heading: str
    intro: str | None
    claims: tuple[Claim, ...]
    location: Location
    translation: str = ""  # in an edition: "" or "missing" (heading and intro in the original)
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of a sheet's public corrections log."""

    sheet_id: str
    number: int  # 1-based, in the order of the sheet's file: the anchor `correction-<n>`
    date: PartialDate
    text: str
    claims: tuple[Ref, ...]
    location: Location
    translation: str = ""  # in an edition: "", "missing" or "stale"
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated


@dataclass(frozen=True, slots=True)
class Sheet:
    id: str
    title: str
    summary: str
    updated: PartialDate
    sections: tuple[Section, ...]
    location: Location
    corrections: tuple[Correction, ...] = ()
    translation: str = ""  # in an edition: "", "missing" (title, summary… in the original) or "stale"
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated

    def claims(self) -> Iterator[Claim]:
        for section in self.sections:
            yield from section.claims


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    title: str
    order: int | None
    body: str
    location: Location
    translation: str = ""  # in an edition: "", "missing" or "stale"
    text_language: str | None = None  # in an edition: the original's language, where it is shown untranslated


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a build knows: settings, sources by id, sheets in navigation order, pages."""

    settings: Settings
    sources: dict[str, Source]
    sheets: tuple[Sheet, ...]
    pages: tuple[Page, ...]
    # Sources whose file is there but could not be loaded (its problems are reported at the
    # file): a citation of one is not an unknown source too.
    unloaded: frozenset[str] = frozenset()
    translations: tuple[Translation, ...] = ()  # the editions' texts, as content/translations/ holds them

    def claims(self) -> Iterator[Claim]:
        for sheet in self.sheets:
            yield from sheet.claims()


# --- Editions in other languages: what content/translations/<lang>/ holds ----------------


@dataclass(frozen=True, slots=True)
class ClaimTranslation:
    text: str
    of: str  # the fingerprint of the original it translates
    quotes: tuple[str, ...]  # a translation of each quote, in the order of the claim's citations
    location: Location  # of the claim's id, as a key
    of_location: Location
    quotes_location: Location | None = None
    notes: tuple[str, ...] = ()  # a translation of each citation's note ("" where it has none)
    actor: str | None = None
    figure_by: str | None = None


@dataclass(frozen=True, slots=True)
class SectionTranslation:
    heading: str
    intro: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class CorrectionTranslation:
    text: str
    of: str
    location: Location
    of_location: Location


@dataclass(frozen=True, slots=True)
class SheetTranslation:
    id: str
    title: str
    summary: str
    sections: dict[str, SectionTranslation]
    claims: dict[str, ClaimTranslation]
    corrections: tuple[CorrectionTranslation, ...]
    location: Location
    of: str | None = None  # the fingerprint of the sheet's own text (title, summary, headings, intros)
    of_location: Location | None = None


@dataclass(frozen=True, slots=True)
class PageTranslation:
    id: str
    title: str
    body: str
    of: str
    location: Location
    of_location: Location


@dataclass(frozen=True, slots=True)
class SourceTranslation:
    id: str
    notes: str | None
    of: str | None
    location: Location
    of_location: Location | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class FigureTranslation:
    key: str
    label: str
    counts: str
    unit: str
    location: Location


@dataclass(frozen=True, slots=True)
class Translation:
    """One edition's texts, by the id of what each translates (content/translations/<lang>/)."""

    language: str
    sheets: dict[str, SheetTranslation]
    pages: dict[str, PageTranslation]
    sources: dict[str, SourceTranslation]
    figures: dict[str, FigureTranslation]
    location: Location  # the edition's folder
    # Files of the folder that could not be loaded (their problems are reported at the file).
    unloaded: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Span:
    """Where one quote fragment stands in a source's archive: [start, end) offsets."""

    start: int
    end: int

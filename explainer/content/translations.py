"""Editions in other languages: content/translations/<lang>/ to the model (`Translation`).

Each edition that site.yaml declares under `translations:` has a folder of the same
files as the original, holding only the texts in its language: `sheets/<id>.yaml`,
`pages/<id>.md`, `sources/<id>.yaml` (the notes) and `site.yaml` (the figures' labels).
Whether they match the original (ids, fingerprints) is `fingerprints.py`'s business.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import schema
from .fieldtypes import Checked
from .filecache import FileCache
from .files import NOT_A_FILE, Inputs, is_editor_noise, parse_front_matter, parse_yaml_file, relative
from .model import (
    ClaimTranslation,
    CorrectionTranslation,
    FigureTranslation,
    PageTranslation,
    SectionTranslation,
    Settings,
    SheetTranslation,
    SourceTranslation,
    Translation,
)
from .problems import Location, Report, did_you_mean
from .sharing import Share

FOLDER = "content/translations"


def load_translations(root: Path, settings: Settings, report: Report, cache: FileCache,
                      share: Share | None = None) -> tuple[Translation, ...]:
    """Every declared edition's texts; a language folder that site.yaml does not declare is an error."""
    declared = [edition.language for edition in settings.editions]
    folder = root / FOLDER
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            name = entry.name
            if is_editor_noise(name) or name in declared:
                continue
            where = Location(f"{FOLDER}/{name}")
            if entry.is_dir():
                report.error(where, f"no edition '{name}' is declared: add it under translations: in site.yaml"
                                    f"{did_you_mean(name, declared)}")
            else:
                report.error(where, f"unexpected file in {FOLDER}/ (expected a folder per language)")
    editions = []
    for edition in settings.editions:
        if edition.language == settings.language:
            report.error(edition.location, f"'{edition.language}' is the site's own language: an edition "
                                           "translates the site into another")
            continue
        editions.append(_load_edition(root, edition.language, report, cache, share))
    return tuple(editions)


def _load_edition(root: Path, language: str, report: Report, cache: FileCache,
                  share: Share | None) -> Translation:
    base = f"{FOLDER}/{language}"
    unloaded: set[str] = set()

    def folder(kind: str, suffix: str, parse: Callable[[Path, Report, Inputs], Any]) -> dict[str, Any]:
        listing = cache.folder_listing(root, f"{base}/{kind}", suffix, report)
        loaded = cache.load_folder(root, listing, report, parse, share)
        found = {path.stem: item for path, item in zip(listing.found, loaded, strict=True) if item is not None}
        unloaded.update(f"{kind}/{path.stem}" for path in listing.found if path.stem not in found)
        return found

    sheets = folder("sheets", ".yaml", lambda p, r, i: load_sheet_translation(root, p, r, i))
    pages = folder("pages", ".md", lambda p, r, i: load_page_translation(root, p, r, i))
    sources = folder("sources", ".yaml", lambda p, r, i: load_source_translation(root, p, r, i))
    settings_file = root / base / "site.yaml"
    figures = cache.load(root, settings_file, report, lambda r, i: load_figures_translation(root, settings_file, r, i))
    return Translation(language, sheets, pages, sources, figures or {}, Location(base), frozenset(unloaded))


def load_sheet_translation(root: Path, path: Path, report: Report, inputs: Inputs) -> SheetTranslation | None:
    checked = parse_yaml_file(root, path, schema.SHEET_TRANSLATION, report, inputs)
    if checked is None:
        return None
    sections = {section_id: SectionTranslation(values["heading"], values["intro"], where)
                for section_id, (values, where) in (checked["sections"] or {}).items()}
    claims = {claim_id: _claim(values, where) for claim_id, (values, where) in (checked["claims"] or {}).items()}
    corrections = tuple(CorrectionTranslation(c["text"], c["of"], c.location, c.at("of"))
                        for c in checked["corrections"] or ())
    return SheetTranslation(path.stem, checked["title"], checked["summary"], sections, claims, corrections,
                            checked.location, checked["of"], checked.at("of") if checked["of"] else None)


def _claim(values: Checked, where: Location) -> ClaimTranslation:
    quotes, notes, figure = values["quotes"], values["notes"], values["figure"]
    return ClaimTranslation(values["text"], values["of"], tuple(text for text, _ in quotes or ()), where,
                            values.at("of"), values.at("quotes") if quotes is not None else None,
                            tuple(text for text, _ in notes or ()), values["actor"],
                            figure["by"] if figure is not None else None)


def load_page_translation(root: Path, path: Path, report: Report, inputs: Inputs) -> PageTranslation | None:
    read = parse_front_matter(root, path, schema.PAGE_TRANSLATION, report, inputs)
    if read is None:
        return None
    checked, body = read
    return PageTranslation(path.stem, checked["title"], body, checked["of"], checked.location, checked.at("of"))


def load_source_translation(root: Path, path: Path, report: Report, inputs: Inputs) -> SourceTranslation | None:
    checked = parse_yaml_file(root, path, schema.SOURCE_TRANSLATION, report, inputs)
    if checked is None:
        return None
    return SourceTranslation(path.stem, checked["notes"], checked["of"], checked.location,
                             checked.at("of") if checked["of"] else None, checked["outlet"])


def load_figures_translation(root: Path, path: Path, report: Report,
                             inputs: Inputs) -> dict[str, FigureTranslation] | None:
    """The edition's site.yaml: the figures' label, counts and unit (an absent file: none translated)."""
    if not path.is_file():
        inputs.missing(path)
        if path.exists() or path.is_symlink():
            report.error(Location(relative(root, path)), NOT_A_FILE)
        return {}
    checked = parse_yaml_file(root, path, schema.SITE_TRANSLATION, report, inputs)
    if checked is None:
        return None
    return {key: FigureTranslation(key, values["label"], values["counts"], values["unit"], where)
            for key, (values, where) in (checked["figures"] or {}).items()}

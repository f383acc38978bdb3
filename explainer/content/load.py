"""Files to model: parse and validate every content file; never raises for bad content.

Which files there are and what each parse read is files.py's business; which parses can be
reused, filecache.py's. This module turns the files' YAML and Markdown into the model.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from . import schema
from .fieldtypes import Checked
from .filecache import FileCache
from .files import (
    MAX_ARCHIVE_BYTES,
    NOT_A_FILE,
    Inputs,
    is_editor_noise,
    parse_front_matter,
    parse_yaml_file,
)
from .model import (
    Citation,
    Claim,
    Correction,
    EditionSettings,
    Figure,
    FigureKind,
    Origin,
    Page,
    Ref,
    Section,
    Settings,
    Sheet,
    Site,
    Source,
)
from .problems import Location, Report
from .sharing import Share
from .translations import load_translations


def load(root: Path, report: Report, cache: FileCache | None = None,
         changed: frozenset[str] | None = None, share: Share | None = None) -> Site | None:
    """Load every content file under `root`; problems go to `report`.

    `changed` (paths relative to `root`): the only files that may have changed since the
    cache's previous load, as a file watcher reports them; the other files are not even
    looked at. None, or a path the loader cannot place, means every file is looked at.
    `share`: many files to parse are shared (see sharing.py).
    """
    cache = cache or FileCache(keep=False)
    cache.start(_changed_inputs(root, changed))
    settings = cache.load(root, root / "site.yaml", report, lambda r, i: load_settings(root, r, i))
    listing = cache.folder_listing(root, "content/sources", ".yaml", report, allowed=(".txt",))
    loaded = cache.load_folder(root, listing, report, lambda p, r, i: load_source(root, p, r, i), share)
    sources = {source.id: source for source in loaded if source is not None}
    unloaded = frozenset(path.stem for path in listing.found) - sources.keys()
    if not (root / "content" / "sheets").is_dir():
        report.error(Location("content/sheets"), "the folder of fact sheets is missing")
    listing = cache.folder_listing(root, "content/sheets", ".yaml", report)
    sheets = [sheet for sheet in cache.load_folder(root, listing, report,
                                                   lambda p, r, i: load_sheet(root, p, r, i), share)
              if sheet is not None]
    listing = cache.folder_listing(root, "content/pages", ".md", report)
    pages = [page for page in cache.load_folder(root, listing, report, lambda p, r, i: load_page(root, p, r, i))
             if page is not None]
    if settings is None:
        return None
    translations = load_translations(root, settings, report, cache, share)
    pages.sort(key=lambda p: (p.order is None, p.order or 0, p.id))
    return Site(settings, sources, order_sheets(sheets, settings.nav), tuple(pages), unloaded, translations)


CONTENT_FOLDERS = ("content/sources", "content/sheets", "content/pages")
# An edition's folders and settings (content/translations/<lang>/...): a language folder
# itself, new or gone, cannot be placed (every file is looked at).
TRANSLATION_FOLDERS = re.compile(r"content/translations/[A-Za-z0-9-]+/(sheets|pages|sources)")
TRANSLATED_SETTINGS = re.compile(r"content/translations/[A-Za-z0-9-]+/site\.yaml")


def _changed_inputs(root: Path, changed: frozenset[str] | None) -> frozenset[Path] | None:
    """The content files among `changed`; None (look at everything) when one of them is
    not a file the loader reads directly by name (a folder under content/, say)."""
    if changed is None:
        return None
    found = set()
    for name in changed:
        if name == "site.yaml" or TRANSLATED_SETTINGS.fullmatch(name):
            found.add(root / name)
        elif name == "content" or name.startswith("content/"):
            folder, _, file_name = name.rpartition("/")
            if folder not in CONTENT_FOLDERS and not TRANSLATION_FOLDERS.fullmatch(folder):
                return None
            if not is_editor_noise(file_name):  # skipped by `files.list_folder` anyway
                found.add(root / name)
    return frozenset(found)


def order_sheets(sheets: list[Sheet], nav: tuple[Ref, ...]) -> tuple[Sheet, ...]:
    """Sheets named in `nav` first, in that order, then the others by id."""
    position = {ref.id: n for n, ref in enumerate(nav)}
    return tuple(sorted(sheets, key=lambda s: (position.get(s.id, len(position)), s.id)))


def load_settings(root: Path, report: Report, inputs: Inputs) -> Settings | None:
    path = root / "site.yaml"
    if not path.is_file():
        inputs.missing(path)
        report.error(Location("site.yaml"), "site.yaml is missing")
        return None
    checked = parse_yaml_file(root, path, schema.SITE, report, inputs)
    if checked is None:
        return None
    archive = checked["archive"]
    return Settings(
        title=checked["title"],
        description=checked["description"],
        language=checked["language"],
        base_url=checked["base_url"],
        nav=tuple(Ref(sheet_id, where) for sheet_id, where in checked["nav"] or ()),
        publish_archive=bool(archive and archive["publish"]),
        figures=tuple(FigureKind(key, kind["label"], kind["counts"], kind["unit"])
                      for key, kind in (checked["figures"] or {}).items()),
        editions=tuple(EditionSettings(language, values["title"], values["description"], where)
                       for language, (values, where) in (checked["translations"] or {}).items()),
        language_location=checked.at("language"),
    )


def load_source(root: Path, path: Path, report: Report, inputs: Inputs) -> Source | None:
    checked = parse_yaml_file(root, path, schema.SOURCE, report, inputs)
    if checked is None:
        return None
    archive = None
    if checked["archive"] is not None:
        archive = _load_archive(root, checked["archive"], checked.at("archive"), report, inputs)
    return Source(
        id=path.stem,
        outlet=checked["outlet"],
        title=checked["title"],
        published=checked["published"],
        language=checked["language"],
        kind=checked["kind"],
        author=checked["author"],
        url=checked["url"],
        notes=checked["notes"],
        archive=archive,
        location=checked.location,
        origin=_origin(checked["origin"]),
    )


def _origin(checked: Checked | None) -> Origin | None:
    if checked is None:
        return None
    source = None if checked["source"] is None else Ref(checked["source"], checked.at("source"))
    return Origin(checked["wire"], source)


def _load_archive(root: Path, name: str, where: Location, report: Report, inputs: Inputs) -> str | None:
    pure = PurePosixPath(name)
    if pure.is_absolute() or "\\" in name or any(part in ("..", ".") for part in pure.parts):
        report.error(where, f"archive '{name}' must be a file name inside content/sources/")
        return None
    path = root / "content" / "sources" / pure
    if not path.is_file():
        inputs.missing(path)
        missing = not path.exists() and not path.is_symlink()
        report.error(where, f"archive file not found: content/sources/{name}" if missing
                     else f"archive content/sources/{name}: {NOT_A_FILE}")
        return None
    text = inputs.text(path, report, MAX_ARCHIVE_BYTES)
    return None if text is None else unicodedata.normalize("NFC", text)


def load_sheet(root: Path, path: Path, report: Report, inputs: Inputs) -> Sheet | None:
    checked = parse_yaml_file(root, path, schema.SHEET, report, inputs)
    if checked is None:
        return None
    sections = tuple(_section(path.stem, section) for section in checked["sections"])
    corrections = tuple(
        Correction(path.stem, number, c["date"], c["text"], tuple(Ref(i, where) for i, where in c["claims"] or ()),
                   c.at("date"))
        for number, c in enumerate(checked["corrections"] or (), 1))
    return Sheet(path.stem, checked["title"], checked["summary"], checked["updated"], sections, checked.location,
                 corrections)


def _section(sheet_id: str, checked: Checked) -> Section:
    claims = tuple(_claim(sheet_id, claim) for claim in checked["claims"])
    return Section(checked["id"], checked["heading"], checked["intro"], claims, checked.at("id"))


def _claim(sheet_id: str, checked: Checked) -> Claim:
    figure = checked["figure"]
    return Claim(
        id=checked["id"],
        sheet_id=sheet_id,
        text=checked["text"],
        status=checked["status"],
        citations=tuple(
            Citation(Ref(c["source"], c.at("source")), c["quote"], c["note"], c.at("quote"))
            for c in checked["sources"]
        ),
        date=checked["date"],
        actor=checked["actor"],
        figure=None if figure is None else Figure(
            figure["key"], figure["value"], figure["qualifier"], figure["by"], figure["as_of"], figure.at("key")),
        conflicts_with=tuple(Ref(i, where) for i, where in checked["conflicts_with"] or ()),
        location=checked.at("id"),
        corrected_by=tuple(Ref(i, where) for i, where in checked["corrected_by"] or ()),
        status_location=checked.at("status"),
    )


def load_page(root: Path, path: Path, report: Report, inputs: Inputs) -> Page | None:
    read = parse_front_matter(root, path, schema.PAGE, report, inputs)
    if read is None:
        return None
    checked, body = read
    return Page(path.stem, checked["title"], checked["order"], body, checked.location)

"""Files to model: read, parse and validate every content file; never raises for bad content."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

import frontmatter

from . import schema, yamlsource
from .model import Citation, Claim, Figure, Page, Ref, Section, Settings, Sheet, Site, Source
from .problems import Location, Report
from .schema import Checked

MAX_YAML_BYTES = 1 << 20  # 1 MiB: a sheet is a few kilobytes; more is a mistake
MAX_ARCHIVE_BYTES = 4 << 20
NOT_A_FILE = "not a regular file (a folder, a device, or a link that is broken or loops)"


def load(root: Path, report: Report) -> Site | None:
    """Load every content file under `root`; problems go to `report`."""
    settings = load_settings(root, report)
    sources = load_sources(root, report)
    sheets = load_sheets(root, report)
    pages = load_pages(root, report)
    if settings is None:
        return None
    return Site(settings, sources, order_sheets(sheets, settings.nav), pages)


def order_sheets(sheets: list[Sheet], nav: tuple[Ref, ...]) -> tuple[Sheet, ...]:
    """Sheets named in `nav` first, in that order, then the others by id."""
    position = {ref.id: n for n, ref in enumerate(nav)}
    return tuple(sorted(sheets, key=lambda s: (position.get(s.id, len(position)), s.id)))


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_text(root: Path, path: Path, report: Report, limit: int) -> str | None:
    """Read a UTF-8 file of the project, refusing links out of it, huge and binary files."""
    name = relative(root, path)
    here = Location(name)
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            report.error(here, "the file is a link to outside the project")
            return None
        size = path.stat().st_size
        if size > limit:
            report.error(here, f"the file is too large ({size:,} bytes; the limit is {limit:,})")
            return None
        data = path.read_bytes()
    except OSError as exc:
        report.error(here, f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(Location(name, line, column), "the file is not valid UTF-8 text")
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        report.error(Location(name, line, 1), "the file is binary (it contains NUL bytes)")
        return None
    return text.replace("\r\n", "\n")


def _parse_yaml_file(root: Path, path: Path, record: schema.Record, report: Report) -> Checked | None:
    text = read_text(root, path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    node, problems = yamlsource.parse(text, relative(root, path))
    report.extend(problems)
    if node is None or problems:
        return None
    return record.check(node, report)


def _files(root: Path, folder: str, suffix: str, report: Report, allowed: tuple[str, ...] = ()) -> list[Path]:
    """The files of a content folder with the suffix, sorted; others are reported."""
    directory = root / folder
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.name.endswith("~"):
            continue  # editors' swap and backup files
        if path.suffix == suffix and path.is_file():
            if schema.is_id(path.stem):
                found.append(path)
            else:
                report.error(Location(relative(root, path)),
                             f"invalid id '{path.stem}': file names are lowercase letters, digits and hyphens")
        elif path.suffix == suffix:
            report.error(Location(relative(root, path)), NOT_A_FILE)
        elif path.suffix not in allowed:
            report.error(Location(relative(root, path)), f"unexpected file in {folder}/ (expected {suffix} files)")
    return found


def load_settings(root: Path, report: Report) -> Settings | None:
    path = root / "site.yaml"
    if not path.is_file():
        report.error(Location("site.yaml"), "site.yaml is missing")
        return None
    checked = _parse_yaml_file(root, path, schema.SITE, report)
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
    )


def load_sources(root: Path, report: Report) -> dict[str, Source]:
    sources = {}
    for path in _files(root, "content/sources", ".yaml", report, allowed=(".txt",)):
        checked = _parse_yaml_file(root, path, schema.SOURCE, report)
        if checked is None:
            continue
        archive = None
        if checked["archive"] is not None:
            archive = _load_archive(root, checked["archive"], checked.at("archive"), report)
        sources[path.stem] = Source(
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
        )
    return sources


def _load_archive(root: Path, name: str, where: Location, report: Report) -> str | None:
    pure = PurePosixPath(name)
    if pure.is_absolute() or "\\" in name or any(part in ("..", ".") for part in pure.parts):
        report.error(where, f"archive '{name}' must be a file name inside content/sources/")
        return None
    path = root / "content" / "sources" / pure
    if not path.is_file():
        missing = not path.exists() and not path.is_symlink()
        report.error(where, f"archive file not found: content/sources/{name}" if missing
                     else f"archive content/sources/{name}: {NOT_A_FILE}")
        return None
    text = read_text(root, path, report, MAX_ARCHIVE_BYTES)
    return None if text is None else unicodedata.normalize("NFC", text)


def load_sheets(root: Path, report: Report) -> list[Sheet]:
    if not (root / "content" / "sheets").is_dir():
        report.error(Location("content/sheets"), "the folder of fact sheets is missing")
    sheets = []
    for path in _files(root, "content/sheets", ".yaml", report):
        checked = _parse_yaml_file(root, path, schema.SHEET, report)
        if checked is None:
            continue
        sections = tuple(_section(path.stem, section) for section in checked["sections"])
        sheets.append(Sheet(path.stem, checked["title"], checked["summary"], checked["updated"],
                            sections, checked.location))
    return sheets


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
            figure["key"], figure["value"], figure["qualifier"], figure["by"], figure["as_of"]),
        conflicts_with=tuple(Ref(i, where) for i, where in checked["conflicts_with"] or ()),
        location=checked.at("id"),
    )


def load_pages(root: Path, report: Report) -> tuple[Page, ...]:
    pages = []
    handler = frontmatter.YAMLHandler()
    for path in _files(root, "content/pages", ".md", report):
        name = relative(root, path)
        text = read_text(root, path, report, MAX_YAML_BYTES)
        if text is None:
            continue
        boundary = handler.FM_BOUNDARY
        try:
            if not handler.detect(text):
                raise ValueError
            front, body = handler.split(text)
        except ValueError:
            report.error(Location(name), "missing front matter: start the file with ---, title: …, ---")
            continue
        # The front matter text starts where the opening boundary ends, on this line:
        first_line = text.count("\n", 0, boundary.search(text).end()) + 1  # type: ignore[union-attr]
        node, problems = yamlsource.parse(front, name, first_line)
        report.extend(problems)
        if node is None or problems:
            continue
        checked = schema.PAGE.check(node, report)
        if checked is not None:
            pages.append(Page(path.stem, checked["title"], checked["order"], body, checked.location))
    return tuple(sorted(pages, key=lambda p: (p.order is None, p.order or 0, p.id)))

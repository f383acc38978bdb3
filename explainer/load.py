"""Files to model: read, parse and validate every content file; never raises for bad content."""

from __future__ import annotations

import os
import pickle
import time
import unicodedata
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import frontmatter

from . import schema, workers, yamlsource
from .diskcache import DiskCache, digest
from .model import Citation, Claim, Figure, Page, Ref, Section, Settings, Sheet, Site, Source
from .problems import Location, Problem, Report
from .schema import Checked

MAX_YAML_BYTES = 1 << 20  # 1 MiB: a sheet is a few kilobytes; more is a mistake
MAX_ARCHIVE_BYTES = 4 << 20
TRUST_STAT_AFTER_NS = 2_000_000_000
NOT_A_FILE = "not a regular file (a folder, a device, or a link that is broken or loops)"


class FileCache:
    """Parsed files kept between builds, reused while the bytes they came from are unchanged.

    A live-preview server owns one; each build then reparses only the files that changed
    (a source is reparsed when its YAML or its archive changes). A one-shot build's keeps
    nothing in memory (`keep` False) but may reuse the previous build's parses from disk.
    """

    def __init__(self, keep: bool = True, disk: DiskCache | None = None) -> None:
        self.keep = keep  # False: a one-shot load, nothing kept for a next one (see `_Inputs`)
        self.disk = disk  # parses of the previous one-shot build, on disk (see diskcache.py)
        self._entries: dict[Path, tuple[tuple[tuple[Path, _Snapshot], ...], frozenset[Path], Any,
                                        tuple[Problem, ...]]] = {}
        self._listings: dict[Path, _Listing] = {}
        # Per folder: the listing loaded, and each of its files' result and problems.
        self._folders: dict[Path, tuple[_Listing, list[Any], list[tuple[Problem, ...]]]] = {}
        self._read_for: dict[Path, Path] = {}  # a file read by another's parse (an archive) -> that file
        self.reparsed: list[str] = []  # files parsed by the last build, for progress output
        self.trusted: frozenset[Path] | None = None  # see `start`

    def load(self, root: Path, path: Path, report: Report, parse: Callable[[Report, "_Inputs"], Any],
             parsed: "_Parsed | None" = None) -> Any:
        """The result of `parse` for `path`, from the cache when its inputs' bytes are unchanged
        (or `parsed`, the outcome of `parse` already run for it, in another process say)."""
        entry = self._entries.get(path)
        if parsed is None and entry is not None and (
                self.trusted is not None and self.trusted.isdisjoint(entry[1])
                or all(snapshot.unchanged(p) for p, snapshot in entry[0])):
            report.extend(entry[3])
            return entry[2]
        if parsed is None and (reused := self._reuse(root, path)) is not None:
            return reused
        if parsed is None:
            parsed = _parse(root, parse, self.keep, hashed=self.disk is not None)
        result, read, problems, stored = parsed
        if stored is not None and self.disk is not None:
            self.disk.remember(relative(root, path), *stored)
            if result is None:  # parsed by a forked copy, which sent it pickled only once
                result = pickle.loads(stored[1])
        if self.keep:
            self._entries[path] = (read, frozenset(p for p, _ in read), result, problems)
            self._read_for.update((p, path) for p, _ in read if p != path)
        self.reparsed.append(relative(root, path))
        report.extend(problems)
        return result

    def load_folder(self, root: Path, listing: "_Listing", report: Report,
                    parse: Callable[[Path, Report, "_Inputs"], Any], processes: int = 1) -> list[Any]:
        """`load` for every file of a listing, in order. Told what changed (`start`), only
        those files are looked at: the others' results are the previous list's, as they are.

        With `processes` > 1 (see workers.py), a first load of many files shares the
        parsing with forked copies of this process."""
        previous = self._folders.get(listing.directory)
        if previous is not None and previous[0] is listing and self.trusted is not None:
            values, problems = previous[1], previous[2]
            touched = {listing.position[path] for path in (self._read_for.get(p, p) for p in self.trusted)
                       if path in listing.position}
            if touched:
                values, problems = list(values), list(problems)
        else:
            values, problems = [None] * len(listing.found), [()] * len(listing.found)
            touched = set(range(len(listing.found)))
        todo = sorted(touched)
        # What the cache on disk holds as it is needs no parse; the rest may be shared with a copy.
        reused = {n: result for n in todo if (result := self._reuse(root, listing.found[n])) is not None}
        parsed: dict[int, _Parsed] = {}
        misses = [n for n in todo if n not in reused]
        if processes > 1 and len(misses) >= PARALLEL_MIN_FILES and not self._entries.keys() & set(listing.found):
            paths = [listing.found[n] for n in misses]
            hashed = self.disk is not None
            parsed = dict(zip(misses, workers.shared_map(
                lambda k: _parse(root, partial(parse, paths[k]), self.keep, hashed, shipped=True),
                len(paths), processes)))
        for n in todo:
            if n in reused:
                values[n], problems[n] = reused[n], ()
                continue
            local = Report()
            values[n] = self.load(root, listing.found[n], local, partial(parse, listing.found[n]), parsed.get(n))
            problems[n] = tuple(local.problems)
        self._folders[listing.directory] = (listing, values, problems)
        report.extend(chain.from_iterable(problems))
        return values

    def _reuse(self, root: Path, path: Path) -> Any | None:
        """The previous one-shot build's result for `path`, from disk, if its files are the same."""
        return self.disk.reuse(relative(root, path)) if self.disk is not None else None

    def start(self, changed: frozenset[Path] | None = None) -> None:
        """Begin a load. `changed`: the only files that may differ from what the previous
        load read (a file watcher's report); every other file is taken as unchanged without
        looking at it. None: look at every file."""
        self.reparsed = []
        self.trusted = changed

    def listing(self, directory: Path, list_folder: Callable[[], "_Listing"]) -> "_Listing":
        """A content folder's listing, listed again unless `start` was told what changed
        and nothing changed that the previous listing does not already hold as it is."""
        previous = self._listings.get(directory)
        if previous is None or self.trusted is None or any(
                path.parent == directory and (path.name not in previous.names or not path.is_file())
                for path in self.trusted):
            previous = self._listings[directory] = list_folder()
        return previous


@dataclass(frozen=True, slots=True)
class _Listing:
    """A content folder as `_files` listed it: the files to load, every name, the problems."""

    directory: Path
    found: tuple[Path, ...]
    names: frozenset[str]
    problems: tuple[Problem, ...]
    position: dict[Path, int]  # of each file in `found`


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """A file as a parse read it: its bytes, its stat and when it was read."""

    data: bytes | None
    stat: tuple[int, int, int] | None
    taken_ns: int

    @classmethod
    def of(cls, path: Path) -> "_Snapshot":
        return cls(_peek(path), _stat(path), time.time_ns())

    def unchanged(self, path: Path) -> bool:
        """Whether `path` still holds these bytes.

        An equal stat is trusted only for a file last modified well before it was read
        (file times are coarse: a quick second save may keep the same time and size);
        other files are compared byte for byte.
        """
        stat = _stat(path)
        if stat is not None and stat == self.stat and stat[0] < self.taken_ns - TRUST_STAT_AFTER_NS:
            return True
        return _peek(path) == self.data


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        result = path.stat()
    except OSError:
        return None
    return (result.st_mtime_ns, result.st_size, result.st_ino)


class _Inputs:
    """Records every file a parse reads, so the cache can tell when to redo it (a one-shot
    load, `keep` False, records the paths only: no second read of each file's bytes).
    `hashed`: also the digest of each, for the cache on disk."""

    def __init__(self, root: Path, keep: bool = True, hashed: bool = False) -> None:
        self.root = root
        self.keep = keep
        self.read: dict[Path, _Snapshot | None] = {}
        self.digests: dict[Path, bytes | None] | None = {} if hashed else None

    def missing(self, path: Path) -> None:
        self.read[path] = _Snapshot(None, None, time.time_ns()) if self.keep else None
        if self.digests is not None:
            self.digests[path] = None

    def text(self, path: Path, report: Report, limit: int) -> str | None:
        self.read[path] = _Snapshot.of(path) if self.keep else None
        data = read_bytes(self.root, path, report, limit)
        if self.digests is not None:  # of the bytes read: the file is read once
            self.digests[path] = None if data is None else digest(path, data)
        return None if data is None else decode_text(relative(self.root, path), data, report)


# A parse's outcome: its result, the files it read (with their snapshots), its problems,
# and what the cache on disk keeps of it (the digests of the files read, the result
# pickled), if it is to keep it.
_Stored = tuple[tuple[tuple[str, bytes | None], ...], bytes]
_Parsed = tuple[Any, tuple[tuple[Path, "_Snapshot | None"], ...], tuple[Problem, ...], _Stored | None]
# Below this many files to parse, a forked copy costs more than it saves.
PARALLEL_MIN_FILES = 200


def _parse(root: Path, parse: Callable[[Report, _Inputs], Any], keep: bool, hashed: bool = False,
           shipped: bool = False) -> _Parsed:
    """Run `parse`; `hashed`: with what the cache on disk keeps of a parse without problems.
    `shipped` (in a forked copy): the result goes back pickled once, in what the cache keeps."""
    inputs, local = _Inputs(root, keep, hashed), Report()
    result = parse(local, inputs)
    stored = None
    if inputs.digests is not None and result is not None and not local.problems \
            and None not in inputs.digests.values():
        stored = (tuple((relative(root, p), d) for p, d in inputs.digests.items()),
                  pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        if shipped:
            result = None
    return result, tuple(inputs.read.items()), tuple(local.problems), stored


def _peek(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= MAX_ARCHIVE_BYTES else b"(too large)"
    except OSError:
        return None


def load(root: Path, report: Report, cache: FileCache | None = None,
         changed: frozenset[str] | None = None, processes: int = 1) -> Site | None:
    """Load every content file under `root`; problems go to `report`.

    `changed` (paths relative to `root`): the only files that may have changed since the
    cache's previous load, as a file watcher reports them; the other files are not even
    looked at. None, or a path the loader cannot place, means every file is looked at.
    `processes` > 1: many files to parse are shared with forked copies (see workers.py).
    """
    cache = cache or FileCache(keep=False)
    cache.start(_changed_inputs(root, changed))
    settings = cache.load(root, root / "site.yaml", report, lambda r, i: load_settings(root, r, i))
    listing = _files(root, "content/sources", ".yaml", report, cache, allowed=(".txt",))
    loaded = cache.load_folder(root, listing, report, lambda p, r, i: load_source(root, p, r, i), processes)
    sources = {source.id: source for source in loaded if source is not None}
    if not (root / "content" / "sheets").is_dir():
        report.error(Location("content/sheets"), "the folder of fact sheets is missing")
    listing = _files(root, "content/sheets", ".yaml", report, cache)
    sheets = [sheet for sheet in cache.load_folder(root, listing, report,
                                                   lambda p, r, i: load_sheet(root, p, r, i), processes)
              if sheet is not None]
    listing = _files(root, "content/pages", ".md", report, cache)
    pages = [page for page in cache.load_folder(root, listing, report, lambda p, r, i: load_page(root, p, r, i))
             if page is not None]
    if settings is None:
        return None
    pages.sort(key=lambda p: (p.order is None, p.order or 0, p.id))
    return Site(settings, sources, order_sheets(sheets, settings.nav), tuple(pages))


CONTENT_FOLDERS = ("content/sources", "content/sheets", "content/pages")


def _changed_inputs(root: Path, changed: frozenset[str] | None) -> frozenset[Path] | None:
    """The content files among `changed`; None (look at everything) when one of them is
    not a file the loader reads directly by name (a folder under content/, say)."""
    if changed is None:
        return None
    found = set()
    for name in changed:
        if name == "site.yaml":
            found.add(root / name)
        elif name == "content" or name.startswith("content/"):
            folder, _, file_name = name.rpartition("/")
            if folder not in CONTENT_FOLDERS:
                return None
            if not (file_name.startswith(".") or file_name.endswith("~")):  # skipped by `_files` anyway
                found.add(root / name)
    return frozenset(found)


def order_sheets(sheets: list[Sheet], nav: tuple[Ref, ...]) -> tuple[Sheet, ...]:
    """Sheets named in `nav` first, in that order, then the others by id."""
    position = {ref.id: n for n, ref in enumerate(nav)}
    return tuple(sorted(sheets, key=lambda s: (position.get(s.id, len(position)), s.id)))


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_bytes(root: Path, path: Path, report: Report, limit: int) -> bytes | None:
    """A file's bytes, refusing links out of the project and files over `limit` bytes."""
    here = Location(relative(root, path))
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            report.error(here, "the file is a link to outside the project")
            return None
        size = path.stat().st_size
        if size > limit:
            report.error(here, f"the file is too large ({size:,} bytes; the limit is {limit:,})")
            return None
        return path.read_bytes()
    except OSError as exc:
        report.error(here, f"cannot read the file: {exc.strerror or exc}")
        return None


def decode_text(name: str, data: bytes, report: Report) -> str | None:
    """The text of a file's bytes: UTF-8 (a BOM dropped), no NUL, Unix line ends."""
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


def _parse_yaml_file(root: Path, path: Path, record: schema.Record, report: Report,
                     inputs: _Inputs) -> Checked | None:
    text = inputs.text(path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    node, problems = yamlsource.parse(text, relative(root, path))
    report.extend(problems)
    if node is None or problems:
        return None
    return record.check(node, report)


def _files(root: Path, folder: str, suffix: str, report: Report, cache: FileCache,
           allowed: tuple[str, ...] = ()) -> _Listing:
    """The files of a content folder with the suffix, sorted; others are reported."""
    listing = cache.listing(root / folder, lambda: _list_folder(root, folder, suffix, allowed))
    report.extend(listing.problems)
    return listing


def _list_folder(root: Path, folder: str, suffix: str, allowed: tuple[str, ...]) -> _Listing:
    directory = root / folder
    if not directory.is_dir():
        return _Listing(directory, (), frozenset(), (), {})
    found, report = [], Report()
    with os.scandir(directory) as entries:
        listing = sorted((entry.name, _is_file(entry)) for entry in entries)
    for name, is_file in listing:
        if name.startswith(".") or name.endswith("~"):
            continue  # editors' swap and backup files
        path = directory / name
        if path.suffix == suffix and is_file:
            if schema.is_id(path.stem):
                found.append(path)
            else:
                report.error(Location(relative(root, path)),
                             f"invalid id '{path.stem}': file names are lowercase letters, digits and hyphens")
        elif path.suffix == suffix:
            report.error(Location(relative(root, path)), NOT_A_FILE)
        elif path.suffix not in allowed:
            report.error(Location(relative(root, path)), f"unexpected file in {folder}/ (expected {suffix} files)")
    return _Listing(directory, tuple(found), frozenset(name for name, _ in listing), tuple(report.problems),
                    {path: n for n, path in enumerate(found)})


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a regular file or a link to one; False for a loop of links."""
    try:
        return entry.is_file()
    except OSError:
        return False


def load_settings(root: Path, report: Report, inputs: _Inputs) -> Settings | None:
    path = root / "site.yaml"
    if not path.is_file():
        inputs.missing(path)
        report.error(Location("site.yaml"), "site.yaml is missing")
        return None
    checked = _parse_yaml_file(root, path, schema.SITE, report, inputs)
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


def load_source(root: Path, path: Path, report: Report, inputs: _Inputs) -> Source | None:
    checked = _parse_yaml_file(root, path, schema.SOURCE, report, inputs)
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
    )


def _load_archive(root: Path, name: str, where: Location, report: Report, inputs: _Inputs) -> str | None:
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


def load_sheet(root: Path, path: Path, report: Report, inputs: _Inputs) -> Sheet | None:
    checked = _parse_yaml_file(root, path, schema.SHEET, report, inputs)
    if checked is None:
        return None
    sections = tuple(_section(path.stem, section) for section in checked["sections"])
    return Sheet(path.stem, checked["title"], checked["summary"], checked["updated"], sections, checked.location)


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


def load_page(root: Path, path: Path, report: Report, inputs: _Inputs) -> Page | None:
    name = relative(root, path)
    text = inputs.text(path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    handler = frontmatter.YAMLHandler()
    try:
        if not handler.detect(text):
            raise ValueError
        front, body = handler.split(text)
    except ValueError:
        report.error(Location(name), "missing front matter: start the file with ---, title: …, ---")
        return None
    # The front matter text starts where the opening boundary ends, on this line:
    first_line = text.count("\n", 0, handler.FM_BOUNDARY.search(text).end()) + 1  # type: ignore[union-attr]
    node, problems = yamlsource.parse(front, name, first_line)
    report.extend(problems)
    if node is None or problems:
        return None
    checked = schema.PAGE.check(node, report)
    if checked is None:
        return None
    return Page(path.stem, checked["title"], checked["order"], body, checked.location)

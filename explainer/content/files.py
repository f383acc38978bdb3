"""Content files on disk: folder listings, snapshots of what a parse read, and reading bytes as text.

The loader (load.py) turns files into the model; this module only finds and reads them,
recording what each parse read so that the cache of parses (filecache.py) knows when to
redo it.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from . import yamlsource
from .fieldtypes import Checked, Record, is_id
from .problems import Location, Problem, Report

MAX_YAML_BYTES = 1 << 20  # 1 MiB: a sheet is a few kilobytes; more is a mistake
MAX_ARCHIVE_BYTES = 4 << 20
TRUST_STAT_AFTER_NS = 2_000_000_000
NOT_A_FILE = "not a regular file (a folder, a device, or a link that is broken or loops)"

# Editors' temporary and backup files: never content, never a change worth naming. Vim's
# swap files and its write test (4913), Emacs's lock (.#x) and autosave (#x#) files,
# backups (x~, x.bak), JetBrains' safe-write files, `sed -i`'s temporary file, Kate's
# swap files, Office's owner files (~$x), and any hidden file.
_NOISE_SUFFIXES = (".swp", ".swo", ".swx", ".swn", ".kate-swp", ".bak", ".tmp", "~", "___jb_tmp___", "___jb_old___")
_SED_TEMPORARY = re.compile(r"sed[A-Za-z0-9]{6}")


def is_editor_noise(name: str) -> bool:
    """Whether a file name (or path) is an editor's temporary or backup file."""
    name = name.replace("\\", "/").rpartition("/")[2]
    return (name.startswith((".", "~$")) or name.endswith(_NOISE_SUFFIXES) or name == "4913"
            or (name.startswith("#") and name.endswith("#")) or _SED_TEMPORARY.fullmatch(name) is not None)


@dataclass(frozen=True, slots=True)
class Listing:
    """A content folder as `list_folder` listed it: the files to load, every name, the problems."""

    directory: Path
    found: tuple[Path, ...]
    names: frozenset[str]
    problems: tuple[Problem, ...]
    position: dict[Path, int]  # of each file in `found`


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as a parse read it: its bytes, its stat and when it was read."""

    data: bytes | None
    stat: tuple[int, int, int] | None
    taken_ns: int

    @classmethod
    def of(cls, path: Path) -> Snapshot:
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


class Inputs:
    """Records every file a parse reads, so the cache can tell when to redo it (a one-shot
    load, `keep` False, records the paths only: no second read of each file's bytes).
    `hashed`: also the digest of each, for the cache on disk."""

    def __init__(self, root: Path, keep: bool = True, hashed: bool = False) -> None:
        self.root = root
        self.keep = keep
        self.read: dict[Path, Snapshot | None] = {}
        self.digests: dict[Path, bytes | None] | None = {} if hashed else None

    def missing(self, path: Path) -> None:
        self.read[path] = Snapshot(None, None, time.time_ns()) if self.keep else None
        if self.digests is not None:
            self.digests[path] = None

    def text(self, path: Path, report: Report, limit: int) -> str | None:
        self.read[path] = Snapshot.of(path) if self.keep else None
        data = read_bytes(self.root, path, report, limit)
        if self.digests is not None:  # of the bytes read: the file is read once
            self.digests[path] = None if data is None else digest(path, data)
        return None if data is None else decode_text(relative(self.root, path), data, report)


def digest(path: Path, data: bytes | None = None) -> bytes | None:
    """A short hash of the file's bytes (`data`, when they were just read); None for a file
    that is gone, not a regular file, or a link (whether a link is allowed depends on more
    than bytes: never cached)."""
    try:
        if path.is_symlink():
            return None
        return hashlib.blake2b(path.read_bytes() if data is None else data, digest_size=16).digest()
    except OSError:
        return None


def _peek(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.stat().st_size <= MAX_ARCHIVE_BYTES else b"(too large)"
    except OSError:
        return None


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


def list_folder(root: Path, folder: str, suffix: str, allowed: tuple[str, ...]) -> Listing:
    directory = root / folder
    if not directory.is_dir():
        return Listing(directory, (), frozenset(), (), {})
    found, report = [], Report()
    with os.scandir(directory) as entries:
        listing = sorted((entry.name, _is_file(entry)) for entry in entries)
    for name, is_file in listing:
        if is_editor_noise(name):
            continue
        path = directory / name
        if path.suffix == suffix and is_file:
            if is_id(path.stem):
                found.append(path)
            else:
                report.error(Location(relative(root, path)),
                             f"invalid id '{path.stem}': file names are lowercase letters, digits and hyphens")
        elif path.suffix == suffix:
            report.error(Location(relative(root, path)), NOT_A_FILE)
        elif path.suffix not in allowed:
            report.error(Location(relative(root, path)), f"unexpected file in {folder}/ (expected {suffix} files)")
    return Listing(directory, tuple(found), frozenset(name for name, _ in listing), tuple(report.problems),
                    {path: n for n, path in enumerate(found)})


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a regular file or a link to one; False for a loop of links."""
    try:
        return entry.is_file()
    except OSError:
        return False


def parse_yaml_file(root: Path, path: Path, record: Record, report: Report,
                    inputs: Inputs) -> Checked | None:
    """A YAML file read (recorded in `inputs`), parsed with positions and checked against `record`."""
    text = inputs.text(path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    node, problems = yamlsource.parse(text, relative(root, path))
    report.extend(problems)
    if node is None or problems:
        return None
    return record.check(node, report)


def parse_front_matter(root: Path, path: Path, record: Record, report: Report,
                       inputs: Inputs) -> tuple[Checked, str] | None:
    """A Markdown file's YAML front matter, checked against `record`, and its body."""
    name = relative(root, path)
    text = inputs.text(path, report, MAX_YAML_BYTES)
    if text is None:
        return None
    handler = YAMLHandler()
    boundary = handler.FM_BOUNDARY.search(text) if handler.detect(text) else None
    try:
        if boundary is None:
            raise ValueError
        front, body = handler.split(text)
    except ValueError:
        report.error(Location(name), "missing front matter: start the file with ---, title: …, ---")
        return None
    # The front matter text starts where the opening boundary ends, on this line:
    first_line = text.count("\n", 0, boundary.end()) + 1
    node, problems = yamlsource.parse(front, name, first_line)
    report.extend(problems)
    if node is None or problems:
        return None
    checked = record.check(node, report)
    return None if checked is None else (checked, body)

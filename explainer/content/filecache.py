"""The cache of parsed files: each parse's result, reused while the bytes it read are unchanged."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from .files import Inputs, Listing, Snapshot, list_folder, relative
from .problems import Problem, Report
from .sharing import Share


class KeptParses(Protocol):
    """Parses kept by an earlier process (the builder's cache on disk, builder/diskcache.py)."""

    def reuse(self, name: str) -> Any | None:
        """The kept result of the file `name` (relative to the root), if every file its parse read is unchanged."""

    def remember(self, name: str, inputs: tuple[tuple[str, bytes | None], ...], result: bytes) -> None:
        """Keep this parse: the digests of the files it read, its result pickled."""


class FileCache:
    """Parsed files kept between builds, reused while the bytes they came from are unchanged.

    A live-preview server owns one; each build then reparses only the files that changed
    (a source is reparsed when its YAML or its archive changes). A one-shot build's keeps
    nothing in memory (`keep` False) but may reuse the previous build's parses from disk.
    """

    def __init__(self, keep: bool = True, disk: KeptParses | None = None) -> None:
        self.keep = keep  # False: a one-shot load, nothing kept for a next one (see `Inputs`)
        self.disk = disk  # parses of the previous one-shot build, on disk (see builder/diskcache.py)
        self._entries: dict[Path, tuple[tuple[tuple[Path, Snapshot | None], ...], frozenset[Path], Any,
                                        tuple[Problem, ...]]] = {}
        self._listings: dict[Path, Listing] = {}
        # Per folder: the listing loaded, and each of its files' result and problems.
        self._folders: dict[Path, tuple[Listing, list[Any], list[tuple[Problem, ...]]]] = {}
        self._read_for: dict[Path, Path] = {}  # a file read by another's parse (an archive) -> that file
        self.reparsed: list[str] = []  # files parsed by the last build, for progress output
        self.trusted: frozenset[Path] | None = None  # see `start`

    def load(self, root: Path, path: Path, report: Report, parse: Callable[[Report, Inputs], Any],
             parsed: Parsed | None = None) -> Any:
        """The result of `parse` for `path`, from the cache when its inputs' bytes are unchanged
        (or `parsed`, the outcome of `parse` already run for it, in another process say)."""
        entry = self._entries.get(path)
        if parsed is None and entry is not None and (
                (self.trusted is not None and self.trusted.isdisjoint(entry[1]))
                or all(snapshot is not None and snapshot.unchanged(p) for p, snapshot in entry[0])):
            report.extend(entry[3])
            return entry[2]
        if parsed is None and (reused := self._reuse(root, path)) is not None:
            return reused
        if parsed is None:
            parsed = parse_file(root, parse, self.keep, hashed=self.disk is not None)
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

    def load_folder(self, root: Path, listing: Listing, report: Report,
                    parse: Callable[[Path, Report, Inputs], Any], share: Share | None = None) -> list[Any]:
        """`load` for every file of a listing, in order. Told what changed (`start`), only
        those files are looked at: the others' results are the previous list's, as they are.

        With `share` (see sharing.py), a first load of many files shares the parsing
        (with forked copies of this process, in a one-shot build)."""
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
        parsed: dict[int, Parsed] = {}
        misses = [n for n in todo if n not in reused]
        if share is not None and len(misses) >= PARALLEL_MIN_FILES and not self._entries.keys() & set(listing.found):
            paths = [listing.found[n] for n in misses]
            hashed = self.disk is not None
            parsed = dict(zip(misses, share(
                lambda k: parse_file(root, partial(parse, paths[k]), self.keep, hashed, shipped=True),
                len(paths)), strict=True))
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

    def folder_listing(self, root: Path, folder: str, suffix: str, report: Report,
                       allowed: tuple[str, ...] = ()) -> Listing:
        """The files of a content folder with the suffix, sorted; others are reported."""
        listing = self.listing(root / folder, lambda: list_folder(root, folder, suffix, allowed))
        report.extend(listing.problems)
        return listing

    def listing(self, directory: Path, list_folder: Callable[[], Listing]) -> Listing:
        """A content folder's listing, listed again unless `start` was told what changed
        and nothing changed that the previous listing does not already hold as it is."""
        previous = self._listings.get(directory)
        if previous is None or self.trusted is None or any(
                path.parent == directory and (path.name not in previous.names or not path.is_file())
                for path in self.trusted):
            previous = self._listings[directory] = list_folder()
        return previous


# A parse's outcome: its result, the files it read (with their snapshots), its problems,
# and what the cache on disk keeps of it (the digests of the files read, the result
# pickled), if it is to keep it.
Stored = tuple[tuple[tuple[str, bytes | None], ...], bytes]
Parsed = tuple[Any, tuple[tuple[Path, "Snapshot | None"], ...], tuple[Problem, ...], Stored | None]
# Below this many files to parse, a forked copy costs more than it saves.
PARALLEL_MIN_FILES = 200


def parse_file(root: Path, parse: Callable[[Report, Inputs], Any], keep: bool, hashed: bool = False,
           shipped: bool = False) -> Parsed:
    """Run `parse`; `hashed`: with what the cache on disk keeps of a parse without problems.
    `shipped` (in a forked copy): the result goes back pickled once, in what the cache keeps."""
    inputs, local = Inputs(root, keep, hashed), Report()
    result = parse(local, inputs)
    stored = None
    if inputs.digests is not None and result is not None and not local.problems \
            and None not in inputs.digests.values():
        stored = (tuple((relative(root, p), d) for p, d in inputs.digests.items()),
                  pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        if shipped:
            result = None
    return result, tuple(inputs.read.items()), tuple(local.problems), stored

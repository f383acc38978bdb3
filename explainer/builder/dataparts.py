"""The open data's sheets' parts taken from the previous build's files, for a one-shot build.

claims.json and claims.csv hold every claim: any claim edit changes them, and serialising
20 000 claims costs about a second. Each sheet's part of the two files is a function of
what `opendata.part_inputs` lists; the build record keeps, per part, a digest of those
inputs (`pagekeys.PageKeys.pickled`) and where the part lies in each file. A later build
reads an unchanged sheet's parts from the files in the output (which the record says are
as that build wrote them) and serialises only the others; the files it writes are the
same bytes as a build that serialises all.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import origins
from ..content.model import Site
from ..site import opendata, urls

if TYPE_CHECKING:
    from .pagekeys import PageKeys

# Per part key: where the sheet's part starts and how long it is in claims.json, then in claims.csv.
Ranges = dict[str, list[int]]


class ReusedParts(opendata.Chunks):
    """`opendata.Chunks` for one build: the parts of unchanged sheets read from `out`.

    Each data file is made part by part as it is written (`kind_parts`), one sheet's part
    in memory at a time, and where each part lies is noted for the next build."""

    def __init__(self, keys: PageKeys, out: Path, previous: Ranges, prefix: str = "") -> None:
        """`prefix`: where the edition's files are in `out` ("" for the original's); the ranges
        of every edition share one record (each sheet's part key names its edition)."""
        super().__init__()
        self.keys = keys
        self.files = [out / prefix / urls.DATA["json"], out / prefix / urls.DATA["csv"]]
        # The previous ranges serve only if both files are as the previous build wrote them.
        usable = all(prefix + urls.DATA[kind] in keys.previous for kind in ("json", "csv"))
        self.previous = previous if usable else {}
        self.ranges: Ranges = {}  # this build's, for the next (see `take_ranges`)
        self.reused = 0
        self._digests: tuple[Site | None, list[str]] = (None, [])

    def kind_parts(self, site: Site, csv_part: bool, labels: opendata.Labels) -> Iterator[bytes]:
        """Each sheet's part of claims.csv (or claims.json), in site order: read from the
        previous file where the record says it lies, serialised otherwise."""
        digests = self._keys(site, labels)
        groups = origins.origin_groups(site.sources)
        places = [self.previous.get(key) for key in digests]
        at, first = opendata.parts_start(site, csv_part), True
        handle = _open(self.files[csv_part]) if any(places) else None
        try:
            for sheet, key, place in zip(site.sheets, digests, places, strict=True):
                part = _part(handle, place, csv_part) if handle is not None else None
                if part is None:
                    part = opendata.sheet_part(site, sheet, groups, csv_part, labels)
                else:
                    self.reused += 1
                if part and not first and not csv_part:
                    at += len(opendata.JSON_SEPARATOR)
                self.ranges.setdefault(key, [-1, -1, -1, -1])[2 * csv_part:2 * csv_part + 2] = [at, len(part)]
                if part or csv_part:
                    at, first = at + len(part), False
                yield part
        finally:
            if handle is not None:
                os.close(handle)

    def _keys(self, site: Site, labels: opendata.Labels) -> list[str]:
        """Each sheet's part key: a digest of what its parts are made from."""
        if self._digests[0] is not site:
            groups = origins.origin_groups(site.sources)
            inputs = (opendata.part_inputs(site, sheet, groups, labels) for sheet in site.sheets)
            self._digests = (site, [hashlib.blake2b(self.keys.pickled(found), digest_size=16).hexdigest()
                                    for found in inputs])
        return self._digests[1]

    def take_ranges(self) -> Ranges:
        """This build's ranges (once the data files were made), for the build record: a
        file made by a forked copy gives its half of each range (see `merge`)."""
        return self.ranges


def merge(ranges: Ranges, found: Ranges) -> None:
    """Add `found` to `ranges`: each file's half of a range, where it is known (not -1)."""
    for key, place in found.items():
        known = ranges.get(key)
        ranges[key] = place if known is None else [new if new >= 0 else old for new, old in zip(place, known,
                                                                                                 strict=True)]


def _open(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None


def _part(handle: int, place: list[int] | None, csv_part: bool) -> bytes | None:
    """The part at this place of the previous file (None where unknown, unreadable, or not
    a part of the kind that the record says)."""
    if not isinstance(place, list) or len(place) != 4 or not all(isinstance(n, int) and n >= 0 for n in place):
        return None
    at, length = place[2 * csv_part:2 * csv_part + 2]
    if csv_part and at < 1:
        return None
    try:  # a CSV part is read with the end of the row before it
        data = os.pread(handle, length + csv_part, at - csv_part)
    except OSError:
        return None
    if len(data) != length + csv_part:
        return None
    if csv_part:
        if not data.startswith(b"\n") or (length and not data.endswith(b"\r\n")):
            return None
        return data[1:]
    if data and not (data.startswith(b'{"id": ') and data.endswith(b"}")):
        return None  # not where the record says: made again
    return data

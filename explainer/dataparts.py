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
from pathlib import Path
from typing import TYPE_CHECKING

from . import opendata, origins, urls
from .model import Site

if TYPE_CHECKING:
    from .pagekeys import PageKeys

# Per part key: where the sheet's part starts and how long it is in claims.json, then in claims.csv.
Ranges = dict[str, list[int]]


class ReusedParts(opendata.Chunks):
    """`opendata.Chunks` for one build: the parts of unchanged sheets read from `out`."""

    def __init__(self, keys: PageKeys, out: Path, previous: Ranges) -> None:
        super().__init__()
        self.keys = keys
        self.files = [out / urls.DATA["json"], out / urls.DATA["csv"]]
        # The previous ranges serve only if both files are as the previous build wrote them.
        usable = all(urls.DATA[kind] in keys.previous for kind in ("json", "csv"))
        self.previous = previous if usable else {}
        self.ranges: Ranges = {}  # this build's, for the next (see `take_ranges`)
        self.reused = 0

    def parts(self, site: Site) -> list[tuple[bytes, bytes]]:
        if self._last[0] is site:  # the JSON and the CSV of one build
            return self._last[1]
        groups = origins.origin_groups(site.sources)
        digests = [hashlib.blake2b(self.keys.pickled(opendata.part_inputs(site, sheet, groups)),
                                   digest_size=16).hexdigest() for sheet in site.sheets]
        found = self._read([self.previous.get(key) for key in digests])
        result = []
        for sheet, old in zip(site.sheets, found, strict=True):
            if old is None:
                old = opendata.sheet_parts(site, sheet, groups)
            else:
                self.reused += 1
            result.append(old)
        self.ranges = {key: [json_at, len(parts[0]), csv_at, len(parts[1])]
                       for key, parts, (json_at, csv_at) in zip(digests, result, opendata.parts_offsets(site, result),
                                                                strict=True)}
        self._last = (site, result)
        return result

    def _read(self, where: list[list[int] | None]) -> list[tuple[bytes, bytes] | None]:
        """The parts at these places of the previous files (None where unknown or unreadable)."""
        if not any(where):
            return [None] * len(where)
        try:
            handles = [os.open(path, os.O_RDONLY) for path in self.files]
        except OSError:
            return [None] * len(where)
        try:
            return [_part(handles, place) for place in where]
        finally:
            for handle in handles:
                os.close(handle)

    def take_ranges(self) -> Ranges:
        """This build's ranges (once the data files were made), for the build record."""
        return self.ranges


def _part(handles: list[int], place: list[int] | None) -> tuple[bytes, bytes] | None:
    if not isinstance(place, list) or len(place) != 4 or not all(isinstance(n, int) and n >= 0 for n in place):
        return None
    json_at, json_length, csv_at, csv_length = place
    if csv_at < 1:
        return None
    try:
        json_part = os.pread(handles[0], json_length, json_at)
        csv_part = os.pread(handles[1], csv_length + 1, csv_at - 1)  # with the end of the row before
    except OSError:
        return None
    if len(json_part) != json_length or len(csv_part) != csv_length + 1 or not csv_part.startswith(b"\n") \
            or (json_part and not (json_part.startswith(b'{"id": ') and json_part.endswith(b"}"))) \
            or (csv_length and not csv_part.endswith(b"\r\n")):
        return None  # not where the record says: made again
    return json_part, csv_part[1:]

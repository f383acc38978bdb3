"""Open data: every claim with its status, facets and citations, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from ..content import origins
from ..content.model import Claim, Correction, Sheet, Site
from . import urls
from .i18n import engine_formatter

CSV_COLUMNS = ("claim_id", "claim_url", "sheet", "section", "text", "status", "status_label", "date", "actor",
               "figure_key", "figure_value", "figure_qualifier", "figure_by", "figure_as_of", "conflicts_with",
               "corrected_by", "independent_origins", "citation", "source", "outlet", "source_title", "published",
               "quote", "note", "passage_url", "source_url")


# Status -> its label for readers, in the interface's language (i18n.Formatter.status_labels).
Labels = Mapping[str, str]


def site_labels(site: Site) -> Labels:
    """The status labels in the site's language, from the engine's catalogs."""
    return engine_formatter(site.settings.language).status_labels


def claim_records(site: Site, labels: Labels | None = None) -> list[dict[str, Any]]:
    """One record per claim, in site order; dates as YYYY-MM-DD or YYYY-MM, URLs absolute."""
    groups = origins.origin_groups(site.sources)
    labels = labels if labels is not None else site_labels(site)
    return [record for sheet in site.sheets for record in sheet_records(site, sheet, labels, groups)]


def sheet_records(site: Site, sheet: Sheet, labels: Labels,
                  groups: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The records of one sheet's claims (`groups`: the sources' origins, see content/origins.py)."""
    groups = groups if groups is not None else origins.origin_groups(site.sources)
    base = site.settings.base_url
    records = []
    for section in sheet.sections:
        for claim in section.claims:
            records.append({
                "id": claim.id,
                "url": urls.absolute(base, urls.claim(claim)),
                "sheet": sheet.id,
                "section": section.id,
                "text": claim.text,
                "status": claim.status,
                "status_label": labels[claim.status],
                "date": str(claim.date) if claim.date else None,
                "actor": claim.actor,
                "figure": _figure(claim),
                "conflicts_with": [ref.id for ref in claim.conflicts_with],
                "corrected_by": [ref.id for ref in claim.corrected_by],
                "independent_origins": origins.independent_origins(claim, groups),
                "citations": _citations(site, claim),
            })
            if site.settings.translates:  # another edition: its text, and how it stands with its original's
                records[-1]["language"] = site.settings.language if claim.translation != "missing" \
                    else site.settings.translates
                records[-1]["translation"] = claim.translation or "current"
    return records


def _figure(claim: Claim) -> dict[str, Any] | None:
    figure = claim.figure
    if figure is None:
        return None
    return {"key": figure.key, "value": figure.value, "qualifier": figure.qualifier, "by": figure.by,
            "as_of": str(figure.as_of) if figure.as_of else None}


def _citations(site: Site, claim: Claim) -> list[dict[str, Any]]:
    rows = []
    for number, citation in enumerate(claim.citations, 1):
        source = site.sources[citation.source.id]
        rows.append({
            "number": number,
            "source": source.id,
            "outlet": source.outlet,
            "title": source.title,
            "published": str(source.published),
            "quote": citation.quote,
            **({"quote_language": source.language, "quote_translation": citation.quote_translation}
               if site.settings.translates else {}),
            "note": citation.note,
            "passage_url": urls.absolute(site.settings.base_url, urls.citation(claim, number, citation)),
            "source_url": source.url,
        })
    return rows


class Chunks:
    """Each sheet's part of the JSON and CSV files, kept while the sheet and its sources are
    the same objects: after a one-sheet edit, only that sheet's part is serialised again."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Any, ...]] = {}
        self._last: tuple[Site | None, Labels | None, list[tuple[bytes, bytes]]] = (None, None, [])

    def parts(self, site: Site, labels: Labels) -> list[tuple[bytes, bytes]]:
        """(JSON records, CSV rows) per sheet, in site order, as UTF-8."""
        if self._last[0] is site and self._last[1] is labels:  # the JSON and the CSV of one build
            return self._last[2]
        previous, self._parts = self._parts, {}
        result = []
        groups = origins.origin_groups(site.sources)
        for sheet in site.sheets:
            key = part_inputs(site, sheet, groups, labels)
            found = previous.get(sheet.id)
            if found is None or found[0] is not sheet or found[1] != key[1:]:
                found = (sheet, key[1:], *sheet_parts(site, sheet, groups, labels))
            self._parts[sheet.id] = found
            result.append((found[2], found[3]))
        self._last = (site, labels, result)
        return result

    def kind_parts(self, site: Site, csv_part: bool, labels: Labels) -> Iterator[bytes]:
        """Each sheet's JSON (or CSV) part, in site order."""
        yield from (pair[csv_part] for pair in self.parts(site, labels))


def part_inputs(site: Site, sheet: Sheet, groups: dict[str, Any], labels: Labels) -> tuple[Any, ...]:
    """What a sheet's part of the data files is made from: the sheet, its cited sources and
    their origin groups, the site's address, the status labels."""
    cited = tuple(site.sources.get(c.source.id) for claim in sheet.claims() for c in claim.citations)
    shared = tuple(groups.get(c.source.id) for claim in sheet.claims() for c in claim.citations)
    return (sheet, cited, shared, site.settings.base_url, dict(labels))


def sheet_parts(site: Site, sheet: Sheet, groups: dict[str, Any], labels: Labels) -> tuple[bytes, bytes]:
    """A sheet's part of claims.json and of claims.csv, as UTF-8."""
    records = sheet_records(site, sheet, labels, groups)
    return _json_records(records).encode(), _csv_rows(records).encode()


def sheet_part(site: Site, sheet: Sheet, groups: dict[str, Any], csv_part: bool, labels: Labels) -> bytes:
    """A sheet's part of claims.csv (or of claims.json), as UTF-8."""
    records = sheet_records(site, sheet, labels, groups)
    return (_csv_rows(records) if csv_part else _json_records(records)).encode()


def _sheet_parts(site: Site, chunks: Chunks | None, csv_part: bool, labels: Labels) -> Iterator[bytes]:
    """Each sheet's JSON (or CSV) part: from `chunks`, or made one at a time and not kept."""
    if chunks is not None:
        yield from chunks.kind_parts(site, csv_part, labels)
        return
    groups = origins.origin_groups(site.sources)
    for sheet in site.sheets:
        yield sheet_part(site, sheet, groups, csv_part, labels)


_PLACEHOLDER = "\ue000claims\ue000"


def _json_records(records: list[dict[str, Any]]) -> str:
    """The records as they stand inside the document's "claims" list: one claim per line
    (readable, diffable, and written by json's C encoder, ten times faster than indenting)."""
    return ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in records)


def claims_json(site: Site, chunks: Chunks | None = None, labels: Labels | None = None) -> Iterator[bytes]:
    """The whole data set as one JSON document, in UTF-8 pieces: indented, one claim per line.

    On a large site the document is tens of megabytes: it is written piece by piece.
    `labels`: the status labels' language (default: the site's).
    """
    labels = labels if labels is not None else site_labels(site)
    parts = (part for part in _sheet_parts(site, chunks, False, labels) if part)
    first = next(parts, None)
    if first is None:  # no claims: an empty list, as json.dumps writes it
        yield json.dumps({**_header(site), "claims": []}, ensure_ascii=False, indent=1).encode() + b"\n"
        return
    before, after = _around_claims(site)
    yield before + first
    for part in parts:
        yield JSON_SEPARATOR + part
    yield after + b"\n"


JSON_SEPARATOR = b",\n  "  # between two sheets' parts of the claims' list


def _header(site: Site) -> dict[str, str]:
    return {"title": site.settings.title, "description": site.settings.description,
            "url": site.settings.base_url, "language": site.settings.language}


def _around_claims(site: Site) -> tuple[bytes, bytes]:
    """What comes before the first claim of claims.json, and after the last."""
    before, _, after = json.dumps({**_header(site), "claims": [_PLACEHOLDER]}, ensure_ascii=False,
                                  indent=1).partition(json.dumps(_PLACEHOLDER, ensure_ascii=False))
    return before.encode(), after.encode()


def parts_start(site: Site, csv_part: bool) -> int:
    """Where the first sheet's part starts in claims.csv (or claims.json)."""
    return len(csv_header()) if csv_part else len(_around_claims(site)[0])


def claims_csv(site: Site, chunks: Chunks | None = None, labels: Labels | None = None) -> Iterator[bytes]:
    """One row per citation (a claim's fields repeated on each of its rows), RFC 4180, UTF-8 pieces."""
    yield csv_header()
    yield from _sheet_parts(site, chunks, True, labels if labels is not None else site_labels(site))


def csv_header() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(CSV_COLUMNS)
    return buffer.getvalue().encode()


def _csv_rows(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        figure = record["figure"] or {}
        claim_part = [record["id"], record["url"], record["sheet"], record["section"], record["text"],
                      record["status"], record["status_label"], record["date"], record["actor"],
                      figure.get("key"), figure.get("value"), figure.get("qualifier"), figure.get("by"),
                      figure.get("as_of"), " ".join(record["conflicts_with"]), " ".join(record["corrected_by"]),
                      record["independent_origins"]]
        for citation in record["citations"]:
            writer.writerow([*claim_part, citation["number"], citation["source"], citation["outlet"],
                             citation["title"], citation["published"], citation["quote"], citation["note"],
                             citation["passage_url"], citation["source_url"]])
    return buffer.getvalue()


def corrections_json(site: Site, log: tuple[Correction, ...]) -> Iterator[bytes]:
    """Every sheet's corrections, newest first, as one JSON document (data/corrections.json)."""
    base = site.settings.base_url
    records = [{"date": str(c.date), "sheet": c.sheet_id, "url": urls.absolute(base, urls.correction(c)),
                "text": c.text, "claims": list(dict.fromkeys(ref.id for ref in c.claims))} for c in log]
    document = {"title": site.settings.title, "url": base, "language": site.settings.language,
                "corrections": records}
    yield json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"

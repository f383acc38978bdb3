"""Open data: every claim with its status, facets and citations, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import format as fmt
from . import urls
from .model import Claim, Site

CSV_COLUMNS = ("claim_id", "claim_url", "sheet", "section", "text", "status", "status_label", "date", "actor",
               "figure_key", "figure_value", "figure_qualifier", "figure_by", "figure_as_of", "conflicts_with",
               "citation", "source", "outlet", "source_title", "published", "quote", "note", "passage_url",
               "source_url")


def claim_records(site: Site) -> list[dict[str, Any]]:
    """One record per claim, in site order; dates as YYYY-MM-DD or YYYY-MM, URLs absolute."""
    base = site.settings.base_url
    records = []
    for sheet in site.sheets:
        for section in sheet.sections:
            for claim in section.claims:
                records.append({
                    "id": claim.id,
                    "url": urls.absolute(base, urls.claim(claim)),
                    "sheet": sheet.id,
                    "section": section.id,
                    "text": claim.text,
                    "status": claim.status,
                    "status_label": fmt.STATUS_LABELS[claim.status],
                    "date": str(claim.date) if claim.date else None,
                    "actor": claim.actor,
                    "figure": _figure(claim),
                    "conflicts_with": [ref.id for ref in claim.conflicts_with],
                    "citations": _citations(site, claim),
                })
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
            "note": citation.note,
            "passage_url": urls.absolute(site.settings.base_url, urls.citation(claim, number, citation)),
            "source_url": source.url,
        })
    return rows


def claims_json(site: Site) -> str:
    """The whole data set as one JSON document."""
    document = {"title": site.settings.title, "description": site.settings.description,
                "url": site.settings.base_url, "language": site.settings.language, "claims": claim_records(site)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def claims_csv(site: Site) -> str:
    """One row per citation (a claim's fields repeated on each of its rows), RFC 4180."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in claim_records(site):
        figure = record["figure"] or {}
        claim_part = [record["id"], record["url"], record["sheet"], record["section"], record["text"],
                      record["status"], record["status_label"], record["date"], record["actor"],
                      figure.get("key"), figure.get("value"), figure.get("qualifier"), figure.get("by"),
                      figure.get("as_of"), " ".join(record["conflicts_with"])]
        for citation in record["citations"]:
            writer.writerow([*claim_part, citation["number"], citation["source"], citation["outlet"],
                             citation["title"], citation["published"], citation["quote"], citation["note"],
                             citation["passage_url"], citation["source_url"]])
    return buffer.getvalue()

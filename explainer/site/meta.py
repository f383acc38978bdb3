"""What a page tells machines: JSON-LD (sheets as articles, the site as a data set), the feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content.model import PartialDate, Sheet, Site
from . import urls

CONTEXT = "https://schema.org"


class LinkedData:
    """JSON-LD objects for templates (serialised there with `tojson`, which escapes `<`)."""

    def __init__(self, plain: Callable[[str], str]) -> None:
        self.plain = plain  # Markdown → plain text

    def _website(self, site: Site) -> dict[str, Any]:
        return {"@type": "WebSite", "name": site.settings.title, "url": site.settings.base_url}

    def sheet(self, sheet: Sheet, site: Site) -> dict[str, Any]:
        """A sheet as an Article that cites the news articles it rests on."""
        settings = site.settings
        address = urls.absolute(settings.base_url, urls.sheet(sheet.id))
        cited = sorted({c.source.id for claim in sheet.claims() for c in claim.citations})
        return {
            "@context": CONTEXT, "@type": "Article", "headline": sheet.title,
            "description": self.plain(sheet.summary), "dateModified": str(sheet.updated),
            "inLanguage": settings.language, "url": address, "mainEntityOfPage": address,
            "isPartOf": self._website(site),
            "publisher": {"@type": "Organization", "name": settings.title, "url": settings.base_url},
            "citation": [self._source(site, source_id) for source_id in cited],
        }

    def _source(self, site: Site, source_id: str) -> dict[str, Any]:
        source = site.sources[source_id]
        found: dict[str, Any] = {"@type": "NewsArticle", "headline": source.title,
                                 "datePublished": str(source.published),
                                 "publisher": {"@type": "Organization", "name": source.outlet},
                                 "inLanguage": source.language}
        if source.url:
            found["url"] = source.url
        return found

    def site(self, site: Site) -> dict[str, Any]:
        """The site as a Dataset of verified claims, with its open-data downloads."""
        settings = site.settings
        updated = latest_update(site)
        dataset: dict[str, Any] = {
            "@context": CONTEXT, "@type": "Dataset", "name": settings.title, "description": settings.description,
            "url": settings.base_url, "inLanguage": settings.language, "isAccessibleForFree": True,
            "creator": {"@type": "Organization", "name": settings.title, "url": settings.base_url},
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": "application/json",
                 "contentUrl": urls.absolute(settings.base_url, urls.DATA["json"])},
                {"@type": "DataDownload", "encodingFormat": "text/csv",
                 "contentUrl": urls.absolute(settings.base_url, urls.DATA["csv"])},
            ],
            "hasPart": [{"@type": "Article", "headline": s.title,
                         "url": urls.absolute(settings.base_url, urls.sheet(s.id))} for s in site.sheets],
        }
        if updated:
            dataset["dateModified"] = updated
        return dataset


def latest_update(site: Site) -> str | None:
    """The date of the latest sheet update or correction, YYYY-MM-DD."""
    dates = [s.updated for s in site.sheets] + [c.date for s in site.sheets for c in s.corrections]
    return str(max(dates, key=lambda d: d.sort_key)) if dates else None


def atom_date(date: PartialDate | str | None) -> str:
    """An Atom (RFC 3339) timestamp for a day: midnight UTC."""
    if date is None:
        return "1970-01-01T00:00:00Z"
    text = str(date)
    return f"{text}-01T00:00:00Z" if len(text) == 7 else f"{text}T00:00:00Z"


def feed_entries(site: Site) -> list[Sheet]:
    """The sheets by last update, newest first (then in site order)."""
    order = {s.id: n for n, s in enumerate(site.sheets)}
    return sorted(site.sheets, key=lambda s: (tuple(-x for x in s.updated.sort_key), order[s.id]))

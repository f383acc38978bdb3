"""Cross-file rules: references, uniqueness, URL clashes and quotes against archives."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import urls
from .model import Claim, Site, Span
from .problems import Location, Report, did_you_mean
from .quotes import Match, Normalised, find_quote, normalise


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where each verified quote stands in its archive, by (claim id, citation number)."""

    spans: dict[tuple[str, int], tuple[Span, ...]] = field(default_factory=dict)


QuoteMemo = dict[tuple[str, str], Match]


def verify(site: Site, report: Report, memo: QuoteMemo | None = None) -> Evidence:
    """Check every rule that spans files; problems go to `report`.

    `memo` keeps quote matches from the previous build (keyed by quote and archive text);
    it is updated to hold exactly the matches of this build.
    """
    _check_nav(site, report)
    _check_url_clashes(site, report)
    claims = _check_claim_ids(site, report)
    _check_conflicts(site, claims, report)
    return _check_citations(site, report, memo if memo is not None else {})


def _check_nav(site: Site, report: Report) -> None:
    sheet_ids = {sheet.id for sheet in site.sheets}
    for ref in site.settings.nav:
        if ref.id not in sheet_ids:
            report.error(ref.location, f"nav names an unknown sheet '{ref.id}'{did_you_mean(ref.id, sheet_ids)}")


def _check_url_clashes(site: Site, report: Report) -> None:
    taken: dict[str, str] = {name: "a page of the site" for name in urls.RESERVED}
    located = [(s.location, s.id, "sheet") for s in site.sheets] + [(p.location, p.id, "page") for p in site.pages]
    for location, item_id, kind in sorted(located, key=lambda x: (x[0].path, x[1])):
        if item_id in taken:
            report.error(Location(location.path), f"the {kind} id '{item_id}' takes the URL /{item_id}/ of {taken[item_id]}")
        else:
            taken[item_id] = f"{location.path}"


def _check_claim_ids(site: Site, report: Report) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    ordered = sorted(site.claims(), key=lambda c: (c.location.path, c.location.line))
    for claim in ordered:
        first = claims.get(claim.id)
        if first is not None:
            report.error(claim.location, f"duplicate claim id '{claim.id}' (first at {first.location})")
        else:
            claims[claim.id] = claim
    for sheet in site.sheets:
        seen: dict[str, Location] = {}
        for section in sheet.sections:
            if section.id in seen:
                report.error(section.location,
                             f"duplicate section id '{section.id}' (first at line {seen[section.id].line})")
            seen.setdefault(section.id, section.location)
    return claims


def _check_conflicts(site: Site, claims: dict[str, Claim], report: Report) -> None:
    for claim in site.claims():
        for ref in claim.conflicts_with:
            if ref.id == claim.id:
                report.error(ref.location, f"claim '{claim.id}' cannot conflict with itself")
            elif ref.id not in claims:
                hint = did_you_mean(ref.id, claims)
                report.error(ref.location, f"conflicts_with names an unknown claim '{ref.id}'{hint}")


def _check_citations(site: Site, report: Report, memo: QuoteMemo) -> Evidence:
    folded: dict[str, Normalised] = {}
    evidence = Evidence()
    previous = dict(memo)
    memo.clear()
    for claim in site.claims():
        for number, citation in enumerate(claim.citations, 1):
            ref = citation.source
            source = site.sources.get(ref.id)
            if source is None:
                hint = did_you_mean(ref.id, site.sources)
                report.error(ref.location, f"unknown source '{ref.id}' in claim '{claim.id}'{hint}")
                continue
            if source.archive is None:
                what = "its quote" if citation.quote else "this citation"
                report.warn(ref.location, f"source '{ref.id}' has no archive, so {what} in claim '{claim.id}' cannot be verified")
                continue
            if citation.quote is None:
                report.error(ref.location, f"claim '{claim.id}' cites '{ref.id}', which has an archive: add the quote it rests on")
                continue
            key = (citation.quote, source.archive)
            match = previous.get(key) or memo.get(key)
            if match is None:
                if ref.id not in folded:
                    folded[ref.id] = normalise(source.archive)
                match = find_quote(citation.quote, source.archive, folded[ref.id])
            memo[key] = match
            if match.error:
                message = f"{match.error} of source '{ref.id}' (claim '{claim.id}')"
                if match.closest:
                    message += f"; did you mean « {match.closest} »?"
                report.error(citation.quote_location, message)
            else:
                evidence.spans[(claim.id, number)] = match.spans
    return evidence

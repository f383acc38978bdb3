"""Cross-file rules of the content: references, uniqueness, origins and quotes against archives.

The rules of the site's pages (no two pages on one URL) are the site's (site/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from . import origins
from .facts import Facts, edited, edited_sources, facts_of_sheets
from .fingerprints import SheetMemo, compare
from .model import Citation, Claim, Sheet, Site, Source, Span
from .problems import Location, Problem, Report, did_you_mean
from .quotes import Match, Normalised, find_quote, normalise
from .sharing import Share


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where each verified quote stands in its archive: per sheet, by (claim id, citation number)."""

    by_sheet: dict[str, dict[tuple[str, int], tuple[Span, ...]]] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)  # every claim, by id

    def spans_of(self, claim: Claim, number: int) -> tuple[Span, ...] | None:
        return self.by_sheet.get(claim.sheet_id, {}).get((claim.id, number))


QuoteMemo = dict[tuple[str, str], Match]


class KeptChecks(Protocol):
    """Quote checks kept by an earlier process (the builder's cache on disk, builder/diskcache.py)."""

    def checked(self, sheet: str, sources: list[str]) -> tuple[Any, Any]:
        """(key, found): the kept checks of the sheet file if it and the source files it
        cites are unchanged (else None), and the key to keep this build's under."""

    def remember_checks(self, sheet: str, key: Any, found: Any) -> None:
        """Keep what this build's checks of the sheet found."""


# What a sheet's quote checks found: the sources it cites, the problems, the spans quoted.
Found = tuple[frozenset[str], tuple[Problem, ...], dict[tuple[str, int], tuple[Span, ...]]]


class VerifyMemo:
    """Results of the previous build's quote checks, kept by a live-preview session.

    Per sheet: the results of all its citations, reused while the sheet and every source
    it cites are the same objects; when the sheet changes, its unchanged quotes (same
    text, same archive) are not searched again.
    """

    def __init__(self) -> None:
        self.sheets: dict[str, SheetCheck] = {}
        self.sources: dict[str, Source] = {}  # the sources those checks saw
        # The facts of the last build without duplicate claim ids, and their claims by id:
        self.claims: tuple[tuple[Facts, ...], dict[str, Claim]] = ((), {})
        # Per sheet, what the status rule found, while its facts and every source are the same:
        self.statuses: dict[str, tuple[Facts, tuple[Problem, ...]]] = {}
        self.status_sources: dict[str, Source] = {}
        self.translations: SheetMemo = {}  # each sheet's translation findings (fingerprints.py)


def verify(site: Site, report: Report, memo: VerifyMemo | None = None,
           facts: tuple[Facts, ...] | None = None, share: Share | None = None,
           kept: KeptChecks | None = None) -> Evidence:
    """Check every rule that spans files; problems go to `report`.

    `share`: the quotes of many sheets are checked by this process and forked copies
    together (see sharing.py). `kept`: the quote checks of the previous one-shot
    build, reused for sheets whose file and cited sources' files are the same bytes."""
    facts = facts if facts is not None else facts_of_sheets(site)
    memo = memo if memo is not None else VerifyMemo()
    _check_nav(site, report)
    claims = _check_claim_ids(facts, report, memo)
    _check_conflicts(facts, claims, report)
    _check_corrected_by(facts, claims, report)
    _check_corrections(facts, claims, report)
    _check_figure_keys(site, facts, report)
    _check_origins(site, report)
    _check_confirmed(site, facts, report, memo)
    for translation in site.translations:
        for finding in compare(site, translation, memo.translations):
            (report.error if finding.error else report.warn)(finding.location, finding.message(translation.language))
    evidence = _check_citations(site, report, memo, share, kept)
    evidence.claims.update(claims)
    return evidence


def _check_nav(site: Site, report: Report) -> None:
    sheet_ids = {sheet.id for sheet in site.sheets}
    for ref in site.settings.nav:
        if ref.id not in sheet_ids:
            report.error(ref.location, f"nav names an unknown sheet '{ref.id}'{did_you_mean(ref.id, sheet_ids)}")


def _check_claim_ids(facts: tuple[Facts, ...], report: Report, memo: VerifyMemo) -> dict[str, Claim]:
    """Claim ids are unique across the site; a duplicate is reported where it comes second."""
    # The usual case, fast: the claims by id hold as many ids as there are claims.
    claims = _claims_by_id(facts, *memo.claims)
    if len(claims) == sum(len(f.claims) for f in facts):
        memo.claims = (facts, claims)
        return claims
    memo.claims = ((), {})
    claims = {}
    for f in sorted(facts, key=lambda f: f.sheet.location.path):
        for claim in f.claims:
            first = claims.setdefault(claim.id, claim)
            if first is not claim:
                report.error(claim.location, f"duplicate claim id '{claim.id}' (first at {first.location})")
    return claims


def _claims_by_id(facts: tuple[Facts, ...], old_facts: tuple[Facts, ...],
                  old: dict[str, Claim]) -> dict[str, Claim]:
    """Every claim by id (the last of an id, if one comes twice), made from the previous
    build's when the sheets are the same but a few."""
    claims: dict[str, Claim] = {}
    edits = edited(old_facts, facts) if old_facts else None
    if edits is not None:
        claims = dict(old)
        for n in edits:
            for claim_id in old_facts[n].by_id:
                del claims[claim_id]
        for n in edits:
            claims.update(facts[n].by_id)
        return claims
    for f in facts:  # at C speed
        claims.update(f.by_id)
    return claims


def _check_conflicts(facts: tuple[Facts, ...], claims: dict[str, Claim], report: Report) -> None:
    for f in facts:
        for claim, ref in f.conflicts:
            if ref.id == claim.id:
                report.error(ref.location, f"claim '{claim.id}' cannot conflict with itself")
            elif ref.id not in claims:
                hint = did_you_mean(ref.id, claims)
                report.error(ref.location, f"conflicts_with names an unknown claim '{ref.id}'{hint}")


def _check_corrected_by(facts: tuple[Facts, ...], claims: dict[str, Claim], report: Report) -> None:
    """`inexact` needs `corrected_by`, which names other claims that are not inexact themselves."""
    for f in facts:
        for claim in f.inexact:
            if not claim.corrected_by:
                report.error(claim.status_location or claim.location,
                             f"claim '{claim.id}' is inexact: add corrected_by, the claims that give the right version")
        for claim, ref in f.corrections:
            if claim.status != "inexact":
                if ref is claim.corrected_by[0]:
                    report.error(ref.location, f"corrected_by only goes with status: inexact "
                                               f"(claim '{claim.id}' is {claim.status})")
            elif ref.id == claim.id:
                report.error(ref.location, f"claim '{claim.id}' cannot correct itself")
            elif ref.id not in claims:
                hint = did_you_mean(ref.id, claims)
                report.error(ref.location, f"corrected_by names an unknown claim '{ref.id}'{hint}")
            elif claims[ref.id].status == "inexact":
                report.error(ref.location, f"corrected_by names '{ref.id}', which is inexact itself: "
                                           "name the claims that give the right version")


def _check_corrections(facts: tuple[Facts, ...], claims: dict[str, Claim], report: Report) -> None:
    """A correction names claims of its own sheet (it is shown on that sheet and on them)."""
    for f in facts:
        for correction in f.sheet.corrections:
            for ref in correction.claims:
                if ref.id in f.by_id:
                    continue
                if ref.id in claims:
                    report.error(ref.location, f"the correction names claim '{ref.id}' of sheet "
                                               f"'{claims[ref.id].sheet_id}': name claims of this sheet only")
                else:
                    hint = did_you_mean(ref.id, f.by_id)
                    report.error(ref.location, f"the correction names an unknown claim '{ref.id}'{hint}")


def _check_figure_keys(site: Site, facts: tuple[Facts, ...], report: Report) -> None:
    declared = {kind.key for kind in site.settings.figures}
    for f in facts:
        for _, claim in f.with_figure:
            figure = claim.figure
            if figure is not None and figure.key not in declared:
                hint = did_you_mean(figure.key, declared)
                report.error(figure.key_location or claim.location,
                             f"figure key '{figure.key}' is not declared under figures: in site.yaml{hint}")


def _check_confirmed(site: Site, facts: tuple[Facts, ...], report: Report, memo: VerifyMemo) -> None:
    """`confirmed` rests on two independent origins, or on a party's own publication.

    Origins depend on every source: a sheet's findings are kept while its facts and all the
    sources are the same objects (a preview's edit of one sheet checks that sheet only)."""
    same_sources = not edited_sources(site.sources, memo.status_sources)
    previous, memo.statuses, memo.status_sources = memo.statuses, {}, dict(site.sources)
    groups: dict[str, str] | None = None
    for f in facts:
        done = previous.get(f.sheet.id)
        if same_sources and done is not None and done[0] is f:
            memo.statuses[f.sheet.id] = done
            report.extend(done[1])
            continue
        found_here = Report()
        for claim in f.confirmed:
            if not site.unloaded.isdisjoint(origins.cited_sources(claim)):
                continue  # a source it cites could not be loaded: that file's problems come first
            groups = groups if groups is not None else origins.origin_groups(site.sources)
            found, by_a_party = origins.confirming(claim, site.sources, groups)
            if found < 2 and not by_a_party:
                plural = "" if found == 1 else "s"
                found_here.error(claim.status_location or claim.location,
                                 f"claim '{claim.id}' is confirmed, but its sources give {found} independent "
                                 f"origin{plural}: confirmed needs two, or a party's own publication (a source "
                                 f"of kind official or state-media); else it is reported")
        memo.statuses[f.sheet.id] = (f, tuple(found_here.problems))
        report.extend(found_here.problems)


def _check_origins(site: Site, report: Report) -> None:
    """`origin.source` names another known source, and no chain of them comes back to its start."""
    for source in site.sources.values():
        ref = source.origin.source if source.origin else None
        if ref is None:
            continue
        if ref.id == source.id:
            report.error(ref.location, f"source '{source.id}' cannot be its own origin")
        elif ref.id not in site.sources and ref.id not in site.unloaded:
            hint = did_you_mean(ref.id, site.sources)
            report.error(ref.location, f"origin names an unknown source '{ref.id}'{hint}")
    for cycle in origins.origin_cycles(site.sources):
        origin = site.sources[cycle[0]].origin
        assert origin is not None and origin.source is not None
        chain = " → ".join([*cycle, cycle[0]])
        report.error(origin.source.location, f"origins go round in a circle ({chain}): "
                                             "one of these sources must be the original")


# Below this many sheets to check, a forked copy costs more than it saves.
PARALLEL_MIN_SHEETS = 100


def _check_citations(site: Site, report: Report, memo: VerifyMemo, share: Share | None = None,
                     kept: KeptChecks | None = None) -> Evidence:
    """Every citation of every sheet; a sheet whose sources are unchanged reuses its results."""
    evidence = Evidence()
    folded: dict[str, Normalised] = {}
    previous, memo.sheets = memo.sheets, {}
    # Sources added, removed or changed since the checks in `previous`:
    edited = edited_sources(site.sources, memo.sources)
    memo.sources = dict(site.sources)
    todo = [sheet for sheet in site.sheets
            if (done := previous.get(sheet.id)) is None or done.sheet is not sheet
            or (edited and not edited.isdisjoint(done.cited))]
    checked: dict[str, SheetCheck] = {}
    keys = {}
    if kept is not None:  # checks of the previous build, for the same files
        for sheet in todo:
            files = [site.sources[i].location.path if i in site.sources else f"content/sources/{i}.yaml"
                     for i in sorted(_cited(sheet))]
            keys[sheet.id], found = kept.checked(sheet.location.path, files)
            if found is not None:
                checked[sheet.id] = SheetCheck.of(sheet, found)
        todo = [sheet for sheet in todo if sheet.id not in checked]
    if share is not None and len(todo) >= PARALLEL_MIN_SHEETS:
        # A copy sends back what it found, not the sheet (this process has it) nor the
        # quote memo (which holds the archives; a one-shot build has no next build).
        outcomes = share(lambda k: _check_sheet(site, todo[k], {}, folded).found(), len(todo))
        checked.update((sheet.id, SheetCheck.of(sheet, outcome)) for sheet, outcome in zip(todo, outcomes, strict=True))
    else:
        for sheet in todo:
            done = previous.get(sheet.id)
            checked[sheet.id] = _check_sheet(site, sheet, done.quotes if done else {}, folded)
    if kept is not None:
        for sheet in todo:
            if keys.get(sheet.id) is not None:
                kept.remember_checks(sheet.location.path, keys[sheet.id], checked[sheet.id].found())
    for sheet in site.sheets:
        done = checked.get(sheet.id) or previous[sheet.id]
        memo.sheets[sheet.id] = done
        report.extend(done.problems)
        evidence.by_sheet[sheet.id] = done.spans
    return evidence


@dataclass(frozen=True, slots=True)
class SheetCheck:
    """The outcome of checking one sheet's citations, and what it depended on."""

    sheet: Sheet
    cited: frozenset[str]  # the ids of the sources it cites
    problems: tuple[Problem, ...]
    spans: dict[tuple[str, int], tuple[Span, ...]]
    quotes: QuoteMemo

    @classmethod
    def of(cls, sheet: Sheet, found: Found) -> SheetCheck:
        """The check of `sheet` that found `found` elsewhere (a forked copy, the previous build)."""
        cited, problems, spans = found
        return cls(sheet, cited, problems, spans, {})

    def found(self) -> Found:
        """What the check found, without the sheet and the memo."""
        return self.cited, self.problems, self.spans


def _check_sheet(site: Site, sheet: Sheet, previous: QuoteMemo, folded: dict[str, Normalised]) -> SheetCheck:
    local: Report = Report()
    seen: dict[str, Location] = {}
    for section in sheet.sections:
        if section.id in seen:
            first = seen[section.id].line
            local.error(section.location, f"duplicate section id '{section.id}' (first at line {first})")
        seen.setdefault(section.id, section.location)
    spans = {}
    quotes: QuoteMemo = {}
    for claim in sheet.claims():
        for number, citation in enumerate(claim.citations, 1):
            found = _check_citation(site, claim, citation, local, previous, quotes, folded)
            if found:
                spans[(claim.id, number)] = found
    return SheetCheck(sheet, _cited(sheet), tuple(local.problems), spans, quotes)


def _cited(sheet: Sheet) -> frozenset[str]:
    """The ids of the sources a sheet cites."""
    return frozenset(c.source.id for claim in sheet.claims() for c in claim.citations)


def _check_citation(site: Site, claim: Claim, citation: Citation, report: Report, previous: QuoteMemo,
                    memo: QuoteMemo, folded: dict[str, Normalised]) -> tuple[Span, ...] | None:
    ref = citation.source
    source = site.sources.get(ref.id)
    if source is None:
        if ref.id not in site.unloaded:  # else its own file's problems say what is wrong
            hint = did_you_mean(ref.id, site.sources)
            report.error(ref.location, f"unknown source '{ref.id}' in claim '{claim.id}'{hint}")
        return None
    if source.archive is None:
        what = "its quote" if citation.quote else "this citation"
        report.warn(ref.location,
                    f"source '{ref.id}' has no archive, so {what} in claim '{claim.id}' cannot be verified")
        return None
    if citation.quote is None:
        report.error(ref.location,
                     f"claim '{claim.id}' cites '{ref.id}', which has an archive: add the quote it rests on")
        return None
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
        return None
    return match.spans

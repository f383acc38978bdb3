"""Cross-cutting views, computed from the model: timeline, figures, reactions, backlinks.

Each view is a function of the sheets' `Facts` (content/facts.py): what one sheet
contributes, computed once per version of the sheet, so that after a one-sheet edit the
views are merged from 1 new and N-1 reused parts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from ..content.facts import Facts
from ..content.model import Claim, Correction, FigureKind, PartialDate, Sheet, Site, Source

_UNDATED = (9999, 0, 0)


@dataclass(frozen=True, slots=True)
class MonthGroup:
    month: PartialDate  # day is None
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class FigureGroup:
    key: str
    claims: tuple[Claim, ...]  # each has a figure
    kind: FigureKind | None = None  # its declaration in site.yaml (verify requires one)

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else self.key


@dataclass(frozen=True, slots=True)
class ActorGroup:
    actor: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class Disagreements:
    """Where sources disagree: contradicting pairs, disputed claims, differing figures, caveats."""

    pairs: tuple[tuple[Claim, Claim], ...]  # each contradiction once, in site order
    disputed: tuple[Claim, ...]  # disputed claims that are in no pair
    figures: tuple[FigureGroup, ...]  # figure keys given more than one value
    noted: tuple[Source, ...]  # sources whose notes record errors or caveats, by date
    inexact: tuple[Claim, ...] = ()  # what sources got wrong, each shown with the right version

    def __bool__(self) -> bool:
        return bool(self.pairs or self.disputed or self.figures or self.noted or self.inexact)


def timeline(all_facts: tuple[Facts, ...]) -> tuple[MonthGroup, ...]:
    """Dated claims in date order (month-only dates first in their month), by month."""
    dated = sorted((key, n, i, c) for n, f in enumerate(all_facts) for key, i, c in f.dated)
    groups = groupby((entry[3] for entry in dated), key=_month)
    return tuple(MonthGroup(PartialDate(y, m), tuple(claims)) for (y, m), claims in groups)


def _month(claim: Claim) -> tuple[int, int]:
    date = claim.date
    assert date is not None  # only dated claims are on the timeline
    return date.year, date.month


def figures(all_facts: tuple[Facts, ...], kinds: tuple[FigureKind, ...] = ()) -> tuple[FigureGroup, ...]:
    """For each figure key, its claims ordered by the date the figure refers to; the keys
    in the order of their declaration (`kinds`, from site.yaml), then undeclared ones by key."""
    by_key: dict[str, list[tuple[tuple[int, int, int], int, int, Claim]]] = {}
    for n, f in enumerate(all_facts):
        for i, claim in f.with_figure:
            figure = claim.figure
            assert figure is not None
            date = figure.as_of or claim.date
            by_key.setdefault(figure.key, []).append((date.sort_key if date else _UNDATED, n, i, claim))
    declared = {kind.key: (n, kind) for n, kind in enumerate(kinds)}
    order = sorted(by_key, key=lambda key: (declared.get(key, (len(declared),))[0], key))
    return tuple(FigureGroup(key, tuple(entry[3] for entry in sorted(by_key[key], key=lambda e: e[:3])),
                             declared[key][1] if key in declared else None) for key in order)


def sort_key_fr(text: str) -> str:
    """A collation key that ignores case and accents (É sorts with E)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def reactions(all_facts: tuple[Facts, ...]) -> tuple[ActorGroup, ...]:
    """Claims with an actor, grouped by actor (alphabetical), in date then site order."""
    by_actor: dict[str, list[tuple[tuple[int, int, int], int, int, Claim]]] = {}
    for n, f in enumerate(all_facts):
        for i, claim in f.with_actor:
            key = claim.date.sort_key if claim.date else _UNDATED
            by_actor.setdefault(claim.actor or "", []).append((key, n, i, claim))
    actors = sorted(by_actor, key=lambda a: (sort_key_fr(a), a))
    return tuple(ActorGroup(a, tuple(e[3] for e in sorted(by_actor[a], key=lambda e: e[:3]))) for a in actors)


Citing = dict[str, tuple[Facts, ...]]


def citing_facts(site: Site, all_facts: tuple[Facts, ...]) -> Citing:
    """For each source id, the facts of the sheets that cite it, in site order."""
    cited: dict[str, list[Facts]] = {source_id: [] for source_id in site.sources}
    for f in all_facts:
        for source_id in f.citing:
            cited.setdefault(source_id, []).append(f)
    return {source_id: tuple(found) for source_id, found in cited.items()}


def patch_citing(old: Citing, old_facts: tuple[Facts, ...], all_facts: tuple[Facts, ...],
                 edits: list[int], position: dict[str, int]) -> tuple[Citing, set[str]] | None:
    """`citing_facts` made from the previous result when only the sheets at `edits` changed
    (`position`: of each sheet id); with the source ids whose entries were made again.
    None when an edited sheet cites a source the site does not have."""
    result = dict(old)
    redone = {i for n in edits for i in (*old_facts[n].citing, *all_facts[n].citing)}
    for source_id in redone:
        if source_id not in result:
            return None
        members = {position[f.sheet.id] for f in result[source_id]}
        members.difference_update(edits)
        members.update(n for n in edits if source_id in all_facts[n].citing)
        result[source_id] = tuple(all_facts[n] for n in sorted(members))
    return result, redone


def citing_claims(source_id: str, citing: tuple[Facts, ...]) -> list[tuple[Claim, int]]:
    """The (claim, citation number) pairs of these sheets that cite the source, in order."""
    return [pair for f in citing for pair in f.citing[source_id]]


def disagreements(all_facts: tuple[Facts, ...], site: Site, groups: tuple[FigureGroup, ...]) -> Disagreements:
    """Built from the content: `conflicts_with` pairs, `disputed` claims, figures, source notes."""
    targets = {ref.id for f in all_facts for claim in f.conflicting for ref in claim.conflicts_with}
    by_id = {c.id: c for f in all_facts for c in f.claims if c.id in targets}
    # A source's error and the claim that corrects it are not a disagreement: the error is
    # listed with its right version, not as one of two versions.
    seen = {frozenset((claim.id, ref.id)) for f in all_facts for claim, ref in f.corrections}
    pairs = []
    for f in all_facts:
        for claim in f.conflicting:
            for ref in claim.conflicts_with:
                key = frozenset((claim.id, ref.id))
                if key not in seen and ref.id in by_id:
                    seen.add(key)
                    pairs.append((claim, by_id[ref.id]))
    paired = {c.id for pair in pairs for c in pair}
    disputed = tuple(c for f in all_facts for c in f.disputed if c.id not in paired)
    differing = tuple(g for g in groups if len({c.figure.value for c in g.claims if c.figure}) > 1)
    noted = tuple(s for s in sorted(site.sources.values(), key=lambda s: (s.published.sort_key, s.id)) if s.notes)
    inexact = tuple(c for f in all_facts for c in f.inexact)
    return Disagreements(tuple(pairs), disputed, differing, noted, inexact)


def right_versions(all_facts: tuple[Facts, ...], claims: dict[str, Claim]) -> dict[str, tuple[Claim, ...]]:
    """For each inexact claim, by id, the claims that give the right version (`corrected_by`)."""
    return {claim.id: tuple(claims[ref.id] for ref in claim.corrected_by if ref.id in claims)
            for f in all_facts for claim in f.inexact}


def open_conflicts(claim: Claim, claims: dict[str, Claim]) -> tuple[Claim, ...]:
    """The claims `claim` contradicts (`conflicts_with`, found in `claims`), but not where one of
    the two corrects the other: a source's error and its right version are not a disagreement."""
    fixing = {ref.id for ref in claim.corrected_by}
    found = (claims[ref.id] for ref in claim.conflicts_with if ref.id in claims and ref.id not in fixing)
    return tuple(other for other in found if all(ref.id != claim.id for ref in other.corrected_by))


def corrections_log(site: Site) -> tuple[Correction, ...]:
    """Every sheet's corrections, newest first (then in site and file order)."""
    return newest_first([c for sheet in site.sheets for c in sheet.corrections])


def newest_first(corrections: list[Correction] | tuple[Correction, ...]) -> tuple[Correction, ...]:
    """Corrections by date, newest first; the same day's keep their given order."""
    return tuple(sorted(corrections, key=lambda c: tuple(-x for x in c.date.sort_key)))


def corrections_by_claim(sheet: Sheet) -> dict[str, tuple[Correction, ...]]:
    """The corrections of a sheet that name each claim, by claim id, in file order."""
    found: dict[str, list[Correction]] = {}
    for correction in sheet.corrections:
        for claim_id in dict.fromkeys(ref.id for ref in correction.claims):
            found.setdefault(claim_id, []).append(correction)
    return {claim_id: tuple(entries) for claim_id, entries in found.items()}

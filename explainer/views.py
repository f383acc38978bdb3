"""Cross-cutting views, computed from the model: timeline, figures, reactions."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from .model import Claim, PartialDate, Site


@dataclass(frozen=True, slots=True)
class MonthGroup:
    month: PartialDate  # day is None
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class FigureGroup:
    key: str
    claims: tuple[Claim, ...]  # each has a figure


@dataclass(frozen=True, slots=True)
class ActorGroup:
    actor: str
    claims: tuple[Claim, ...]


def _site_order(site: Site) -> dict[str, int]:
    return {claim.id: n for n, claim in enumerate(site.claims())}


def timeline(site: Site) -> tuple[MonthGroup, ...]:
    """Dated claims in date order (month-only dates first in their month), by month."""
    order = _site_order(site)
    dated = sorted((c for c in site.claims() if c.date), key=lambda c: (c.date.sort_key, order[c.id]))  # type: ignore[union-attr]
    groups = groupby(dated, key=lambda c: (c.date.year, c.date.month))  # type: ignore[union-attr]
    return tuple(MonthGroup(PartialDate(y, m), tuple(claims)) for (y, m), claims in groups)


def figures(site: Site) -> tuple[FigureGroup, ...]:
    """For each figure key, its claims ordered by the date the figure refers to."""
    order = _site_order(site)
    by_key: dict[str, list[Claim]] = {}
    for claim in site.claims():
        if claim.figure:
            by_key.setdefault(claim.figure.key, []).append(claim)

    def when(c: Claim) -> tuple[tuple[int, int, int], int]:
        date = c.figure.as_of or c.date  # type: ignore[union-attr]
        return (date.sort_key if date else (9999, 0, 0), order[c.id])

    return tuple(FigureGroup(key, tuple(sorted(claims, key=when))) for key, claims in sorted(by_key.items()))


def sort_key_fr(text: str) -> str:
    """A collation key that ignores case and accents (É sorts with E)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def reactions(site: Site) -> tuple[ActorGroup, ...]:
    """Claims with an actor, grouped by actor (alphabetical), in date then site order."""
    order = _site_order(site)
    by_actor: dict[str, list[Claim]] = {}
    for claim in site.claims():
        if claim.actor:
            by_actor.setdefault(claim.actor, []).append(claim)

    def when(c: Claim) -> tuple[tuple[int, int, int], int]:
        return (c.date.sort_key if c.date else (9999, 0, 0), order[c.id])

    actors = sorted(by_actor, key=lambda a: (sort_key_fr(a), a))
    return tuple(ActorGroup(a, tuple(sorted(by_actor[a], key=when))) for a in actors)


def citing_claims(site: Site) -> dict[str, tuple[tuple[Claim, int], ...]]:
    """For each source id, the (claim, citation number) pairs that cite it, in site order."""
    cited: dict[str, list[tuple[Claim, int]]] = {source_id: [] for source_id in site.sources}
    for claim in site.claims():
        for number, citation in enumerate(claim.citations, 1):
            cited.setdefault(citation.source.id, []).append((claim, number))
    return {source_id: tuple(pairs) for source_id, pairs in cited.items()}

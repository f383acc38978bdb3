"""What each sheet contributes to the site's cross-file rules and views, indexed once per version of the sheet.

Verify (ids, references) and the views (timeline, figures, reactions) read the same
per-sheet index; a live-preview session keeps it in a `FactsMemo`, so that after a
one-sheet edit only that sheet's facts are made again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Claim, Ref, Sheet, Site, Source


@dataclass(frozen=True, slots=True)
class Facts:
    """What one sheet contributes to the views; claims are paired with their index in it."""

    sheet: Sheet
    claims: tuple[Claim, ...]
    conflicts: tuple[tuple[Claim, Ref], ...]  # each conflicts_with entry of this sheet's claims
    corrections: tuple[tuple[Claim, Ref], ...]  # each corrected_by entry of this sheet's claims
    inexact: tuple[Claim, ...]  # claims whose source erred
    dated: tuple[tuple[tuple[int, int, int], int, Claim], ...]  # (date key, index, claim)
    with_actor: tuple[tuple[int, Claim], ...]
    with_figure: tuple[tuple[int, Claim], ...]
    disputed: tuple[Claim, ...]
    confirmed: tuple[Claim, ...]
    conflicting: tuple[Claim, ...]  # claims with conflicts_with
    citing: dict[str, tuple[tuple[Claim, int], ...]]  # (claim, citation number) by source id
    by_id: dict[str, Claim]  # its claims by id (the first, if an id comes twice)


FactsMemo = dict[str, Facts]


def facts_of_sheets(site: Site, memo: FactsMemo | None = None) -> tuple[Facts, ...]:
    """The facts of every sheet in site order; `memo` (updated) keeps them between builds."""
    previous = dict(memo) if memo is not None else {}
    result = []
    for sheet in site.sheets:
        found = previous.get(sheet.id)
        if found is None or found.sheet is not sheet:
            found = _facts_of(sheet)
        result.append(found)
    if memo is not None:
        memo.clear()
        memo.update((f.sheet.id, f) for f in result)
    return tuple(result)


def _facts_of(sheet: Sheet) -> Facts:
    claims = list(enumerate(sheet.claims()))
    citing: dict[str, list[tuple[Claim, int]]] = {}
    for _, claim in claims:
        for number, citation in enumerate(claim.citations, 1):
            citing.setdefault(citation.source.id, []).append((claim, number))
    return Facts(
        sheet,
        tuple(c for _, c in claims),
        tuple((c, ref) for _, c in claims for ref in c.conflicts_with),
        tuple((c, ref) for _, c in claims for ref in c.corrected_by),
        tuple(c for _, c in claims if c.status == "inexact"),
        tuple((c.date.sort_key, i, c) for i, c in claims if c.date),
        tuple((i, c) for i, c in claims if c.actor),
        tuple((i, c) for i, c in claims if c.figure),
        tuple(c for _, c in claims if c.status == "disputed"),
        tuple(c for _, c in claims if c.status == "confirmed"),
        tuple(c for _, c in claims if c.conflicts_with),
        {source_id: tuple(pairs) for source_id, pairs in citing.items()},
        {c.id: c for _, c in reversed(claims)},
    )


# Beyond this many edited sheets, what depends on every sheet is made again from scratch.
PATCH_AT_MOST = 32


def edited(old: tuple[Facts, ...], new: tuple[Facts, ...]) -> list[int] | None:
    """The positions of the sheets whose facts are not the same objects as in `old`; None
    when sheets were added, removed or reordered, or more than a few were edited."""
    if len(old) != len(new):
        return None
    found = [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a is not b]
    if len(found) > PATCH_AT_MOST or any(old[n].sheet.id != new[n].sheet.id for n in found):
        return None
    return found


def edited_sources(sources: dict[str, Source], before: dict[str, Source]) -> set[str]:
    """The ids of the sources added, removed or changed (not the same objects) since `before`."""
    return {i for i in sources.keys() | before.keys() if sources.get(i) is not before.get(i)}

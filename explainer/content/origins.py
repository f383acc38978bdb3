"""Independence of sources: which sources share an origin, and how many origins a claim rests on.

Two sources are independent unless one's `origin` names the other (directly or through a
chain: a copies b, b runs a dispatch of c), or both name the same wire agency. So the
sources fall into groups, one per independent origin: the groups of the relation "names
as its origin", closed under chains. Pure functions of the model, no I/O.
"""

from __future__ import annotations

from .model import Claim, Source

# A party's own publication: a source of one of these kinds confirms what it states.
PARTY_KINDS = frozenset({"official", "state-media"})


def wire_key(wire: str) -> str:
    """A wire agency as compared: case and runs of white space do not count (AFP = afp)."""
    return "wire:" + " ".join(wire.casefold().split())


def origin_groups(sources: dict[str, Source]) -> dict[str, str]:
    """For each source id, the key of its group of dependent sources (one group per origin).

    Sources that share no origin get different keys; an `origin.source` naming an unknown
    source links to nothing (verify reports it).
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        root = key
        while parent.get(root, root) != root:
            root = parent[root]
        while key != root:  # path compression
            parent[key], key = root, parent[key]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the smaller key leads: deterministic

    for source_id in sorted(sources):
        origin = sources[source_id].origin
        key = "source:" + source_id
        parent.setdefault(key, key)
        if origin is None:
            continue
        if origin.wire is not None:
            parent.setdefault(wire_key(origin.wire), wire_key(origin.wire))
            union(key, wire_key(origin.wire))
        if origin.source is not None and origin.source.id in sources:
            union(key, "source:" + origin.source.id)
    return {source_id: find("source:" + source_id) for source_id in sources}


def cited_sources(claim: Claim) -> list[str]:
    """The distinct sources a claim cites, in citation order."""
    return list(dict.fromkeys(citation.source.id for citation in claim.citations))


def independent_origins(claim: Claim, groups: dict[str, str]) -> int:
    """How many independent origins the claim's citations rest on (an unknown source counts alone)."""
    return len({groups.get(source_id, "source:" + source_id) for source_id in cited_sources(claim)})


def confirming(claim: Claim, sources: dict[str, Source], groups: dict[str, str]) -> tuple[int, bool]:
    """What may confirm a claim: its independent origins among the known sources it cites,
    and whether one of them is a party's own publication."""
    cited = [sources[source_id] for source_id in cited_sources(claim) if source_id in sources]
    return len({groups[source.id] for source in cited}), any(source.kind in PARTY_KINDS for source in cited)


def origin_cycles(sources: dict[str, Source]) -> list[list[str]]:
    """Each chain of `origin.source` that comes back to where it started (a copies b, b copies a),
    as the list of its source ids, starting from the smallest; each cycle once, sorted."""
    cycles: dict[tuple[str, ...], list[str]] = {}
    for start in sorted(sources):
        path: list[str] = []
        current: str | None = start
        while current is not None and current in sources and current not in path:
            path.append(current)
            origin = sources[current].origin
            current = origin.source.id if origin and origin.source else None
        if current is not None and current in path:
            cycle = path[path.index(current):]
            if len(cycle) > 1:  # a source naming itself is reported on its own
                first = cycle.index(min(cycle))
                cycle = cycle[first:] + cycle[:first]
                cycles[tuple(cycle)] = cycle
    return [cycles[key] for key in sorted(cycles)]

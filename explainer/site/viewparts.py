"""Views too big for one page, split into parts: the timeline by year then month, the figures
by key, the reactions by actor, the disagreements by section (then in numbered pages).

Whether a view is split is decided here, from an estimate of its page's size, before
anything is rendered: a view whose one page would exceed `PAGE_BUDGET` bytes of HTML (what
a phone loads and lays out comfortably) gets an index page at its URL, listing its parts
with their counts, and one page per part, each with links up to the index and to the
previous and next parts. A part that would still exceed the budget (a very full month, a
long section) is cut into numbered pages, `…/2/`, `…/3/`.

The estimate is the sum of a fixed cost per page (the base template's head, header and
footer) and, per entry, a fixed cost (the markup around it: links, badge, date) plus the
length of its own text, which is what varies from one claim to the next. The constants are
measured on the engine's templates (on the 1000-sheet bench corpus, every part's estimate
is 6 to 20 % above the page rendered, so no page there exceeds 171 KB); a project's own
templates may make pages bigger or smaller than estimated, by as much as they differ.
Counting claims alone would not do: a claim's entry is 280 bytes of markup plus its text,
which may be 50 or 1000 characters long.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import groupby
from typing import Any, TypeVar

from ..content.model import Claim, PartialDate
from . import urls
from .format import N_
from .i18n import Formatter
from .views import ActorGroup, Disagreements, FigureGroup, MonthGroup

PAGE_BUDGET = 200_000  # bytes of HTML: past this, a view is split into pages
PAGE_BYTES = 6_000  # a page's head, header, footer, heading and navigation
CLAIM_BYTES = 280  # a claim's entry in a view (`_claim_ref.html` in an `li`), besides its text
RIGHT_VERSION_BYTES = 200  # each right version shown beside an inexact claim, besides its text
GROUP_BYTES = 300  # a month's, an actor's or a section's heading and list
FIGURE_BYTES = 700  # a figure's bar and table row, besides who gives it (twice: in each)
FIGURE_GROUP_BYTES = 1_500  # a figure key's heading, definition, chart and table frame
DIFFERING_BYTES = 200  # a figure listed where figures differ, besides who gives it
NOTE_BYTES = 400  # a source's note in the disagreements, besides its title and text

Fixes = dict[str, tuple[Claim, ...]]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a split view: what it shows (`content`, as the view's template takes it)
    and where it sits (the index pages above it, outermost first; the parts before and after)."""

    url: str
    title: str  # `November 2024`, an actor, a figure's label, a section (`… (2/3)`), in the interface's language
    count: int  # the entries it shows
    content: Any  # months, groups or a `Disagreements`, as the view's template takes them
    up: tuple[Link, ...]
    previous: Link | None = None
    next: Link | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of an index page: a part (or a group of parts, `children`) and its count."""

    url: str
    title: str
    count: int
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Index:
    """A split view's page at its URL (or a year's, in the timeline): the parts it lists."""

    url: str
    title: str
    entries: tuple[Entry, ...]
    up: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Split:
    view: str
    indexes: tuple[Index, ...]  # the view's own first
    parts: tuple[Part, ...]  # in reading order


# The views' titles (msgids: a split view's titles are in the language of the `words` given).
TITLES = {"timeline": N_("Timeline"), "figures": N_("Figures"), "reactions": N_("Reactions"),
          "disagreements": N_("Where the sources differ")}


def claim_bytes(claim: Claim, fixes: Fixes) -> int:
    """The estimated size of a claim's entry in a view."""
    size = CLAIM_BYTES + len(claim.text)
    for other in fixes.get(claim.id, ()):
        size += RIGHT_VERSION_BYTES + len(other.text)
    return size


def _claims_bytes(claims: Sequence[Claim], fixes: Fixes) -> int:
    return GROUP_BYTES + sum(claim_bytes(c, fixes) for c in claims)


def _chunks(items: Sequence[T], size: Callable[[T], int], room: int) -> list[list[T]]:
    """`items` in order, cut into runs whose sizes add up to at most `room` (each run has one
    item at least, however big)."""
    runs: list[list[T]] = [[]]
    used = 0
    for item in items:
        cost = size(item)
        if runs[-1] and used + cost > room:
            runs.append([])
            used = 0
        runs[-1].append(item)
        used += cost
    return runs if runs[-1] else []


def _numbered(url: str, title: str, n: int, total: int) -> tuple[str, str]:
    """The URL and title of the n-th page (1-based) of a part cut into `total` pages."""
    if total == 1:
        return url, title
    return (url if n == 1 else urls.numbered(url, n)), f"{title} ({n}/{total})"


def _link(parts: list[Part]) -> tuple[Part, ...]:
    """The parts with their previous and next parts."""
    links = [Link(p.url, p.title) for p in parts]
    return tuple(replace(p, previous=links[n - 1] if n else None, next=links[n + 1] if n + 1 < len(links) else None)
                 for n, p in enumerate(parts))


def _claim_pages(url: str, title: str, claims: tuple[Claim, ...], fixes: Fixes, budget: int,
                 make: Callable[[tuple[Claim, ...]], Any], up: tuple[Link, ...]) -> list[Part]:
    """The pages of one part that lists claims: one, or numbered pages when it is too big."""
    runs = _chunks(claims, lambda c: claim_bytes(c, fixes), budget - PAGE_BYTES - GROUP_BYTES)
    pages = []
    for n, run in enumerate(runs, 1):
        page_url, page_title = _numbered(url, title, n, len(runs))
        pages.append(Part(page_url, page_title, len(run), make(tuple(run)), up))
    return pages


def _entry(pages: list[Part], title: str, words: Formatter) -> Entry:
    """The index line of a part, with its numbered pages when it has several."""
    count = sum(p.count for p in pages)
    children = tuple(Entry(p.url, words.gettext("page %(number)s") % {"number": n}, p.count)
                     for n, p in enumerate(pages, 1)) if len(pages) > 1 else ()
    return Entry(pages[0].url, title, count, children)


def split_timeline(months: tuple[MonthGroup, ...], fixes: Fixes, words: Formatter,
                   budget: int = PAGE_BUDGET) -> Split | None:
    """The timeline by year, a year too big by month; None if it fits on one page."""
    sizes = {g.month: _claims_bytes(g.claims, fixes) for g in months}
    if PAGE_BYTES + sum(sizes.values()) <= budget:
        return None
    top, title = urls.view("timeline"), words.gettext(TITLES["timeline"])
    home = (Link(top, title),)
    indexes: list[Index] = []
    entries: list[Entry] = []
    parts: list[Part] = []
    for year, grouped in groupby(months, key=lambda g: g.month.year):
        groups = tuple(grouped)
        year_url, count = urls.timeline_part(year), sum(len(g.claims) for g in groups)
        if PAGE_BYTES + sum(sizes[g.month] for g in groups) <= budget:
            parts.append(Part(year_url, str(year), count, groups, home))
            entries.append(Entry(year_url, str(year), count))
            continue
        up = (*home, Link(year_url, str(year)))
        children = []
        for group in groups:
            month = words.date(group.month)
            pages = _claim_pages(urls.timeline_part(year, group.month.month), month, group.claims, fixes, budget,
                                 partial(_month, group.month), up)
            parts += pages
            children.append(_entry(pages, month, words))
        indexes.append(Index(year_url, str(year), tuple(children), home))
        entries.append(Entry(year_url, str(year), count, tuple(children)))
    return Split("timeline", (Index(top, title, tuple(entries)), *indexes), _link(parts))


def _month(month: PartialDate, claims: tuple[Claim, ...]) -> tuple[MonthGroup, ...]:
    return (MonthGroup(month, claims),)


def _actor(actor: str, claims: tuple[Claim, ...]) -> tuple[ActorGroup, ...]:
    return (ActorGroup(actor, claims),)


def split_reactions(groups: tuple[ActorGroup, ...], fixes: Fixes, words: Formatter,
                    budget: int = PAGE_BUDGET) -> Split | None:
    """The reactions by actor; None if they fit on one page."""
    if PAGE_BYTES + sum(_claims_bytes(g.claims, fixes) for g in groups) <= budget:
        return None
    top, title = urls.view("reactions"), words.gettext(TITLES["reactions"])
    home = (Link(top, title),)
    slugs = actor_slugs([g.actor for g in groups])
    entries, parts = [], []
    for group in groups:
        pages = _claim_pages(urls.reactions_part(slugs[group.actor]), group.actor, group.claims, fixes, budget,
                             partial(_actor, group.actor), home)
        parts += pages
        entries.append(_entry(pages, group.actor, words))
    return Split("reactions", (Index(top, title, tuple(entries)),), _link(parts))


def actor_slugs(actors: list[str]) -> dict[str, str]:
    """A URL segment for each actor: its name in lowercase ASCII (`Corée du Sud` → `coree-du-sud`),
    made unique by a number in the order given (`-2`, `-3`); `acteur` when nothing is left."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for actor in actors:
        base = urls.slug(actor) or "acteur"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        found[actor] = slug
    return found


def figure_bytes(claim: Claim) -> int:
    figure = claim.figure
    return FIGURE_BYTES + (2 * len(figure.by) if figure else 0)


def split_figures(groups: tuple[FigureGroup, ...], words: Formatter, budget: int = PAGE_BUDGET) -> Split | None:
    """The figures by key; None if they fit on one page."""
    def size(group: FigureGroup) -> int:
        return FIGURE_GROUP_BYTES + sum(figure_bytes(c) for c in group.claims)

    if PAGE_BYTES + sum(size(g) for g in groups) <= budget:
        return None
    top, title = urls.view("figures"), words.gettext(TITLES["figures"])
    home = (Link(top, title),)
    entries, parts = [], []
    for group in groups:
        runs = _chunks(group.claims, figure_bytes, budget - PAGE_BYTES - FIGURE_GROUP_BYTES)
        pages = []
        for n, run in enumerate(runs, 1):
            url, page_title = _numbered(urls.figures_part(group.key), group.label, n, len(runs))
            pages.append(Part(url, page_title, len(run), (replace(group, claims=tuple(run)),), home))
        parts += pages
        entries.append(_entry(pages, group.label, words))
    return Split("figures", (Index(top, title, tuple(entries)),), _link(parts))


def figure_urls(groups: tuple[FigureGroup, ...], split: Split | None) -> dict[str, str]:
    """The page that shows each figure key (its first, when it has several)."""
    if split is None:
        return {g.key: urls.view("figures") for g in groups}
    return {g.key: urls.figures_part(g.key) for g in groups}


# The sections of the disagreements page, in its order: (anchor and URL segment, title's msgid).
SECTIONS = (("contradictions", N_("Claims that contradict each other")),
            ("erreurs", N_("Errors in the sources, and the right version")),
            ("contestes", N_("Disputed claims")),
            ("chiffres-divergents", N_("Figures that differ")),
            ("prudence", N_("Sources to read with caution")))


def split_disagreements(found: Disagreements, fixes: Fixes, words: Formatter,
                        budget: int = PAGE_BUDGET) -> Split | None:
    """The disagreements by section, a long section in numbered pages; None if they fit on one page."""
    def pair_bytes(pair: tuple[Claim, Claim]) -> int:
        return GROUP_BYTES + claim_bytes(pair[0], fixes) + claim_bytes(pair[1], fixes)

    def group_bytes(group: FigureGroup) -> int:
        return GROUP_BYTES + sum(DIFFERING_BYTES + len(c.figure.by if c.figure else "") for c in group.claims)

    def note_bytes(source: Any) -> int:
        return NOTE_BYTES + len(source.title) + len(source.notes or "")

    sections: list[tuple[str, str, Sequence[Any], Callable[[Any], int], Callable[[tuple[Any, ...]], Disagreements]]]
    sections = [
        ("contradictions", SECTIONS[0][1], found.pairs, pair_bytes,
         lambda run: Disagreements(run, (), (), ())),
        ("erreurs", SECTIONS[1][1], found.inexact, lambda c: claim_bytes(c, fixes),
         lambda run: Disagreements((), (), (), (), run)),
        ("contestes", SECTIONS[2][1], found.disputed, lambda c: claim_bytes(c, fixes),
         lambda run: Disagreements((), run, (), ())),
        ("chiffres-divergents", SECTIONS[3][1], found.figures, group_bytes,
         lambda run: Disagreements((), (), run, ())),
        ("prudence", SECTIONS[4][1], found.noted, note_bytes,
         lambda run: Disagreements((), (), (), run)),
    ]
    if PAGE_BYTES + sum(size(item) for *_, items, size, _ in sections for item in items) <= budget:
        return None
    top, title = urls.view("disagreements"), words.gettext(TITLES["disagreements"])
    home = (Link(top, title),)
    entries, parts = [], []
    for name, msgid, items, size, make in sections:
        heading = words.gettext(msgid)
        runs = _chunks(items, size, budget - PAGE_BYTES - GROUP_BYTES)
        pages = []
        for n, run in enumerate(runs, 1):
            url, page_title = _numbered(urls.disagreements_part(name), heading, n, len(runs))
            pages.append(Part(url, page_title, len(run), make(tuple(run)), home))
        if pages:
            parts += pages
            entries.append(_entry(pages, heading, words))
    return Split("disagreements", (Index(top, title, tuple(entries)),), _link(parts))


def part_claims(part: Part) -> tuple[Claim, ...]:
    """The claims a part shows (those whose right versions it shows too)."""
    content = part.content
    if isinstance(content, Disagreements):
        return (*(c for pair in content.pairs for c in pair), *content.inexact, *content.disputed)
    return tuple(c for group in content for c in group.claims)


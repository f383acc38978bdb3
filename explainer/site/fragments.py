"""Each claim's HTML rendered once and reused wherever it appears: in memory, and across builds.

The views list thousands of claims, each as the same one-line entry (`_claim_ref.html`);
a source page lists each quote it gives as an excerpt (`_excerpt.html`); a sheet shows
each of its claims as a block (`_claim.html`, with its citations). `Fragments` renders
each of these with a context of its own (not an include, which copies the page's context)
and serves it again while what it is made from is the same:

- in memory (the live preview, and within one build), by the claim object itself; a
  sheet's block by what it shows, compared as values (a re-parsed claim equal to the
  previous one keeps its block);
- across processes (a one-shot build with its cache), a view's entry by a key of what
  makes it, which the builder gives (`entry_key`: builder/pagekeys.py digests the engine,
  the templates, the chrome, the claim's token and the right versions shown beside it) with
  the entries it kept from the previous build (`stored`, builder/oneshot.py). After a
  one-claim edit, a new process re-renders the timeline with one new entry.

A key names what the entry was made from, so a kept entry is the one a render would give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup

from ..content import origins
from . import views

# The templates that the fragments' filters render: a template using one of these filters
# depends on that template as on one it includes (render.py's template versions).
TEMPLATES = {"claim_ref": "_claim_ref.html", "claim_list": "_claim_ref.html", "excerpt_list": "_excerpt.html",
             "claim_html": "_claim.html"}


class Fragments:
    """The claims' fragments of a `RenderCache` (its filters `claim_ref`, `claim_list`, `excerpt_list`)."""

    env: jinja2.Environment
    later: bool

    def __init__(self) -> None:
        # Claims' entries in the views, by id(claim); excerpts of source pages, by (id(claim), number)
        self.fragments: dict[Any, tuple[Any, ...]] = {}
        self.used_fragments: dict[Any, tuple[Any, ...]] = {}
        self.versions: dict[str, tuple[str, ...]] = {}
        self._claim_ref_template: jinja2.Template | None = None
        self._excerpt_template: jinja2.Template | None = None
        self._claim_template: jinja2.Template | None = None
        # Across processes (see the module): the key of a view's entry (claim, depth of the
        # page, right versions shown) or None, the previous build's entries, those this
        # process made since `take_made`, and the keys of those it reused.
        self.entry_key: Callable[[Any, int, Any], bytes | None] | None = None
        self.stored: dict[bytes, str] = {}
        self.made: dict[bytes, str] = {}
        self.reused: set[bytes] = set()

    @jinja2.pass_context
    def claim_ref(self, context: jinja2.runtime.Context, claim: Any) -> Markup:
        """A claim's one-line entry (link, status) in a view, rendered once per claim.

        Views list thousands of claims; when one claim changes, the others' entries are
        reused, so a timeline with 10 000 entries re-renders in milliseconds.
        """
        depth = context["page_url"].count("/")
        version = self.versions.get("_claim_ref.html")
        fixes = context["fixes"].get(claim.id)  # the right versions, beside an inexact claim
        entry = self.fragments.get(id(claim))
        if entry is None or entry[0] is not claim or entry[1] != depth or entry[2] is not version \
                or entry[4] != fixes:
            key = self.entry_key(claim, depth, fixes) if self.entry_key is not None else None
            html = self.stored.get(key) if key is not None else None
            if isinstance(html, str) and key is not None:
                self.reused.add(key)
            else:
                if self._claim_ref_template is None:  # looked up once per build, not per claim
                    self._claim_ref_template = self.env.get_template("_claim_ref.html")
                html = self._claim_ref_template.render(
                    claim=claim, fixes=fixes, page_url=context["page_url"], settings=context["settings"],
                    edition=context["edition"])
                if key is not None:
                    self.made[key] = html
            entry = (claim, depth, version, Markup(html), fixes)
        self.used_fragments[id(claim)] = entry
        fragment: Markup = entry[3]
        return fragment

    @jinja2.pass_context
    def claim_list(self, context: jinja2.runtime.Context, claims: tuple[Any, ...]) -> Markup:
        """Claims as `<li>` entries of a view, joined without a template loop (views are long)."""
        # The entries are safe HTML already: join them as plain strings, which is much faster.
        return Markup("".join(f"<li>{self.claim_ref(context, claim)}</li>\n" for claim in claims))

    @jinja2.pass_context
    def excerpt_list(self, context: jinja2.runtime.Context, rows: list[tuple[Any, ...]]) -> Markup:
        """A source page's excerpts (`<li>` entries), each rendered once while its claim and
        source are the same: after a claim edit, its sources' pages re-render in a blink."""
        source, page_url = context["source"], context["page_url"]
        version = self.versions.get("_excerpt.html")
        parts = []
        for claim, number, excerpt, link in rows:
            fixes = context["fixes"].get(claim.id)
            entry = self.fragments.get((id(claim), number))
            if entry is None or entry[0] is not claim or entry[1] is not source or entry[2] != page_url \
                    or entry[3] is not version or entry[5] != fixes:
                if self._excerpt_template is None:  # looked up once per build
                    self._excerpt_template = self.env.get_template("_excerpt.html")
                html = self._excerpt_template.render(claim=claim, number=number, excerpt=excerpt, link=link,
                                                     fixes=fixes, source=source, page_url=page_url,
                                                     settings=context["settings"], edition=context["edition"])
                entry = (claim, source, page_url, version, Markup(html.rstrip("\n")), fixes)
            if self.later:  # each excerpt shows on one page: kept for the next build only
                self.used_fragments[(id(claim), number)] = entry
            parts.append(entry[4])
        return Markup("\n").join(parts)

    @jinja2.pass_context
    def claim_html(self, context: jinja2.runtime.Context, claim: Any) -> Markup:
        """A claim's whole entry on its sheet (`_claim.html`, its citations `_citation.html`).

        Rendered with a context of its own, made of what the entry shows: not an include,
        which would copy the page's context for each claim and each citation. In a live
        preview, kept while what it shows is equal: when a sheet is re-rendered after a
        claim, a cited source or a contradicted claim was edited, its other claims are not.
        """
        page_url = context["page_url"]
        sources = context["site"].sources
        shown = (
            claim,
            context["fixes"].get(claim.id, ()),  # the right versions, beside an inexact claim
            context["corrections_of"].get(claim.id, ()),
            views.open_conflicts(claim, context["contradicted"]) if claim.conflicts_with else (),
            {citation.source.id: sources[citation.source.id] for citation in claim.citations},
            origins.independent_origins(claim, context["origin_groups"]),
            page_url,  # relative links; a link to the page itself is an anchor
        )
        version = self.versions.get("_claim.html")
        entry = self.fragments.get(claim.id)
        if entry is not None and entry[0] is version and entry[1] == shown:
            html = entry[2].decode()
        else:
            if self._claim_template is None:  # looked up once per build
                self._claim_template = self.env.get_template("_claim.html")
            html = self._claim_template.render(
                claim=claim, fixes=shown[1], corrections=shown[2], contradicting=shown[3], sources=shown[4],
                origins=shown[5], page_url=page_url, edition=context["edition"])
            # Kept as UTF-8: half the memory of the text (typography needs characters of two bytes).
            entry = (version, shown, html.encode()) if self.later else None
        if entry is not None:  # each claim shows on one page: kept for the next build only
            self.used_fragments[claim.id] = entry
        return Markup(html)

    def take_made(self) -> dict[bytes, str]:
        """The entries made since the last call (a forked copy sends them back with its pages)."""
        made, self.made = self.made, {}
        return made

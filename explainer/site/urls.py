"""Every URL of the site, built in one place: directory URLs relative to the site root."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from ..content.model import Citation, Claim, Correction

# Views have French paths; sheet and page ids may not take them (nor `sources`).
VIEWS = {"timeline": "chronologie/", "figures": "chiffres/", "reactions": "acteurs/",
         "disagreements": "desaccords/", "search": "recherche/", "corrections": "corrections/"}
# `pagefind` holds the search index, written after the pages.
RESERVED = frozenset({"sources", "404", "pagefind"} | {path.strip("/") for path in VIEWS.values()})
FEED = "flux.xml"
DATA = {"json": "data/claims.json", "csv": "data/claims.csv", "corrections": "data/corrections.json"}
METHOD_PAGE = "methode"  # the free page that explains statuses, linked from every sheet's legend


def home() -> str:
    return ""


def sheet(sheet_id: str) -> str:
    return f"{sheet_id}/"


def page(page_id: str) -> str:
    return f"{page_id}/"


def sources_index() -> str:
    return "sources/"


def source(source_id: str) -> str:
    return f"sources/{source_id}/"


def view(name: str) -> str:
    return VIEWS[name]


# The parts of a view too big for one page (see viewparts.py).
def timeline_part(year: int, month: int | None = None) -> str:
    """`chronologie/2024/`, or `chronologie/2024/11/` for a month."""
    return f"{VIEWS['timeline']}{year:04d}/" + (f"{month:02d}/" if month is not None else "")


def figures_part(key: str) -> str:
    return f"{VIEWS['figures']}{key}/"


def reactions_part(actor_slug: str) -> str:
    return f"{VIEWS['reactions']}{actor_slug}/"


def disagreements_part(section: str) -> str:
    return f"{VIEWS['disagreements']}{section}/"


def numbered(url: str, n: int) -> str:
    """The n-th page (n ≥ 2) of a part too big for one: `chronologie/2024/11/2/`."""
    return f"{url}{n}/"


def slug(text: str) -> str:
    """Text as a URL segment and id: lowercase ASCII letters and digits joined by hyphens
    (`Ministère de la Défense` → `ministere-de-la-defense`); letters without an ASCII
    form are dropped."""
    folded = text.casefold().replace("œ", "oe").replace("æ", "ae")  # ligatures NFKD leaves whole
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


def claim(c: Claim) -> str:
    return f"{sheet(c.sheet_id)}#{c.id}"


def correction_anchor(c: Correction) -> str:
    """The anchor of a correction on its sheet: `correction-<n>`, n its place in the sheet's log."""
    return f"correction-{c.number}"


def correction(c: Correction) -> str:
    return f"{sheet(c.sheet_id)}#{correction_anchor(c)}"


def excerpt_anchor(claim_id: str, number: int) -> str:
    """The stable anchor of a claim's n-th citation (1-based) on its source's page."""
    return f"q-{claim_id}-{number}"


def citation(c: Claim, number: int, cited: Citation) -> str:
    return f"{source(cited.source.id)}#{excerpt_anchor(c.id, number)}"


def absolute(base_url: str, url: str) -> str:
    """The published address of a site URL (for canonical links, feeds, open data)."""
    return base_url + url


def output_file(url: str) -> str:
    """The file, relative to the output folder, that serves a directory URL."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both relative to the site root.

    Goes up to the root, then down: `../../traite/#x` from `sources/a/`. Simple and fast
    (every page has hundreds of links).
    """
    path, hash_, fragment = to_url.partition("#")
    here, there = output_file(from_url), output_file(path)
    if here == there and hash_:
        return f"#{fragment}"
    up = "../" * here.count("/")
    target = up + (path if path.endswith("/") or not path else there)
    return (target or "./") + hash_ + fragment


def base_path(base_url: str) -> str:
    """The path of base_url, e.g. /traite/ for https://example.org/traite/."""
    return urlsplit(base_url).path or "/"

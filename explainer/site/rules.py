"""The site's rules over the content: what the pages need that the content alone cannot tell.

A sheet or a free page takes the URL of its id; two of them, or one and a page the site
makes itself (the views, `sources`, `404`…), cannot share a URL. Checked with the content
(`build.py check` reports it too), but a rule of the pages, so it lives with them.
"""

from __future__ import annotations

from ..content.model import Site
from ..content.problems import Location, Report
from . import urls


def check(site: Site, report: Report) -> None:
    """Every rule of the site's pages; problems go to `report`."""
    _check_url_clashes(site, report)


def _check_url_clashes(site: Site, report: Report) -> None:
    sheet_ids, page_ids = {s.id for s in site.sheets}, {p.id for p in site.pages}
    if sheet_ids.isdisjoint(page_ids) and urls.RESERVED.isdisjoint(sheet_ids | page_ids):
        return  # file names are unique in a folder: no clash is possible (the usual case, fast)
    taken: dict[str, str] = {name: "a page of the site" for name in urls.RESERVED}
    located = [(s.location, s.id, "sheet") for s in site.sheets] + [(p.location, p.id, "page") for p in site.pages]
    for location, item_id, kind in sorted(located, key=lambda x: (x[0].path, x[1])):
        if item_id in taken:
            report.error(Location(location.path),
                         f"the {kind} id '{item_id}' takes the URL /{item_id}/ of {taken[item_id]}")
        else:
            taken[item_id] = f"{location.path}"


"""Views too big for a phone are split into pages (viewparts.py); the real site's are not."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import FIXTURES, PROJECT, SPLIT_BUDGET, build_with_budget, tree_bytes
from contentgen import big_project
from htmlcheck import parse
from test_incremental import EDITS, claim_edit
from test_links import broken_links

from explainer.builder.pipeline import Session
from explainer.content.facts import facts_of_sheets as facts
from explainer.content.load import load
from explainer.content.problems import Report
from explainer.content.verify import verify
from explainer.site import viewparts
from explainer.site.plan import plan

VIEWS = ("chronologie", "chiffres", "acteurs", "desaccords")


def view_pages(site: Path, view: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / view).rglob("index.html"))


def claim_links(site: Path, page: str, sheets: set[str]) -> list[str]:
    """The claims a page links to (`sheet/#claim`), resolved from the site's root."""
    found = []
    for href in parse(site / page).links:
        target = urlsplit(urljoin("/" + page, href))
        if target.fragment and target.path.strip("/") in sheets:
            found.append(f"{target.path.strip('/')}/#{target.fragment}")
    return found


def demo_sheets() -> set[str]:
    return {p.stem for p in (FIXTURES / "demo" / "content" / "sheets").glob("*.yaml")}


def test_the_real_sites_views_stay_one_page_each(tmp_path: Path) -> None:
    if not (PROJECT / "content" / "sheets").is_dir():
        pytest.skip("the project has no content yet")
    assert build_with_budget(viewparts.PAGE_BUDGET, "build", "--no-cache", "--no-search", "--out",
                             str(tmp_path / "site"), "--root", str(PROJECT)) == 0
    for view in VIEWS:
        assert view_pages(tmp_path / "site", view) == [f"{view}/index.html"]


def test_every_kind_of_part_is_built(built_split_demo: Path) -> None:
    pages = {page for view in VIEWS for page in view_pages(built_split_demo, view)}
    assert {"chronologie/index.html", "chronologie/2024/index.html", "chronologie/2024/11/index.html",
            "chronologie/2024/11/2/index.html", "chiffres/soldats-deployes/index.html",
            "chiffres/soldats-deployes/2/index.html", "acteurs/ministere/index.html",
            "desaccords/contradictions/index.html", "desaccords/prudence/index.html"} <= pages


@pytest.mark.parametrize("view", VIEWS)
def test_each_claim_of_the_whole_view_is_in_exactly_one_part(built_demo: Path, built_split_demo: Path,
                                                              view: str) -> None:
    sheets = demo_sheets()
    whole = Counter(claim_links(built_demo, f"{view}/index.html", sheets))
    parts = Counter(link for page in view_pages(built_split_demo, view) if page != f"{view}/index.html"
                    for link in claim_links(built_split_demo, page, sheets))
    assert whole and parts == whole
    # The view's own page lists its parts, and links to no claim.
    assert claim_links(built_split_demo, f"{view}/index.html", sheets) == []


def test_split_views_have_no_broken_link_and_the_sitemap_lists_every_part(built_split_demo: Path) -> None:
    assert broken_links(built_split_demo, "/demo/") == []
    sitemap = (built_split_demo / "sitemap.xml").read_text(encoding="utf-8")
    for view in VIEWS:
        for page in view_pages(built_split_demo, view):
            assert f"<loc>https://example.org/demo/{page.removesuffix('index.html')}</loc>" in sitemap


@pytest.mark.parametrize("view", VIEWS)
def test_parts_follow_each_other_by_previous_and_next_links(built_split_demo: Path, view: str) -> None:
    pages = [p for p in view_pages(built_split_demo, view) if parse(built_split_demo / p).find("a", rel="next")
             or parse(built_split_demo / p).find("a", rel="prev")]
    first = [p for p in pages if not parse(built_split_demo / p).find("a", rel="prev")]
    assert len(first) == 1
    seen, page = [], first[0]
    while True:
        seen.append(page)
        html = parse(built_split_demo / page)
        assert html.find("nav", **{"class": "part-nav", "aria-label": "Partie précédente et suivante"})
        assert html.find("a", href="../" * page.count("/") + f"{view}/")  # up to the view's page
        following = html.find("a", rel="next")
        if not following:
            break
        page = urljoin("/" + page, following[0]["href"] or "").lstrip("/") + "index.html"
    assert sorted(seen) == sorted(pages)


def split_plan(root: Path, budget: int) -> dict[str, viewparts.Split | None]:
    report = Report()
    site = load(root, report)
    assert site is not None
    evidence = verify(site, report)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(viewparts, "PAGE_BUDGET", budget)
        planned = plan(site, evidence, facts(site))
    return {name: planned.memo.views[f"{name} parts"][3] for name in viewparts.TITLES}


def test_index_pages_list_their_parts_with_counts(built_split_demo: Path) -> None:
    splits = split_plan(FIXTURES / "demo", SPLIT_BUDGET)
    for split in splits.values():
        assert split is not None
        counts = {part.url: part.count for part in split.parts}
        for part in split.parts:
            assert part.count == len(viewparts.part_claims(part)) or split.view in {"disagreements"}

        for index in split.indexes:
            html = (built_split_demo / index.url / "index.html").read_text(encoding="utf-8")
            for entry in index.entries:
                check_counts(entry, counts)
                assert re.search(rf'>{re.escape(entry.title)}</a> \({entry.count}\)', html), (index.url, entry)
        # Every part is listed on the view's page.
        listed, todo = set(), list(split.indexes[0].entries)
        while todo:
            entry = todo.pop()
            listed.add(entry.url)
            todo += entry.children
        assert set(counts) <= listed


def check_counts(entry: viewparts.Entry, counts: dict[str, int]) -> int:
    """An index entry's count: its part's, or the sum of its children's."""
    if entry.children:
        assert entry.count == sum(check_counts(child, counts) for child in entry.children)
    else:
        assert entry.count == counts[entry.url]
    return entry.count


def test_no_page_of_a_big_sites_views_exceeds_the_budget(tmp_path: Path) -> None:
    root = big_project(tmp_path / "big", sheets=60, claims=20)
    budget = 40_000
    assert build_with_budget(budget, "build", "--no-cache", "--no-search", "--root", str(root),
                             "--out", str(tmp_path / "site")) == 0
    sizes = {page: (tmp_path / "site" / page).stat().st_size for view in VIEWS
             for page in view_pages(tmp_path / "site", view)}
    assert len(sizes) > 20
    assert max(sizes.values()) <= budget, max(sizes.items(), key=lambda item: item[1])
    assert "chronologie/2024/11/index.html" in sizes  # split by month


def test_actor_slugs_are_ascii_unique_and_never_empty() -> None:
    assert viewparts.actor_slugs(["Corée du Sud", "Coree du sud", "Ким Чен Ын", "—", "Œuvre d’État"]) == {
        "Corée du Sud": "coree-du-sud", "Coree du sud": "coree-du-sud-2", "Ким Чен Ын": "acteur",
        "—": "acteur-2", "Œuvre d’État": "oeuvre-d-etat"}


@pytest.mark.parametrize("name", EDITS)
def test_incremental_rebuild_of_split_views_equals_full_build(demo: Path, tmp_path: Path, name: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewparts, "PAGE_BUDGET", SPLIT_BUDGET)
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    EDITS[name](demo)
    result = session.build()
    assert result.ok, result.problems
    assert build_with_budget(SPLIT_BUDGET, "build", "--no-cache", "--root", str(demo),
                             "--out", str(tmp_path / "fresh")) == 0
    assert tree_bytes(tmp_path / "live") == tree_bytes(tmp_path / "fresh")


def test_a_claim_edit_re_renders_only_the_parts_that_show_it(demo: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(viewparts, "PAGE_BUDGET", SPLIT_BUDGET)
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    claim_edit(demo)
    assert session.build().ok
    assert session.renders is not None
    rendered = [url for url in session.renders.rendered if url.split("/")[0] in VIEWS]
    every = [page.removesuffix("index.html") for view in VIEWS for page in view_pages(tmp_path / "live", view)]
    assert rendered and len(rendered) < len(every) / 2
    for url in rendered:
        assert "l’unanimité des votants" in (tmp_path / "live" / url / "index.html").read_text(encoding="utf-8"), url

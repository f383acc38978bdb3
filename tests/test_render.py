"""What a reader sees: claims, citations, source pages, views (escaping: test_injection.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import write_project
from htmlcheck import parse


def test_claim_has_anchor_status_and_numbered_citations(built_demo: Path) -> None:
    page = parse(built_demo / "troupes/index.html")
    claim = page.find("li", id="troupes-dementi")
    assert claim and "status-denied" in (claim[0]["class"] or "")
    assert "Démenti" in page.text
    links = [a["href"] for a in page.find("a") if "q-troupes-dementi-" in (a.get("href") or "")]
    assert links == ["../sources/journal-a-2024-11-06/#q-troupes-dementi-1",
                     "../sources/agence-b-2024-10/#q-troupes-dementi-2"]


def test_citation_link_lands_on_the_cited_passage(built_demo: Path) -> None:
    source = parse(built_demo / "sources/journal-a-2024-11-06/index.html")
    assert "q-traite-aide-immediate-1" in source.ids
    html = (built_demo / "sources/journal-a-2024-11-06/index.html").read_text(encoding="utf-8")
    # Both fragments of a […] quote are marked inside their sentence.
    assert "<mark>Le texte prévoit une « aide immédiate »</mark> en cas <mark>d’attaque.</mark>" in html


def test_source_page_lists_backlinks_to_every_citing_claim(built_demo: Path) -> None:
    source = parse(built_demo / "sources/agence-b-2024-10/index.html")
    hrefs = {a["href"] for a in source.find("a")}
    assert {"../../troupes/#troupes-3000", "../../troupes/#troupes-12000", "../../troupes/#troupes-dementi"} <= hrefs
    assert "../../traite/#traite-approuve" not in hrefs


def test_outbound_link_carries_a_text_fragment(built_demo: Path) -> None:
    source = parse(built_demo / "sources/journal-a-2024-11-06/index.html")
    hrefs = [a["href"] or "" for a in source.find("a")]
    assert "https://journal-a.example/traite#:~:text=Le%20gouvernement%20voisin%20d%C3%A9ment%20toute%20pr%C3%A9sence" \
           "%20de%20troupes." in hrefs


def test_archive_published_only_when_asked(built_demo: Path, tmp_path: Path, cli) -> None:
    assert "Texte archivé" in parse(built_demo / "sources/journal-a-2024-11-06/index.html").text
    root = write_project(tmp_path / "p")
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "o")).code == 0
    page = parse(tmp_path / "o/sources/src/index.html")
    assert "Texte archivé" not in page.text
    assert "Les députés l’ont approuvé jeudi" not in page.text  # not cited, not published


def test_timeline_lists_dated_claims_in_date_order(built_demo: Path) -> None:
    page = parse(built_demo / "chronologie/index.html")
    order = [a["href"] for a in page.find("a") if "/#" in (a.get("href") or "")]
    # traite-vigueur-erreur, a source's error, is followed by the link to its right version.
    assert order == ["../troupes/#troupes-3000", "../traite/#traite-approuve", "../traite/#traite-vigueur-erreur",
                     "../traite/#traite-approuve", "../troupes/#troupes-9000"]
    assert [h for t, h in page.tags if t == "h2"] and "octobre 2024" in page.text and "novembre 2024" in page.text


def test_figures_view_compares_every_value_of_a_key(built_demo: Path) -> None:
    page = parse(built_demo / "chiffres/index.html")
    assert "chiffre-soldats-deployes" in page.ids
    for expected in ("au moins 3 000", "jusqu’à 12 000", "environ 9 000", "le ministère", "Agence B"):
        assert expected in page.text
    # Thousands are grouped with a narrow no-break space, as French typography wants.
    assert "3\u202f000" in (built_demo / "chiffres/index.html").read_text(encoding="utf-8")


def test_reactions_view_groups_claims_by_actor(built_demo: Path) -> None:
    page = parse(built_demo / "acteurs/index.html")
    headings = [page.text_parts[i] for i in range(len(page.text_parts))]
    assert "Gouvernement voisin" in headings and "Ministère" in headings and "Conseil" in headings
    assert {"../troupes/#troupes-dementi", "../troupes/#troupes-9000"} <= {a["href"] for a in page.find("a")}


def test_home_lists_sheets_in_nav_order_with_summaries(built_demo: Path) -> None:
    page = parse(built_demo / "index.html")
    sheet_links = [a["href"] for a in page.find("a") if a["href"] in ("traite/", "troupes/")]
    assert sheet_links[:2] == ["traite/", "troupes/"]
    assert "Ce qu’est le traité fictif et ce qu’il prévoit." in page.text


def test_sitemap_and_404(built_demo: Path) -> None:
    sitemap = (built_demo / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/demo/traite/</loc><lastmod>2024-11-07</lastmod>" in sitemap
    assert "<loc>https://example.org/demo/sources/agence-b-2024-10/</loc>" in sitemap
    page = parse(built_demo / "404.html")
    assert {"/demo/style.css", "/demo/"} <= set(page.links)

"""What the reader's site publishes, read from the built files: typography, citations, views,
metadata, feed, open data, search index. (Behaviour in a browser: test_browser_reader.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import BASE, write_project
from htmlcheck import html_files, parse

from explainer.site.format import typo_fr

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("text, expected", [
    ("Pourquoi ? Parce que : oui ; non !", f"Pourquoi{NNBSP}? Parce que{NBSP}: oui{NNBSP}; non{NNBSP}!"),
    ("une «aide» et « immédiate »", f"une «{NNBSP}aide{NNBSP}» et «{NNBSP}immédiate{NNBSP}»"),
    ("Moscou - Pyongyang", f"Moscou{NBSP}– Pyongyang"),
    ("http://example.org:80/?q=1 à 12:30", "http://example.org:80/?q=1 à 12:30"),
    ("<a href=\"a : b\">x : y</a>", f"<a href=\"a : b\">x{NBSP}: y</a>"),
    ("<code>a : b</code> c : d", f"<code>a : b</code> c{NBSP}: d"),
    ("A &amp; B ; C", f"A &amp; B{NNBSP}; C"),
])
def test_french_typography_spaces_and_dashes(text: str, expected: str) -> None:
    assert typo_fr(text) == expected


def test_our_text_gets_typography_but_quotes_stay_verbatim(tmp_path: Path, cli) -> None:
    root = write_project(tmp_path / "p", {
        "content/sources/src.txt": "Il a dit : « nous verrons ! » puis rien.\n",
        "content/sheets/s.yaml": BASE["content/sheets/s.yaml"]
        .replace("text: Un fait.", "text: \"Le texte dit : « aide » ; est-ce clair ?\"")
        .replace('quote: "une \\"aide immédiate\\""', 'quote: "Il a dit : « nous verrons ! »"'),
    })
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "o"), "--no-search").code == 0
    html = (tmp_path / "o/s/index.html").read_text(encoding="utf-8")
    assert f"Le texte dit{NBSP}: «{NNBSP}aide{NNBSP}»{NNBSP}; est-ce clair{NNBSP}?" in html
    assert 'data-quote="Il a dit : « nous verrons ! »"' in html  # exactly as in the sheet
    source = (tmp_path / "o/sources/src/index.html").read_text(encoding="utf-8")
    assert "<mark>Il a dit : « nous verrons ! »</mark>" in source  # exactly as in the archive


def test_claims_have_a_badge_in_words_numbered_citations_and_a_permalink(built_demo: Path) -> None:
    page = parse(built_demo / "troupes/index.html")
    html = (built_demo / "troupes/index.html").read_text(encoding="utf-8")
    claim = re.search(r'<li class="claim status-denied" id="troupes-dementi">.*?</li>\n</ul>|'
                      r'<li class="claim status-denied" id="troupes-dementi">.*?<p class="claim-tools">.*?</p>',
                      html, re.S)
    assert claim
    text = claim.group(0)
    assert '<span aria-hidden="true">✗</span> Démenti</span>' in text  # readable without colour
    assert '<ol class="citations" aria-label="Sources">' in text
    assert text.count('class="citation"') == 2
    assert 'data-quote="Le gouvernement voisin dément toute présence de troupes."' in text
    assert '<a class="permalink" href="#troupes-dementi">' in text
    assert page.find("button") == [page.find("button")[0]]  # only the search form's: copy buttons come with JS


def test_sheet_has_a_status_legend_linking_to_the_method_page(tmp_path: Path, cli) -> None:
    root = write_project(tmp_path / "p", {"content/pages/methode.md": "---\ntitle: Méthode\n---\nComment.\n"})
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "o"), "--no-search").code == 0
    page = parse(tmp_path / "o/s/index.html")
    assert "Lire les statuts" in page.text
    for label in ("Confirmé", "Rapporté", "Contesté", "Démenti"):
        assert label in page.text
    assert {"href": "../methode/"} in [{"href": a["href"]} for a in page.find("a")]


def test_sheet_lists_its_sources_with_their_original_links(built_demo: Path) -> None:
    page = parse(built_demo / "troupes/index.html")
    assert "Sources de cette fiche" in page.text
    hrefs = [a["href"] for a in page.find("a")]
    assert "../sources/journal-a-2024-11-06/" in hrefs and "https://journal-a.example/traite" in hrefs


def test_contradicting_claims_name_each_other(built_demo: Path) -> None:
    page = parse(built_demo / "troupes/index.html")
    assert "Contredit par" in page.text and "Le gouvernement voisin nie tout déploiement." in page.text
    assert "#troupes-dementi" in [a["href"] for a in page.find("a")]


def test_disagreements_page_is_built_from_conflicts_disputes_figures_and_notes(built_demo: Path) -> None:
    page = parse(built_demo / "desaccords/index.html")
    hrefs = [a["href"] for a in page.find("a")]
    assert hrefs.count("../troupes/#troupes-9000") == 2  # in the pair, and among the differing figures
    assert hrefs.count("../troupes/#troupes-dementi") == 1  # the pair is shown once, not twice
    assert "../chiffres/#chiffre-soldats-deployes" in hrefs
    assert "../sources/journal-a-2024-11-06/" in hrefs and "écrite pour les tests." in page.text
    for heading in ("Des faits qui se contredisent", "Des chiffres qui divergent", "Des sources à lire avec prudence"):
        assert heading in page.text


def test_figures_chart_is_an_inline_svg_with_bars_in_proportion_and_a_table(built_demo: Path) -> None:
    page = parse(built_demo / "chiffres/index.html")
    html = (built_demo / "chiffres/index.html").read_text(encoding="utf-8")
    svg = page.find("svg")
    assert len(svg) == 1 and svg[0]["role"] == "img"
    widths = [a["width"] for t, a in page.tags if t == "rect"]
    assert widths == ["25.0%", "75.0%", "100.0%"]  # 3 000, 9 000, 12 000: from zero, the largest is full
    title = re.search(r"<title id=[^>]*>(.*?)</title>", html).group(1)  # the chart's accessible name
    assert title == ("Soldats déployés, estimations comparées\u00a0: au moins 3\u202f000 soldats · le renseignement, "
                     "octobre 2024\u202f; environ 9\u202f000 soldats · le ministère, 6\u00a0novembre 2024\u202f; "
                     "jusqu’à 12\u202f000 soldats · le renseignement, date non précisée.")
    assert ('<text x="0" y="14">au moins 3\u202f000 soldats · le</text>'
            '<text x="0" y="32">renseignement, octobre 2024</text>') in html  # labels wrap to fit a small screen
    assert page.find("table") and page.find("caption")


def test_timeline_has_month_headings_on_one_line(built_demo: Path) -> None:
    page = parse(built_demo / "chronologie/index.html")
    assert page.find("div", **{"class": "chronology"})
    assert [a["datetime"] for t, a in page.tags if t == "time" and a.get("datetime", "").count("-") == 1][:2] == \
           ["2024-10", "2024-10"]  # the month heading, then the month-only claim


def test_reactions_are_grouped_by_actor_with_an_index(built_demo: Path) -> None:
    page = parse(built_demo / "acteurs/index.html")
    assert page.find("nav", **{"aria-label": "Acteurs"})
    assert "#acteur-1" in [a["href"] for a in page.find("a")]


def json_ld(path: Path) -> list[dict]:
    html = path.read_text(encoding="utf-8")
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_pages_carry_title_description_canonical_and_open_graph(built_demo: Path) -> None:
    page = parse(built_demo / "troupes/index.html")
    assert page.find("link", rel="canonical")[0]["href"] == "https://example.org/demo/troupes/"
    assert page.find("meta", property="og:url")[0]["content"] == "https://example.org/demo/troupes/"
    assert page.find("meta", property="og:type")[0]["content"] == "article"
    assert page.find("meta", name="description")[0]["content"] == "Combien de soldats, selon qui."
    assert page.find("meta", property="og:locale")[0]["content"] == "fr_FR"
    assert page.find("link", rel="alternate", type="application/atom+xml")
    not_found = parse(built_demo / "404.html")
    assert not not_found.find("link", rel="canonical") and not_found.find("meta", name="robots")


def test_json_ld_describes_sheets_as_articles_and_the_site_as_a_dataset(built_demo: Path) -> None:
    [article] = json_ld(built_demo / "troupes/index.html")
    assert article["@type"] == "Article" and article["headline"] == "Les troupes"
    assert article["dateModified"] == "2024-11-07"
    assert {c["publisher"]["name"] for c in article["citation"]} == {"Agence B", "Journal A"}
    [dataset] = json_ld(built_demo / "index.html")
    assert dataset["@type"] == "Dataset"
    assert [d["contentUrl"] for d in dataset["distribution"]] == [
        "https://example.org/demo/data/claims.json", "https://example.org/demo/data/claims.csv"]


def test_atom_feed_lists_sheets_by_update(built_demo: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built_demo / "flux.xml").getroot()
    assert feed.find("a:updated", ns).text == "2024-11-08T00:00:00Z"  # the date of the latest correction
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:id", ns).text for e in entries] == ["https://example.org/demo/traite/",
                                                          "https://example.org/demo/troupes/",
                                                          "https://example.org/demo/traite/#correction-1"]
    assert "<em>fictif</em>" in entries[0].find("a:summary", ns).text  # HTML, escaped once in the XML


def test_sitemap_and_robots(built_demo: Path, tmp_path: Path, cli) -> None:
    sitemap = (built_demo / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/demo/desaccords/</loc>" in sitemap
    assert "recherche" not in sitemap and "404" not in sitemap
    assert (built_demo / "robots.txt").read_text(encoding="utf-8").endswith(
        "Sitemap: https://example.org/demo/sitemap.xml\n")
    root = write_project(tmp_path / "p", {"static/robots.txt": "User-agent: *\nDisallow: /\n"})
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "o"), "--no-search").code == 0
    assert (tmp_path / "o/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_open_data_lists_every_claim_with_status_facets_and_citations(built_demo: Path) -> None:
    data = json.loads((built_demo / "data/claims.json").read_text(encoding="utf-8"))
    claims = {c["id"]: c for c in data["claims"]}
    assert len(claims) == 8
    dementi = claims["troupes-dementi"]
    assert dementi["status"] == "denied" and dementi["actor"] == "Gouvernement voisin"
    assert dementi["conflicts_with"] == ["troupes-9000"]
    assert dementi["citations"][1] | {} == {
        "number": 2, "source": "agence-b-2024-10", "outlet": "Agence B", "published": "2024-10",
        "title": "Des soldats déployés, selon le renseignement", "quote": "une \"rumeur sans fondement\"",
        "note": None, "source_url": None,
        "passage_url": "https://example.org/demo/sources/agence-b-2024-10/#q-troupes-dementi-2"}
    assert claims["troupes-3000"]["figure"] == {"key": "soldats-deployes", "value": 3000, "qualifier": "at-least",
                                                "by": "le renseignement", "as_of": "2024-10"}
    rows = list(csv.DictReader(io.StringIO((built_demo / "data/claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(c["citations"]) for c in claims.values())  # one row per citation
    row = next(r for r in rows if r["claim_id"] == "troupes-dementi" and r["citation"] == "1")
    assert (row["status"], row["outlet"], row["published"]) == ("denied", "Journal A", "2024-11-06")
    assert row["quote"] == "Le gouvernement voisin dément toute présence de troupes."


def test_no_inline_script_style_or_event_handler(built_demo: Path) -> None:
    """Pages are ready for a Content Security Policy without 'unsafe-inline'."""
    for path in html_files(built_demo):
        page = parse(path)
        for script in page.find("script"):
            assert script.get("src") or script.get("type") in ("application/ld+json", "application/json"), path
        assert not page.find("style"), path
        assert not any("style" in attrs or any(n.startswith("on") for n in attrs) for _, attrs in page.tags), path


def test_search_index_is_built_for_sheets_pages_and_sources(built_demo: Path) -> None:
    assert (built_demo / "pagefind/pagefind.js").is_file()
    assert list((built_demo / "pagefind").glob("pagefind.fr_*.pf_meta"))  # indexed as French
    # What is indexed (made from the model, not read from the pages): test_search.py.

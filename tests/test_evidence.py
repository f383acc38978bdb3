"""Weighing the evidence: a source's error beside its right version, independent origins,
figures under their declared labels, and the public corrections log."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import BASE, PROJECT, build, write_project
from htmlcheck import Page, html_files, parse

from explainer.content import origins
from explainer.content.model import Citation, Claim, Correction, Origin, PartialDate, Ref, Sheet, Source
from explainer.content.problems import Location
from explainer.site import views
from explainer.site.i18n import engine_formatter

ATOM = "{http://www.w3.org/2005/Atom}"
HERE = Location("x")


def source(source_id: str, wire: str | None = None, copies: str | None = None) -> Source:
    origin = None if wire is None and copies is None else Origin(wire, Ref(copies, HERE) if copies else None)
    return Source(source_id, "O", "T", PartialDate(2024, 11, 6), "fr", "news", None, None, None, None, HERE, origin)


def claim(*cited: str, claim_id: str = "c", status: str = "reported", corrected_by: tuple[str, ...] = (),
          conflicts_with: tuple[str, ...] = ()) -> Claim:
    return Claim(claim_id, "s", "Un fait.", status, tuple(Citation(Ref(s, HERE), None, None, HERE) for s in cited),
                 None, None, None, tuple(Ref(i, HERE) for i in conflicts_with), HERE,
                 tuple(Ref(i, HERE) for i in corrected_by))


# --- Independent origins ----------------------------------------------------------------


def test_sources_without_origin_are_each_an_origin() -> None:
    groups = origins.origin_groups({"a": source("a"), "b": source("b"), "c": source("c")})
    assert origins.independent_origins(claim("a", "b", "c"), groups) == 3


def test_a_copy_and_its_original_are_one_origin_and_chains_are_followed() -> None:
    sources = {"a": source("a", copies="b"), "b": source("b", copies="c"), "c": source("c"), "d": source("d")}
    groups = origins.origin_groups(sources)
    assert origins.independent_origins(claim("a", "c"), groups) == 1  # a copies b, which copies c
    assert origins.independent_origins(claim("a", "b", "c", "d"), groups) == 2


def test_sources_running_the_same_wire_are_one_origin_whatever_its_case() -> None:
    sources = {"a": source("a", wire="AFP"), "b": source("b", wire=" afp "), "c": source("c", wire="Reuters"),
               "d": source("d", copies="a")}
    groups = origins.origin_groups(sources)
    assert origins.independent_origins(claim("a", "b"), groups) == 1
    assert origins.independent_origins(claim("a", "c"), groups) == 2
    assert origins.independent_origins(claim("b", "d"), groups) == 1  # d copies a, which runs the AFP's dispatch


def test_a_source_cited_twice_counts_once_and_an_unknown_source_alone() -> None:
    groups = origins.origin_groups({"a": source("a"), "b": source("b", copies="nowhere")})
    assert origins.independent_origins(claim("a", "a"), groups) == 1
    assert origins.independent_origins(claim("b", "zz"), groups) == 2


def test_origin_cycles_are_found_once_from_their_smallest_source() -> None:
    sources = {"b": source("b", copies="a"), "a": source("a", copies="b"), "c": source("c", copies="c"),
               "d": source("d", copies="a")}
    assert origins.origin_cycles(sources) == [["a", "b"]]


@pytest.mark.parametrize(("language", "sources", "found", "text"), [
    ("fr", 1, 1, "1 source, 1 origine indépendante"),
    ("fr", 3, 1, "3 sources, 1 origine indépendante"),
    ("fr", 3, 2, "3 sources, 2 origines indépendantes"),
    ("fr", 0, 0, "0 source, 0 origine indépendante"),  # French counts zero in the singular
    ("en", 1, 1, "1 source, 1 independent origin"),
    ("en", 3, 2, "3 sources, 2 independent origins"),
    ("en", 0, 0, "0 sources, 0 independent origins"),
])
def test_sourcing_is_written_with_the_languages_plurals(language: str, sources: int, found: int, text: str) -> None:
    assert engine_formatter(language).sourcing(sources, found) == text


# --- Views --------------------------------------------------------------------------------


def test_corrections_log_is_newest_first() -> None:
    def correction(sheet_id: str, number: int, day: int) -> Correction:
        return Correction(sheet_id, number, PartialDate(2024, 11, day), "t", (), HERE)

    def sheet(sheet_id: str, *entries: Correction) -> Sheet:
        return Sheet(sheet_id, "T", "S", PartialDate(2024, 11, 9), (), HERE, entries)

    first, second, third = correction("a", 1, 3), correction("a", 2, 9), correction("b", 1, 5)
    site = views.Site(None, {}, (sheet("a", first, second), sheet("b", third)), ())  # type: ignore[arg-type]
    assert views.corrections_log(site) == (second, third, first)


def test_an_error_and_its_correction_are_not_shown_as_contradicting_each_other() -> None:
    wrong = claim("a", claim_id="wrong", status="inexact", corrected_by=("right",), conflicts_with=("right", "x"))
    right = claim("a", claim_id="right", conflicts_with=("wrong",))
    other = claim("a", claim_id="x")
    claims = {"wrong": wrong, "right": right, "x": other}
    assert views.open_conflicts(wrong, claims) == (other,)
    assert views.open_conflicts(right, claims) == ()


# --- The demo site: a source's error, sourcing, corrections -------------------------------


def visible_text(path: Path) -> str:
    return parse(path).text


def claim_html(html: str, claim_id: str) -> str:
    """The <li> of one claim on a sheet."""
    start = html.index(f'id="{claim_id}"')
    return html[start:html.index("</li>\n", html.index('class="claim-tools"', start))]


def test_the_inexact_claim_shows_its_status_and_the_right_version_on_its_sheet(built_demo: Path) -> None:
    html = (built_demo / "traite/index.html").read_text(encoding="utf-8")
    wrong = claim_html(html, "traite-vigueur-erreur")
    assert "Erreur de la source" in Page(wrong).text
    assert "Version exacte" in Page(wrong).text
    assert 'href="#traite-approuve"' in wrong
    assert "Le Conseil a adopté le traité" in Page(wrong).text  # the right version, in the indexed text
    right = Page(claim_html(html, "traite-approuve")).text
    assert "Confirmé" in right and "Contesté" not in right and "Contredit" not in right


def test_each_claim_shows_its_sources_and_independent_origins(built_demo: Path) -> None:
    html = (built_demo / "troupes/index.html").read_text(encoding="utf-8")
    # journal-a's origin is agence-b: two sources, one origin
    assert "2 sources, 1 origine indépendante" in Page(claim_html(html, "troupes-dementi")).text
    assert "1 source, 1 origine indépendante" in Page(claim_html(html, "troupes-3000")).text


@pytest.mark.parametrize("view", ["chronologie/index.html", "desaccords/index.html"])
def test_views_show_the_right_version_beside_the_inexact_claim(built_demo: Path, view: str) -> None:
    html = (built_demo / view).read_text(encoding="utf-8")
    assert "Erreur de la source" in html
    entry = html[html.index("#traite-vigueur-erreur"):]
    entry = entry[:entry.index("</li>")]
    assert "Version exacte" in entry and "../traite/#traite-approuve" in entry


def test_the_source_page_shows_the_right_version_beside_the_excerpt(built_demo: Path) -> None:
    html = (built_demo / "sources/journal-a-2024-11-06/index.html").read_text(encoding="utf-8")
    excerpt = html[html.index('id="q-traite-vigueur-erreur-1"'):]
    excerpt = excerpt[:excerpt.index("</li>")]
    assert "Erreur de la source" in excerpt and "../../traite/#traite-approuve" in excerpt


def test_a_correction_shows_on_its_sheet_and_on_the_claims_it_names(built_demo: Path) -> None:
    html = (built_demo / "traite/index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "correction-1" in page.ids
    assert page.find("time", datetime="2024-11-08")
    assert "C’est une erreur du titre du Journal A" in page.text
    note = Page(claim_html(html, "traite-vigueur-erreur")).text
    assert "Corrigé le 8 novembre 2024" in note  # (the text folds white space)
    assert 'href="#correction-1"' in claim_html(html, "traite-approuve")


def test_the_corrections_page_and_the_feed_carry_the_correction(built_demo: Path) -> None:
    page = parse(built_demo / "corrections/index.html")
    assert "C’est une erreur du titre du Journal A" in page.text
    assert any(link.endswith("traite/#correction-1") for link in page.links)
    assert any(link.endswith("corrections/") for link in parse(built_demo / "index.html").links)  # the footer
    feed = ElementTree.parse(built_demo / "flux.xml").getroot()
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
    assert "https://example.org/demo/traite/#correction-1" in ids
    assert feed.findtext(f"{ATOM}updated") == "2024-11-08T00:00:00Z"


def test_the_open_data_carries_corrections_and_origins(built_demo: Path) -> None:
    data = json.loads((built_demo / "data/claims.json").read_text(encoding="utf-8"))
    by_id = {record["id"]: record for record in data["claims"]}
    assert by_id["traite-vigueur-erreur"]["corrected_by"] == ["traite-approuve"]
    assert by_id["traite-vigueur-erreur"]["status_label"] == "Erreur de la source"
    assert by_id["troupes-dementi"]["independent_origins"] == 1
    assert by_id["traite-approuve"]["corrected_by"] == []
    rows = list(csv.DictReader(io.StringIO((built_demo / "data/claims.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["claim_id"] == "traite-vigueur-erreur")
    assert row["corrected_by"] == "traite-approuve" and row["independent_origins"] == "1"
    log = json.loads((built_demo / "data/corrections.json").read_text(encoding="utf-8"))["corrections"]
    assert log == [{"date": "2024-11-08", "sheet": "traite", "url": "https://example.org/demo/traite/#correction-1",
                    "text": log[0]["text"], "claims": ["traite-vigueur-erreur", "traite-approuve"]}]


# --- Figures: one chart per declared key, no raw key ---------------------------------------

FIGURES_SITE = BASE["site.yaml"] + (
    "figures:\n"
    "  troops-sent:\n    label: Soldats envoyés\n    counts: Les soldats arrivés en Russie.\n    unit: soldats\n"
    "  troops-planned:\n    label: Soldats prévus\n    counts: Les soldats qui pourraient suivre.\n    unit: soldats\n"
)


def figure_claim(claim_id: str, key: str, value: int) -> str:
    return (f"      - id: {claim_id}\n        text: Un chiffre.\n        status: reported\n"
            f"        figure: {{key: {key}, value: {value}, qualifier: about, by: Kiev}}\n"
            "        sources:\n          - source: src\n            quote: \"une \\\"aide immédiate\\\"\"\n")


def build_project(tmp_path: Path, files: dict[str, str | bytes | None]) -> Path:
    root = write_project(tmp_path / "project", files)
    out = tmp_path / "site"
    assert build.main(["build", "--root", str(root), "--out", str(out), "--no-search"]) == 0
    return out


def test_each_chart_compares_one_key_under_its_label_and_no_raw_key_shows(tmp_path: Path) -> None:
    sheet = BASE["content/sheets/s.yaml"] + figure_claim("a1", "troops-sent", 3000) + \
        figure_claim("a2", "troops-planned", 12000) + figure_claim("a3", "troops-sent", 11000)
    out = build_project(tmp_path, {"site.yaml": FIGURES_SITE, "content/sheets/s.yaml": sheet})
    html = (out / "chiffres/index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert [Page(h).text for h in re.findall(r"<h2 [^>]*>.*?</h2>", html)] == ["Soldats envoyés", "Soldats prévus"]
    assert "troops-sent" not in page.text and "troops-planned" not in page.text
    assert "Les soldats arrivés en Russie." in page.text and "Unité" in page.text
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert [len(re.findall("<rect", chart)) for chart in charts] == [2, 1]
    assert "11\u202f000 soldats" in charts[0] and "12\u202f000" not in charts[0]


def test_corrections_are_listed_newest_first(tmp_path: Path) -> None:
    sheet = BASE["content/sheets/s.yaml"] + (
        "corrections:\n"
        "  - date: 2024-11-08\n    text: La première correction.\n    claims: [c1]\n"
        "  - date: 2024-12-01\n    text: La seconde correction.\n"
    )
    out = build_project(tmp_path, {"content/sheets/s.yaml": sheet})
    for page in ("corrections/index.html", "s/index.html"):
        text = visible_text(out / page)
        assert text.index("La seconde correction") < text.index("La première correction"), page
    feed = ElementTree.parse(out / "flux.xml").getroot()
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["S", "Correction · S", "Correction · S"]


# --- The real content --------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "_site"
    assert build.main(["build", "--root", str(PROJECT), "--out", str(out), "--no-search", "--no-cache"]) == 0
    return out


def test_real_content_inexact_claims_name_their_right_version_everywhere(real_site: Path) -> None:
    for path in html_files(real_site):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r"Erreur de la source</span>", html):
            after = html[match.end():match.end() + 3000]
            if "class=\"legend\"" in html[max(0, match.start() - 400):match.start()]:
                continue  # the legend explains the status
            assert "Version exacte" in after[:1500] or "<dd>" in after[:40], path


def test_real_content_figures_view_shows_no_raw_key(real_site: Path) -> None:
    text = visible_text(real_site / "chiffres/index.html")
    settings = (PROJECT / "site.yaml").read_text(encoding="utf-8")
    figures = settings[settings.index("\nfigures:"):]
    keys = re.findall(r"^  ([a-z0-9-]+):$", figures, flags=re.M)
    assert keys
    for key in keys:
        assert key not in text


def test_real_content_has_a_correction_on_its_sheet_on_the_log_and_in_the_feed(real_site: Path) -> None:
    log = json.loads((real_site / "data/corrections.json").read_text(encoding="utf-8"))["corrections"]
    assert log
    newest = log[0]
    sheet = newest["url"].split("/")[-2]
    anchor = newest["url"].split("#")[1]
    assert anchor in parse(real_site / sheet / "index.html").ids
    assert any(link.endswith(f"{sheet}/#{anchor}") for link in parse(real_site / "corrections/index.html").links)
    feed = ElementTree.parse(real_site / "flux.xml").getroot()
    assert newest["url"] in [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]


@pytest.mark.parametrize(("kind", "accepted"), [("official", True), ("state-media", True), ("news", False),
                                                ("agency", False), ("blog", False), ("analysis", False)])
def test_a_party_s_own_publication_confirms_alone(tmp_path: Path, cli, kind: str, accepted: bool) -> None:
    """One source confirms a claim only when it is a party's own publication (official, state media)."""
    root = write_project(tmp_path / "p", {
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("kind: news", f"kind: {kind}"),
        "content/sheets/s.yaml": BASE["content/sheets/s.yaml"].replace("status: reported", "status: confirmed"),
    })
    run = cli("check", "--root", str(root))
    if accepted:
        assert run.code == 0 and run.out == "ok: 1 claim checked, 0 warnings\n"
    else:
        assert run.code == 1
        assert run.err.splitlines()[0] == (
            "content/sheets/s.yaml:10:17: claim 'c1' is confirmed, but its sources give 1 independent origin: "
            "confirmed needs two, or a party's own publication (a source of kind official or state-media); "
            "else it is reported")


def test_two_independent_origins_confirm(tmp_path: Path, cli) -> None:
    """Two sources of no party confirm a claim when neither copies the other; one wire, one origin."""
    sheet = BASE["content/sheets/s.yaml"].replace("status: reported", "status: confirmed") + (
        "          - source: other\n            quote: \"approuvé jeudi\"\n")
    other = BASE["content/sources/src.yaml"].replace("archive: src.txt", "archive: src.txt\norigin: {wire: AFP}")
    files = {"content/sheets/s.yaml": sheet, "content/sources/other.yaml": other}
    assert cli("check", "--root", str(write_project(tmp_path / "two", files))).code == 0
    same_wire = {**files, "content/sources/src.yaml": BASE["content/sources/src.yaml"] + "origin: {wire: afp}\n"}
    run = cli("check", "--root", str(write_project(tmp_path / "one", same_wire)))
    assert run.code == 1 and "its sources give 1 independent origin" in run.err

"""The English edition of the real site in a real browser: accessibility, small screens, the
language switch down to the claim, and search in the reader's edition only."""

from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest
from browser import AXE, axe_violations
from conftest import PROJECT
from staticserver import StaticServer

# One English page of each type, under the site's base path (/traite/en/).
ENGLISH_PAGES = {
    "home": "", "sheet": "troupes/", "sheet with a source's error": "traite/", "source": "sources/ats-2024-11-06/",
    "sources": "sources/", "timeline": "chronologie/", "figures": "chiffres/", "reactions": "acteurs/",
    "disagreements": "desaccords/", "corrections": "corrections/", "search": "recherche/?q=Kursk",
    "free page": "methode/", "404": "404.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project's own content, built and served at /traite/, the path of its base_url."""
    import build

    if not (PROJECT / "content" / "translations" / "en").is_dir():
        pytest.skip("the project has no English edition")
    parent = tmp_path_factory.mktemp("editions-served")
    assert build.main(["build", "--root", str(PROJECT), "--out", str(parent / "traite"), "--no-cache"]) == 0
    server = StaticServer(parent)
    yield server.url + "traite/"
    server.stop()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_english_page_type(browser, site: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`)")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=scheme)
    report = {}
    try:
        page = context.new_page()
        for kind, path in ENGLISH_PAGES.items():
            page.goto(site + "en/" + path)
            assert page.evaluate("document.documentElement.lang") == "en", kind
            if kind == "search":
                page.locator("#resultats li").first.wait_for(timeout=10_000)
            report[kind] = axe_violations(page)
        page.goto(site + "en/troupes/")  # and with a citation's popover open: the quote and our translation
        page.locator("a.citation[data-translation]").first.focus()
        popover = page.locator("#citation-popover")
        popover.wait_for(state="visible")
        assert popover.locator("blockquote").get_attribute("lang") == "fr"
        assert popover.locator(".quote-translation").inner_text().startswith("Our translation:")
        report["sheet with popover"] = axe_violations(page)
    finally:
        context.close()
    assert report == {kind: [] for kind in report}


def png_width(data: bytes) -> int:
    return int(struct.unpack(">I", data[16:20])[0])


def test_at_360_pixels_no_english_page_scrolls_sideways(browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        for kind, path in ENGLISH_PAGES.items():
            tab.goto(site + "en/" + path)
            assert png_width(tab.screenshot(full_page=True)) == 360, kind
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360, kind
    finally:
        context.close()


@pytest.mark.parametrize(("start", "other", "name"), [("en/", "", "Français"), ("", "en/", "English")])
def test_the_language_switch_lands_on_the_same_claim(browser, site: str, start: str, other: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{site}{start}troupes/#troupes-11000-zelensky")
        tab.locator("nav.editions a", has_text=name).click()
        tab.wait_for_url(f"**/traite/{other}troupes/#troupes-11000-zelensky")
        assert tab.evaluate("document.documentElement.lang") == ("fr" if other == "" else "en")
        assert tab.evaluate("document.querySelector(':target').id") == "troupes-11000-zelensky"
    finally:
        context.close()


def test_without_javascript_the_switch_leads_to_the_same_page(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + "en/sources/ats-2024-11-06/")
        href = tab.locator("nav.editions a[hreflang=fr]").get_attribute("href")
        assert href == "../../../sources/ats-2024-11-06/"
        assert tab.locator('link[rel=alternate][hreflang=fr]').get_attribute("href") == \
            "https://example.org/traite/sources/ats-2024-11-06/"
    finally:
        context.close()


@pytest.mark.parametrize(("edition", "word", "language"), [("en/", "Kursk", "en"), ("", "Koursk", "fr")])
def test_search_finds_the_readers_edition_only(browser, site: str, edition: str, word: str, language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{site}{edition}recherche/?q={word}")
        tab.locator("#resultats li a").first.wait_for(timeout=10_000)
        hrefs = tab.locator("#resultats li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs
        if edition:
            assert all(href.startswith("/traite/en/") for href in hrefs), hrefs
        else:
            assert not any(href.startswith("/traite/en/") for href in hrefs), hrefs
        assert tab.evaluate("document.documentElement.lang") == language
        status = tab.locator("#resultats-etat").inner_text()
        assert ("result" in status) if language == "en" else ("résultat" in status)
    finally:
        context.close()


def test_an_english_page_shows_each_quote_in_french_with_our_translation(site: str) -> None:
    from urllib.request import urlopen

    with urlopen(site + "en/sources/euronews-2024-11-06/") as response:
        html = response.read().decode("utf-8")
    quotes = html.count('<blockquote lang="fr">')
    assert quotes > 0
    assert html.count('<p class="quote-translation"><span class="label">Our translation:</span>') == quotes

"""The reader's site in a real browser: accessibility, citation popovers, search, small screens."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import AXE, axe_violations
from conftest import PROJECT
from previewserver import PreviewServer
from staticserver import StaticServer

# One page of each type of the demo site, served under its base path /demo/.
PAGE_TYPES = {
    "home": "", "sheet": "troupes/", "source": "sources/journal-a-2024-11-06/", "sources": "sources/",
    "timeline": "chronologie/", "figures": "chiffres/", "reactions": "acteurs/", "disagreements": "desaccords/",
    "search": "recherche/?q=traité", "free page": "a-propos/", "404": "404.html",
    "sheet with a source's error and a correction": "traite/", "corrections": "corrections/",
}
# One page of each kind of a split view (conftest's `built_split_demo`).
SPLIT_PAGES = ["chronologie/", "chronologie/2024/", "chronologie/2024/11/2/", "chiffres/soldats-deployes/2/",
               "acteurs/ministere/", "desaccords/", "desaccords/contradictions/"]
WORD_OF_ONE_CLAIM = "déploiement"  # only in the claim troupes-dementi ("nie tout déploiement")


@pytest.fixture(scope="module")
def site(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site over HTTP at /demo/, the path of its base_url (the 404 page links from it)."""
    parent = tmp_path_factory.mktemp("served")
    (parent / "demo").symlink_to(built_demo, target_is_directory=True)
    server = StaticServer(parent)
    yield server.url + "demo/"
    server.stop()


@pytest.fixture(scope="module")
def split_site(built_split_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site with its views split into parts, over HTTP at /demo/."""
    parent = tmp_path_factory.mktemp("served-split")
    (parent / "demo").symlink_to(built_split_demo, target_is_directory=True)
    server = StaticServer(parent)
    yield server.url + "demo/"
    server.stop()


@pytest.fixture(scope="module")
def page(browser) -> Iterator[Any]:
    """One tab reused by the tests of this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="module")
def audit_page(browser) -> Iterator[Any]:
    """A tab that lets axe-core in: axe is injected as an inline script, which our CSP refuses."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_type(audit_page, site: str, scheme: str) -> None:
    page = audit_page
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`)")
    page.emulate_media(color_scheme=scheme)
    report = {}
    for kind, path in PAGE_TYPES.items():
        page.goto(site + path)
        if kind == "search":
            page.locator("#resultats li").first.wait_for(timeout=10_000)
        report[kind] = axe_violations(page)
    page.goto(site + "troupes/")  # and with a citation's popover open
    page.locator("a.citation").first.focus()
    page.locator("#citation-popover").wait_for(state="visible")
    report["sheet with popover"] = axe_violations(page)
    page.emulate_media(color_scheme="light")
    assert report == {kind: [] for kind in report}


def test_hovering_a_citation_shows_its_quote_outlet_and_date(page, site: str) -> None:
    page.goto(site + "troupes/")
    citation = page.locator("#troupes-dementi a.citation").first
    citation.hover()
    popover = page.locator("#citation-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert "Le gouvernement voisin dément toute présence de troupes." in text
    assert "— Journal A, 6\u00a0novembre 2024" in text
    assert citation.get_attribute("aria-describedby") == "citation-popover"
    page.mouse.move(5, 5)
    popover.wait_for(state="hidden")


def test_keyboard_focus_shows_the_popover_and_escape_hides_it(page, site: str) -> None:
    page.goto(site + "traite/")
    popover = page.locator("#citation-popover")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.citation')"):
            break
    else:
        pytest.fail("no citation reachable with Tab")
    popover.wait_for(state="visible")
    assert "Le Conseil a approuvé mercredi le traité" in popover.inner_text()
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")


def test_a_tap_opens_the_popover_and_its_link_lands_on_the_highlighted_passage(browser, site: str) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        tab.goto(site + "troupes/")
        tab.locator("#troupes-9000 a.citation").first.tap()
        popover = tab.locator("#citation-popover")
        popover.wait_for(state="visible")
        assert "environ 9 000 soldats sont arrivés dans la région nord" in popover.inner_text()
        assert tab.url.endswith("/troupes/")  # the first tap did not follow the link
        popover.get_by_role("link", name="Lire le passage dans la source").tap()
        tab.wait_for_url("**/sources/journal-a-2024-11-06/#q-troupes-9000-1")
        target = tab.locator(":target")
        assert target.get_attribute("id") == "q-troupes-9000-1"
        background = target.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the passage stands out
        assert "environ 9 000 soldats" in target.locator("mark").inner_text()
    finally:
        context.close()


def test_without_javascript_a_citation_is_a_plain_link_to_the_passage(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + "troupes/")
        assert tab.locator("button.copy-link").count() == 0
        tab.locator("#troupes-dementi a.citation").first.click()
        tab.wait_for_url("**/sources/journal-a-2024-11-06/#q-troupes-dementi-1")
    finally:
        context.close()


def test_copy_link_button_copies_the_claims_address(browser, site: str) -> None:
    context = browser.new_context()
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        tab = context.new_page()
        tab.goto(site + "troupes/")
        button = tab.locator("#troupes-9000 button.copy-link")
        button.click()
        assert tab.evaluate("navigator.clipboard.readText()") == site + "troupes/#troupes-9000"
        assert button.inner_text() == "Lien copié"
    finally:
        context.close()


def test_search_finds_the_claim_of_a_word_found_in_one_claim_only(page, site: str) -> None:
    page.goto(site + "index.html")
    page.fill("#recherche-site", WORD_OF_ONE_CLAIM)
    page.press("#recherche-site", "Enter")  # the header's form leads to the search page
    first = page.locator("#resultats li a").first
    first.wait_for(timeout=10_000)
    hrefs = page.locator("#resultats li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["/demo/troupes/#troupes-dementi"]  # the claim, on its sheet
    assert page.locator("#resultats li .search-page-title").inner_text() == "Les troupes"
    assert "1 résultat" in page.locator("#resultats-etat").inner_text()
    assert WORD_OF_ONE_CLAIM in page.locator("#resultats mark").first.inner_text()


def test_pages_work_under_their_content_security_policy(browser, site: str) -> None:
    """Every page type, a search and a popover, with the policy of base.html enforced: the
    browser reports no refused script, style or request, and no script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    complaints: list[str] = []
    try:
        tab = context.new_page()
        tab.on("console", lambda m: complaints.append(f"{tab.url}: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: complaints.append(f"{tab.url}: {e}"))
        tab.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                            "console.error('CSP refused ' + e.blockedURI + ' by ' + e.violatedDirective))")
        for kind, path in PAGE_TYPES.items():
            tab.goto(site + path)
            assert tab.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, kind
            if kind == "search":  # Pagefind's WebAssembly and its fetches run under the policy
                tab.locator("#resultats li").first.wait_for(timeout=10_000)
        tab.goto(site + "troupes/")
        tab.locator("a.citation").first.focus()
        tab.locator("#citation-popover").wait_for(state="visible")
    finally:
        context.close()
    assert complaints == []


def png_width(data: bytes) -> int:
    return int(struct.unpack(">I", data[16:20])[0])


def test_at_360_pixels_no_page_scrolls_sideways(browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        for kind, path in PAGE_TYPES.items():
            tab.goto(site + path)
            shot = tab.screenshot(full_page=True)  # as wide as the page: wider if it scrolls sideways
            assert png_width(shot) == 360, kind
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360, kind
    finally:
        context.close()


def test_the_pages_of_a_split_view_pass_axe_and_fit_360_pixels(audit_page, browser, split_site: str) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`)")
    report = {}
    for scheme in ("light", "dark"):
        audit_page.emulate_media(color_scheme=scheme)
        for path in SPLIT_PAGES:
            audit_page.goto(split_site + path)
            report[f"{path} ({scheme})"] = axe_violations(audit_page)
    audit_page.emulate_media(color_scheme="light")
    assert {page: found for page, found in report.items() if found} == {}
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        for path in SPLIT_PAGES:
            tab.goto(split_site + path)
            assert png_width(tab.screenshot(full_page=True)) == 360, path
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()


def test_search_works_in_the_live_preview_and_follows_edits(browser, demo: Path) -> None:
    server = PreviewServer(demo)
    context = browser.new_context()
    try:
        server.wait_for(lambda: any("search index rebuilt" in line for line in server.lines), "the first index")
        tab = context.new_page()
        tab.goto(server.url + "recherche/?q=" + WORD_OF_ONE_CLAIM)
        tab.locator("#resultats li a").first.wait_for(timeout=10_000)
        assert tab.locator("#resultats li a").first.get_attribute("href") == "/troupes/#troupes-dementi"
        indexed = sum("search index rebuilt" in line for line in server.lines)
        tab.evaluate("() => { window.notReloaded = true; }")
        sheet = demo / "content/sheets/traite.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("sans aucune voix contre", "par acclamation"),
                         encoding="utf-8")
        # The browser reloads as soon as the site is rebuilt; the index follows once saves pause.
        tab.wait_for_function("() => window.notReloaded === undefined", timeout=15_000)
        server.wait_for(lambda: sum("search index rebuilt" in line for line in server.lines) > indexed,
                        "the index to be rebuilt")
        tab.reload()
        tab.fill("#recherche", "acclamation")
        tab.press("#recherche", "Enter")
        tab.wait_for_function("() => document.getElementById('resultats-etat').textContent.includes('acclamation')",
                              timeout=10_000)
        assert tab.locator("#resultats li a").first.get_attribute("href").startswith("/traite/#")
    finally:
        context.close()
        server.stop()


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project's own content, built and served at /traite/, the path of its base_url."""
    import build

    parent = tmp_path_factory.mktemp("real-served")
    assert build.main(["build", "--root", str(PROJECT), "--out", str(parent / "traite"), "--no-cache"]) == 0
    server = StaticServer(parent)
    yield server.url + "traite/"
    server.stop()


# The claims of the project whose source erred, with the sheet they are on (at least one).
INEXACT_ON = {"traite/": "traite-signature-moscou", "ratification/": "ratif-4-decembre",
              "reactions/": "nom-chloe-son-hui", "contexte/": "ctx-tir-icbm-mardi"}


@pytest.mark.parametrize("path", [*INEXACT_ON, "desaccords/"])
def test_a_sources_error_shows_beside_its_right_version_which_is_never_contested(
        browser, real_site: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(real_site + path)
        errors = tab.locator(".claim.status-inexact" if path in INEXACT_ON else "li:has(> .badge.status-inexact)")
        assert errors.count() >= 1
        for claim_id in ([INEXACT_ON[path]] if path in INEXACT_ON else []):
            assert tab.locator(f"#{claim_id} .badge").first.inner_text().strip().endswith("Erreur de la source")
        # Each right version: a visible link, whose status (shown beside it) is settled.
        fixes = errors.locator(".right-version a")
        assert fixes.count() >= 1
        targets = fixes.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        badges = errors.locator(".right-version .badge").all_inner_texts()
        assert badges and all(b.strip().endswith(("Confirmé", "Rapporté")) for b in badges), badges
        fixes.first.click()
        target_id = targets[0].split("#")[1]
        tab.wait_for_url(f"**#{target_id}")
        badge = tab.locator(f"#{target_id} .badge").first.inner_text().strip()
        assert badge.endswith(("Confirmé", "Rapporté")) and "Contesté" not in badge
    finally:
        context.close()

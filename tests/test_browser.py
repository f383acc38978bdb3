"""The editor's loop in a real browser: save a file, see the page change by itself."""

from __future__ import annotations

from pathlib import Path

from conftest import replace_in
from previewserver import PreviewServer

SHEET = "content/sheets/traite.yaml"


def test_edit_break_and_fix_a_sheet_without_touching_the_browser(browser, server: PreviewServer, demo: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(server.url + "traite/")
        page.wait_for_function("() => window.LiveReload !== undefined")  # the reload script connected
        marker = page.evaluate("() => { window.notReloaded = true; return true; }")
        assert marker

        replace_in(demo / SHEET, "sans aucune voix contre", "à l’unanimité des présents")
        edited = page.locator("#traite-approuve .claim-text")  # its text also shows as a right version
        edited.get_by_text("à l’unanimité des présents").wait_for(timeout=10_000)
        assert page.evaluate("() => window.notReloaded === undefined")  # the page was reloaded for us

        replace_in(demo / SHEET, "    heading: \"Le texte\"\n", "    heading: \"Le texte\"\n   bad: [\n")
        overlay = page.locator(".preview-errors")
        overlay.wait_for(timeout=10_000)
        assert "content/sheets/traite.yaml:7:" in overlay.inner_text()
        assert edited.get_by_text("à l’unanimité des présents").is_visible()  # the last good page stays

        replace_in(demo / SHEET, "   bad: [\n", "")
        overlay.wait_for(state="detached", timeout=10_000)
        # The overlay goes with the page it was on, when the reload starts: the good page is
        # waited for (checked at once, it may not have arrived yet).
        edited.get_by_text("à l’unanimité des présents").wait_for(timeout=10_000)
    finally:
        page.close()

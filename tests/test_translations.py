"""Editions in other languages: translations that know their original (missing, stale, orphaned)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE, write_project
from translated import C1, SITE, TRANSLATED, of_claim

SECOND_CLAIM = ('      - id: c2\n        text: Un autre fait.\n        status: reported\n        sources:\n'
                '          - source: src\n            quote: "approuvé jeudi"\n')


def project(tmp_path: Path, files: dict[str, str | None]) -> Path:
    return write_project(tmp_path / "p", {"site.yaml": SITE, **files})


def test_a_translated_edition_checks_clean(tmp_path: Path, cli) -> None:
    root = project(tmp_path, {"content/translations/en/sheets/s.yaml": TRANSLATED})
    run = cli("check", "--root", str(root))
    assert (run.code, run.err, run.out) == (0, "", "ok: 1 claim checked, 0 warnings\n")
    listing = cli("translations", "en", "--root", str(root))
    assert (listing.code, listing.out) == (0, "en: nothing missing, stale or orphaned\n")


def test_a_stale_claim_is_a_warning_at_its_of(tmp_path: Path, cli) -> None:
    root = project(tmp_path, {
        "content/translations/en/sheets/s.yaml": TRANSLATED,
        "content/sheets/s.yaml": BASE["content/sheets/s.yaml"].replace("Un fait.", "Un fait précis."),
    })
    now = of_claim("Un fait précis.", 'une "aide immédiate"')
    run = cli("check", "--root", str(root))
    assert run.code == 0
    assert run.err.splitlines() == [
        f"content/translations/en/sheets/s.yaml:9:9: warning: claim 'c1' of sheet 's' changed since it was "
        f"translated into en: of is {C1}, the original's fingerprint is now {now}"]
    listing = cli("translations", "en", "--root", str(root))
    assert listing.code == 0
    assert listing.out.splitlines() == [
        "en: 0 missing, 1 stale, 0 orphaned",
        f"stale     content/translations/en/sheets/s.yaml:9:9  claim 'c1' of sheet 's'  of: {now} (was {C1})"]


def test_a_missing_claim_is_a_warning_with_its_fingerprint(tmp_path: Path, cli) -> None:
    root = project(tmp_path, {
        "content/translations/en/sheets/s.yaml": TRANSLATED,
        "content/sheets/s.yaml": BASE["content/sheets/s.yaml"] + SECOND_CLAIM,
    })
    c2 = of_claim("Un autre fait.", "approuvé jeudi")
    run = cli("check", "--root", str(root))
    assert run.code == 0
    assert run.err.splitlines() == [
        f"content/translations/en/sheets/s.yaml:1:1: warning: claim 'c2' of sheet 's' is not translated into en "
        f"(of: {c2})"]
    assert f"missing   content/translations/en/sheets/s.yaml:1:1  claim 'c2' of sheet 's'  of: {c2}" in \
        cli("translations", "en", "--root", str(root)).out


def test_an_untranslated_sheet_and_page_are_warnings(tmp_path: Path, cli) -> None:
    root = project(tmp_path, {"content/pages/a-propos.md": "---\ntitle: À propos\n---\nCorps.\n"})
    run = cli("check", "--root", str(root))
    assert run.code == 0
    lines = run.err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("content/translations/en/pages/a-propos.md:1:1: warning: page 'a-propos' is not "
                               "translated into en (of: ")
    assert lines[1].startswith("content/translations/en/sheets/s.yaml:1:1: warning: sheet 's' is not translated "
                               "into en (of: ")


@pytest.mark.parametrize(("files", "message"), [
    ({"content/translations/en/sheets/s.yaml": TRANSLATED.replace("  c1:", "  c1x:")},
     "content/translations/en/sheets/s.yaml:7:3: claim 'c1x' of sheet 's': the original has no such claim "
     "(did you mean 'c1'?)"),
    ({"content/translations/en/sheets/s.yaml": TRANSLATED.replace("  a:\n", "  aa:\n")},
     "content/translations/en/sheets/s.yaml:4:3: section 'aa' of sheet 's': the original has no such section "
     "(did you mean 'a'?)"),
    ({"content/translations/en/sheets/s.yaml": TRANSLATED.replace('quotes: ["an “immediate aid”"]',
                                                                  'quotes: ["one", "two"]')},
     "content/translations/en/sheets/s.yaml:10:13: quote 2 of claim 'c1' (it has 1 citation): the original has no "
     "such quote"),
    ({"content/translations/en/pages/apropos.md": "---\ntitle: About\nof: abc\n---\nBody.\n",
      "content/pages/a-propos.md": "---\ntitle: À propos\n---\nCorps.\n"},
     "content/translations/en/pages/apropos.md:2:1: page 'apropos': the original has no such page "
     "(did you mean 'a-propos'?)"),
    ({"content/translations/en/sources/scr.yaml": "notes: Notes.\n"},
     "content/translations/en/sources/scr.yaml:1:1: source 'scr': the original has no such source "
     "(did you mean 'src'?)"),
    ({"content/translations/en/site.yaml": "figures:\n  troupes:\n    label: L\n    counts: C\n    unit: U\n"},
     "content/translations/en/site.yaml:2:3: figure 'troupes': the original has no such figure"),
    ({"site.yaml": SITE.replace("  en:", "  fr:"), "content/translations/en/sheets/s.yaml": None},
     "site.yaml:6:3: 'fr' is the site's own language: an edition translates the site into another"),
])
def test_an_id_the_original_lacks_is_an_error(tmp_path: Path, cli, files: dict[str, str | None],
                                              message: str) -> None:
    root = project(tmp_path, {"content/translations/en/sheets/s.yaml": TRANSLATED, **files})
    run = cli("check", "--root", str(root))
    assert run.code == 1
    # One mistake, one problem: a misspelt id is not also a missing translation.
    assert run.err == message + "\n", run.err


def test_translations_of_an_undeclared_edition_is_a_usage_error(tmp_path: Path, cli) -> None:
    run = cli("translations", "de", "--root", str(project(tmp_path, {})))
    assert run.code == 2
    assert run.err == "build.py: error: no edition 'de' (declared under translations: in site.yaml: en)\n"


def test_an_untranslated_figure_is_a_warning_without_a_fingerprint(tmp_path: Path, cli) -> None:
    """A figure's translation has no `of` (docs/content-format.md): the warning gives none to copy."""
    figures = "figures:\n  troupes:\n    label: Troupes\n    counts: Les soldats\n    unit: soldats\n"
    root = project(tmp_path, {"site.yaml": SITE + figures})
    run = cli("check", "--root", str(root))
    assert run.code == 0
    assert "content/translations/en/site.yaml:1:1: warning: figure 'troupes' is not translated into en\n" in run.err
    assert "figure 'troupes'  (no of: to give)" in cli("translations", "en", "--root", str(root)).out

"""The interface in the site's language: catalogs (the engine's and a project's), CLDR dates
and numbers, a language without a catalog."""

from __future__ import annotations

from pathlib import Path

from conftest import write_project
from htmlcheck import parse

import explainer


def catalog(language: str, messages: dict[str, str]) -> str:
    """A small .po file: each msgid with its msgstr."""
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    return header + "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in messages.items())


def test_a_project_catalog_overrides_one_engine_message(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {
        "locale/fr/LC_MESSAGES/messages.po": catalog("fr", {"Permanent link": "Lien vers ce fait"})})
    assert explainer.build(root, tmp_path / "out").ok
    page = parse(tmp_path / "out/s/index.html")
    assert "Lien vers ce fait" in page.text and "Lien permanent" not in page.text  # the project's message wins
    # The engine's messages fill the rest (the text with its white space, no-break ones too, folded).
    assert "Mise à jour : 7 novembre 2024" in page.text and "Lire les statuts" in page.text


def test_an_edited_catalog_reaches_the_pages_of_the_next_build(tmp_path: Path) -> None:
    """Catalogs are inputs like templates: a one-shot build with its caches and a live
    preview's session both render again with the new words."""
    po = "locale/fr/LC_MESSAGES/messages.po"
    root = write_project(tmp_path / "p", {po: catalog("fr", {"Permanent link": "Lien vers ce fait"})})
    out = tmp_path / "out"
    assert explainer.build(root, out).ok
    (root / po).write_text(catalog("fr", {"Permanent link": "Adresse du fait"}), encoding="utf-8")
    result = explainer.build(root, out)
    assert result.ok and not result.unchanged
    assert "Adresse du fait" in parse(out / "s/index.html").text

    session = explainer.Session(root, tmp_path / "preview")
    assert session.build().ok
    (root / po).write_text(catalog("fr", {"Permanent link": "Lien durable"}), encoding="utf-8")
    assert session.build().ok
    assert "Lien durable" in parse(tmp_path / "preview/s/index.html").text

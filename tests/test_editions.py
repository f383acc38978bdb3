"""Editions: each translation published under <base_url><lang>/, linked to the original page by
page, kept up to date by the live preview and by one-shot builds alike."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, replace_in, tree_bytes, write_project
from htmlcheck import parse
from translated import SITE, TRANSLATED

from explainer.builder.pipeline import Session


def project(tmp_path: Path, **files: str) -> Path:
    return write_project(tmp_path / "p", {"site.yaml": SITE, "content/translations/en/sheets/s.yaml": TRANSLATED,
                                          **files})


def build_process(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), *extra],
                          capture_output=True, text=True, timeout=120)


def test_each_edition_is_a_whole_site_under_its_language(tmp_path: Path, cli) -> None:
    root = project(tmp_path)
    run = cli("build", "--root", str(root), "--no-search")
    assert run.code == 0, run.err
    site = root / "_site"
    every = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    english = {name.removeprefix("en/") for name in every if name.startswith("en/")}
    # the same pages, but the site-wide files (static files, robots.txt, sitemap.xml) once
    assert english == {name for name in every if not name.startswith("en/")} - {
        "robots.txt", "sitemap.xml", "style.css", "site.js", "favicon.svg", ".explainer-site"}
    page = parse(site / "en" / "s" / "index.html")
    assert page.find("html")[0]["lang"] == "en"
    text = (site / "en" / "s" / "index.html").read_text(encoding="utf-8")
    assert "A fact." in text and "Un fait." not in text
    assert '<blockquote' not in text  # quotes are on the source page, shown in French with our translation
    source = (site / "en" / "sources" / "src" / "index.html").read_text(encoding="utf-8")
    assert '<blockquote lang="fr">' in source and "an “immediate aid”" in source
    for name in ("s/index.html", "en/s/index.html"):
        alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">',
                                (site / name).read_text(encoding="utf-8"))
        assert alternates == [("fr", "https://example.org/t/s/"), ("en", "https://example.org/t/en/s/")]
    assert '<meta property="og:locale:alternate" content="en_US">' in (site / "s/index.html").read_text("utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/t/en/s/</loc>" in sitemap
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/t/en/s/"/>' in sitemap
    assert not (site / "en" / "sitemap.xml").exists()
    feed = (site / "en" / "flux.xml").read_text(encoding="utf-8")
    assert "https://example.org/t/en/s/" in feed
    data = json.loads((site / "en" / "data" / "claims.json").read_text(encoding="utf-8"))
    claim = data["claims"][0]
    assert (data["language"], claim["text"], claim["translation"]) == ("en", "A fact.", "current")
    assert claim["citations"][0]["quote_translation"] == "an “immediate aid”"


def test_the_preview_shows_a_changed_original_as_stale_in_the_other_edition(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session(root, tmp_path / "live", search=False)
    assert session.build().ok
    replace_in(root / "content" / "sheets" / "s.yaml", "Un fait.", "Un fait précis.")
    result = session.build(changed=frozenset({"content/sheets/s.yaml"}))
    assert result.ok and len(result.warnings) == 1 and "changed since it was translated into en" in \
        str(result.warnings[0])
    assert "en/s/" in session.rendered and "s/" in session.rendered
    english = (tmp_path / "live" / "en" / "s" / "index.html").read_text(encoding="utf-8")
    assert '<p class="translation-note">The original has changed since this translation. ' \
           '<a href="../../s/#c1" hreflang="fr">Read the original</a></p>' in english
    fresh = Session(root, tmp_path / "fresh", search=False)
    assert fresh.build().ok
    assert tree_bytes(tmp_path / "live") == tree_bytes(tmp_path / "fresh")


def test_a_translation_edit_touches_its_edition_only(tmp_path: Path) -> None:
    root = project(tmp_path)
    session = Session(root, tmp_path / "live", search=False)
    assert session.build().ok
    replace_in(root / "content" / "translations" / "en" / "sheets" / "s.yaml", "A fact.", "A plain fact.")
    assert session.build(changed=frozenset({"content/translations/en/sheets/s.yaml"})).ok
    assert session.rendered and all(url.startswith("en/") for url in session.rendered)
    assert "A plain fact." in (tmp_path / "live" / "en" / "s" / "index.html").read_text(encoding="utf-8")


def test_a_one_shot_build_after_an_edit_equals_a_build_from_scratch(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert build_process(root, "--no-search").returncode == 0
    for path, old, new in [
        (root / "content" / "translations" / "en" / "sheets" / "s.yaml", "A fact.", "A plain fact."),
        (root / "content" / "sheets" / "s.yaml", "Un fait.", "Un fait précis."),
        (root / "content" / "sources" / "src.yaml", "outlet: O", "outlet: Le Quotidien"),
    ]:
        replace_in(path, old, new)
        run = build_process(root, "--no-search")
        assert run.returncode == 0, run.stderr
        assert build_process(root, "--no-search", "--no-cache", "--out", str(tmp_path / "fresh")).returncode == 0
        assert tree_bytes(root / "_site") == tree_bytes(tmp_path / "fresh"), (path, new)


def test_an_untranslated_claim_shows_the_original_marked_with_its_language(tmp_path: Path) -> None:
    root = project(tmp_path, **{"content/translations/en/sheets/s.yaml": TRANSLATED.split("claims:")[0]})
    assert build_process(root, "--no-search").returncode == 0
    html = (root / "_site" / "en" / "s" / "index.html").read_text(encoding="utf-8")
    assert '<span class="text" lang="fr">Un fait.</span>' in html
    assert '<p class="translation-note">Not yet translated: shown in the original language.</p>' in html


def test_an_edition_in_a_language_without_a_catalog_builds_with_one_warning(tmp_path: Path, cli) -> None:
    root = project(tmp_path, **{"site.yaml": SITE.replace("  en:", "  de:")})
    (root / "content" / "translations" / "en").rename(root / "content" / "translations" / "de")
    run = cli("build", "--root", str(root), "--no-search")
    assert run.code == 0
    assert run.err.splitlines() == ["site.yaml:6:3: warning: no interface catalog for 'de': the interface is in "
                                    "English (dates and numbers in de)"]
    html = (root / "_site" / "de" / "s" / "index.html").read_text(encoding="utf-8")
    assert "Updated:" in html and "7. November 2024" in html
    check = cli("check", "--root", str(root))  # `check` says it too
    assert check.code == 0 and "site.yaml:6:3: warning: no interface catalog for 'de'" in check.err

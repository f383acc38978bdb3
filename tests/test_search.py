"""Search indexes what readers search: each claim its own result, on its anchor; sources and
free pages; never the views. An index whose indexed text did not change is kept."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT
from staticserver import StaticServer

import explainer
from explainer.builder import search
from explainer.builder.pipeline import Session

WORD = "Koursk"
# Words of the real site's views (their introductions), found in no sheet, source or page,
# nor any word of the same stem (Pagefind searches by stem: "contradictoires" finds "contradiction").
VIEW_WORDS = {"chiffres/": "proportionnelle"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fragments(index: Path) -> list[dict[str, Any]]:
    """Pagefind's fragment files, decoded: one per indexed page (url, content, meta, anchors)."""
    found = []
    for path in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return found


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site, built with its index and served under its base path /traite/."""
    folder = tmp_path_factory.mktemp("real")
    root = shutil.copytree(PROJECT, folder / "project", ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "_site", ".cache", ".git", "bench", "tests", "__pycache__"))
    result = explainer.build(root, folder / "served" / "traite")
    assert result.ok and not result.warnings, result.problems
    server = StaticServer(folder / "served")
    yield server.url + "traite/"
    server.stop()


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real site with its index cut into shards of four documents, served under /traite/."""
    folder = tmp_path_factory.mktemp("sharded")
    root = shutil.copytree(PROJECT, folder / "project", ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "_site", ".cache", ".git", "bench", "tests", "__pycache__"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_DOCUMENTS", 4)
        result = explainer.build(root, folder / "served" / "traite")
    assert result.ok and not result.warnings, result.problems
    server = StaticServer(folder / "served")
    yield server.url + "traite/", folder / "served" / "traite" / "pagefind"
    server.stop()


def claims_saying(word: str) -> set[str]:
    """The real claims whose text, quotes or notes say `word`."""
    site = Session(PROJECT, processes=1, stream=True).check().site
    assert site is not None
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    return {claim.id for claim in site.claims()
            if any(pattern.search(text or "") for text in (claim.text, *(c.quote for c in claim.citations),
                                                           *(c.note for c in claim.citations)))}


def search_results(page: Any, site: str, query: str) -> list[str]:
    page.goto(site + "recherche/?q=" + query)
    page.wait_for_function("() => document.getElementById('resultats-etat').textContent.includes('résultat')",
                           timeout=10_000)
    return list(page.locator("#resultats li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))


def test_koursk_lists_the_claims_that_say_it_each_opening_highlighted(browser, real_site: str) -> None:
    expected = claims_saying(WORD)
    assert len(expected) >= 3  # the real content says it in several claims
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        hrefs = search_results(page, real_site, WORD)
        claims = [href for href in hrefs if "#" in href and href.split("#")[1] in expected]
        assert {href.split("#")[1] for href in claims} == expected
        assert len(claims) == len(expected)  # each claim once, as its own result
        for href in claims:
            assert href.startswith("/traite/") and re.fullmatch(r"/traite/[\w-]+/#[\w-]+", href), href
        for href in claims:
            claim_id = href.split("#")[1]
            page.goto(search_results_url(real_site, WORD))
            page.locator(f'#resultats a[href="{href}"]').click()
            page.wait_for_url(f"**{href}")
            target = page.evaluate("() => { const t = document.querySelector(':target'); return t && "
                                   "[t.id, t.className, getComputedStyle(t).outlineStyle]; }")
            assert target is not None and target[0] == claim_id
            assert "claim" in target[1].split() and target[2] != "none"  # the claim, highlighted
    finally:
        context.close()


def search_results_url(site: str, query: str) -> str:
    return site + "recherche/?q=" + query


@pytest.mark.parametrize("view", sorted(VIEW_WORDS))
def test_a_word_found_only_on_a_view_gives_no_result(browser, real_site: str, view: str) -> None:
    word = VIEW_WORDS[view]
    content = " ".join(p.read_text(encoding="utf-8") for p in (PROJECT / "content").rglob("*") if p.is_file())
    assert word[:6].lower() not in content.lower()  # found in no sheet, source or page
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(real_site + view)
        assert word in page.locator("main").inner_text()  # but on the view
        assert search_results(page, real_site, word) == []
        assert "Aucun résultat" in page.locator("#resultats-etat").inner_text()
    finally:
        context.close()


def test_only_sheets_sources_and_free_pages_are_indexed(built_demo: Path) -> None:
    urls = sorted(fragment["url"] for fragment in fragments(built_demo / "pagefind"))
    assert urls == ["/a-propos/", "/sources/agence-b-2024-10/", "/sources/conseil-2024-11-06/",
                    "/sources/journal-a-2024-11-06/", "/traite/", "/troupes/"]
    troupes = next(f for f in fragments(built_demo / "pagefind") if f["url"] == "/troupes/")
    claims = [a["id"] for a in troupes["anchors"] if a["element"] == "h3"]
    assert "troupes-dementi" in claims  # each claim a heading with its anchor: its own sub-result
    assert next(a for a in troupes["anchors"] if a["id"] == "troupes-dementi")["text"] == \
        "Le gouvernement voisin nie tout déploiement."


def test_an_unchanged_indexed_text_keeps_the_index(demo: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[Path] = []
    start = search.Indexing._start

    def counted(self: search.Indexing, *args: Any) -> None:
        runs.append(self.bundle)
        start(self, *args)

    monkeypatch.setattr(search.Indexing, "_start", counted)
    out = tmp_path / "site"
    assert explainer.build(demo, out).ok and len(runs) == 1
    first = tree(out / "pagefind")
    sheet = demo / "content/sheets/troupes.yaml"
    # Not indexed: a claim's date. The pages change, the index is kept as it was.
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("date: 2024-11-06", "date: 2024-11-05", 1),
                     encoding="utf-8")
    result = explainer.build(demo, out)
    assert result.ok and not result.unchanged and len(runs) == 1
    assert tree(out / "pagefind") == first
    # Indexed: a claim's text. Pagefind runs and the new word is in the new index.
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("nie tout déploiement", "nie tout zorglub"),
                     encoding="utf-8")
    assert explainer.build(demo, out).ok and len(runs) == 2
    assert any("zorglub" in fragment["content"] for fragment in fragments(out / "pagefind"))
    assert not any("déploiement" in fragment["content"] for fragment in fragments(out / "pagefind"))


@pytest.mark.parametrize("damage", ["cache garbage", "cache truncated", "index file changed", "index missing"])
def test_a_damaged_record_or_index_means_indexing_again(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         damage: str) -> None:
    runs: list[Path] = []
    start = search.Indexing._start
    monkeypatch.setattr(search.Indexing, "_start", lambda self, *args: (runs.append(self.bundle), start(self, *args)))
    out = tmp_path / "site"
    assert explainer.build(demo, out).ok
    first = tree(out / "pagefind")
    record = search.cache_file(demo)
    if damage == "cache garbage":
        record.write_bytes(b"\x00garbage")
    elif damage == "cache truncated":
        record.write_bytes(record.read_bytes()[:40])
    elif damage == "index file changed":
        next((out / "pagefind" / "fragment").iterdir()).write_bytes(b"damaged")
    else:
        shutil.rmtree(out / "pagefind")
    sheet = demo / "content/sheets/troupes.yaml"  # a change to the pages, not to the indexed text
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("date: 2024-11-06", "date: 2024-11-05", 1),
                     encoding="utf-8")
    assert explainer.build(demo, out).ok and len(runs) == 2
    assert tree(out / "pagefind") == first  # made again, the same


def test_no_cache_never_reads_nor_writes_the_search_record(demo: Path, tmp_path: Path) -> None:
    assert explainer.build(demo, tmp_path / "site", use_cache=False).ok
    assert not search.cache_file(demo).exists()
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()


def indexed_urls(index: Path) -> list[str]:
    return sorted(fragment["url"] for fragment in fragments(index))


def test_a_large_index_comes_in_shards_and_an_edit_reindexes_only_its_shard(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_DOCUMENTS", 2)  # the demo's five documents: three shards
    made: list[list[str]] = []
    start = search.Indexing._start

    def counted(self: search.Indexing, shards: list[search.Shard], *args: Any) -> None:
        made.append([shard.folder for shard in shards])
        start(self, shards, *args)

    monkeypatch.setattr(search.Indexing, "_start", counted)
    out = tmp_path / "site"
    assert explainer.build(demo, out).ok
    index = out / "pagefind"
    listed = json.loads((index / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(made) == 1 and len(made[0]) == 3 and listed == [f"{folder}/" for folder in made[0][1:]]
    by_shard = {folder: indexed_urls(index / folder) for folder in ["", *listed]}
    assert all(by_shard.values())  # no empty shard
    assert sorted(url for urls in by_shard.values() for url in urls) == \
        ["/a-propos/", "/sources/agence-b-2024-10/", "/sources/conseil-2024-11-06/", "/sources/journal-a-2024-11-06/",
         "/traite/", "/troupes/"]
    for folder in listed:  # a merged shard holds its index, not a second copy of the scripts
        names = {path.name for path in (index / folder).iterdir()}
        assert "pagefind-entry.json" in names and not any(name.endswith(".js") for name in names)
    before = tree(index)

    sheet = demo / "content/sheets/troupes.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("nie tout déploiement", "nie tout zorglub"),
                     encoding="utf-8")
    assert explainer.build(demo, out).ok
    troupes = next(folder for folder, urls in by_shard.items() if "/troupes/" in urls)
    assert made[1] == [troupes]  # only the edited sheet's shard is indexed again
    after = tree(index)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    prefix = f"{troupes}/" if troupes else ""
    assert changed and all(name.startswith(prefix) or name == "shards.json" if prefix else
                           not name.startswith("shards/") for name in changed), changed
    assert any("zorglub" in f["content"] for f in fragments(index / troupes))
    # The same documents in a new process: the same bytes as a full index made afresh.
    assert explainer.build(demo, tmp_path / "fresh", use_cache=False).ok
    assert tree(tmp_path / "fresh" / "pagefind") == after


def test_a_search_over_shards_finds_what_one_index_finds(browser, real_site: str,
                                                         sharded_site: tuple[str, Path]) -> None:
    url, index = sharded_site
    listed = json.loads((index / "shards.json").read_text(encoding="utf-8"))["shards"]
    shard_of = {f["url"]: folder for folder in ["", *listed] for f in fragments(index / folder)}
    context = browser.new_context()
    try:
        page = context.new_page()
        whole = search_results(page, real_site, WORD)
        sharded = search_results(page, url, WORD)
        assert len(whole) >= 3 and sorted(sharded) == sorted(whole)
        # The results come from several shards, merged by the search page.
        assert len({shard_of[href.removeprefix("/traite").split("#")[0]] for href in sharded}) >= 2
    finally:
        context.close()


def test_a_damaged_shard_is_indexed_again_alone(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_DOCUMENTS", 2)
    made: list[list[str]] = []
    start = search.Indexing._start
    monkeypatch.setattr(search.Indexing, "_start", lambda self, shards, *args: (
        made.append([s.folder for s in shards]), start(self, shards, *args)))
    out = tmp_path / "site"
    assert explainer.build(demo, out).ok
    first = tree(out / "pagefind")
    next((out / "pagefind" / "shards" / "1" / "fragment").iterdir()).write_bytes(b"damaged")
    sheet = demo / "content/sheets/troupes.yaml"  # a change to the pages, not to the indexed text
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("date: 2024-11-06", "date: 2024-11-05", 1),
                     encoding="utf-8")
    assert explainer.build(demo, out).ok
    assert made[1:] == [["shards/1"]]
    assert tree(out / "pagefind") == first  # made again, the same


def test_the_preview_reindexes_only_the_shard_whose_documents_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from explainer.site.searchdocs import SearchDocument

    monkeypatch.setattr(search, "SHARD_DOCUMENTS", 2)
    made: list[list[str]] = []
    start = search.Indexing._start
    monkeypatch.setattr(search.Indexing, "_start", lambda self, shards, *args: (
        made.append([s.folder for s in shards]), start(self, shards, *args)))
    docs = [SearchDocument(f"/page-{n}/", f'<html lang="fr"><body><h1>Page {n}</h1><p>mot{n}</p></body></html>')
            for n in range(6)]
    out = tmp_path / "live"
    out.mkdir()
    problem, record = search.index_search(out, docs)
    assert problem is None and record is not None and len(made[0]) == 3
    edited = [*docs[:5], SearchDocument("/page-5/", docs[5].html.replace("mot5", "zorglub"))]
    problem, record = search.index_search(out, edited, record=record)
    shard = next(s.folder for s in search.shards(edited) if any(d.url == "/page-5/" for d in s.docs))
    assert problem is None and made[1] == [shard]
    assert sorted(f["url"] for f in fragments(out / "pagefind" / shard) if "zorglub" in f["content"]) == ["/page-5/"]
    assert not list(out.glob(".pagefind*"))  # nothing left beside the index


def test_pagefind_binary_path_names_the_pagefind_to_run(cli, demo: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The variable Pagefind's own wrappers read: a system Pagefind, or none that runs."""
    calls = tmp_path / "calls"
    wrapper = tmp_path / "my-pagefind"
    wrapper.write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\nexec {search.pagefind_executable()} \"$@\"\n",
                       encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    run = cli("build", "--root", str(demo), "--no-cache")
    assert run.code == 0 and "warning" not in run.err
    assert "--site" in calls.read_text(encoding="utf-8")
    assert (demo / "_site/pagefind/pagefind.js").is_file()
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "my-pagefind")  # a name, looked up in PATH
    calls.unlink()
    assert cli("build", "--root", str(demo), "--no-cache").code == 0 and calls.is_file()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere"))
    run = cli("build", "--root", str(demo), "--no-cache")
    assert f"warning: search index not built: PAGEFIND_BINARY_PATH is '{tmp_path / 'nowhere'}', which is not " \
           "an executable file" in run.err
    assert not (demo / "_site/pagefind").exists()

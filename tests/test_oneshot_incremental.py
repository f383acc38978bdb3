"""The command line's build reuses the previous build's pages: same bytes as a build without cache.

Each build here runs in a new process (`build.py build`), as a reader of the README runs
it: nothing is shared with the previous build but the output folder and the files under
.cache/explainer/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, tree_bytes
from test_incremental import EDITS, claim_edit, static_added

from explainer.builder.buildcache import fragments_file, manifest_path
from explainer.builder.diskcache import cache_file


def new_process_build(root: Path, out: Path, *extra: str) -> str:
    run = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), "--out", str(out),
                          *extra], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    return run.stdout


def fresh(root: Path, out: Path) -> dict[str, bytes]:
    new_process_build(root, out, "--no-cache")
    return tree_bytes(out)


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("name", EDITS)
def test_a_new_process_after_an_edit_equals_a_build_without_cache(demo: Path, tmp_path: Path, name: str) -> None:
    new_process_build(demo, tmp_path / "site")
    EDITS[name](demo)
    new_process_build(demo, tmp_path / "site")
    assert tree_bytes(tmp_path / "site") == fresh(demo, tmp_path / "fresh")


def test_every_edit_in_a_row_each_built_by_a_new_process(demo: Path, tmp_path: Path) -> None:
    new_process_build(demo, tmp_path / "site")
    for apply in EDITS.values():
        apply(demo)
        new_process_build(demo, tmp_path / "site")
    assert tree_bytes(tmp_path / "site") == fresh(demo, tmp_path / "fresh")


def test_a_claim_edit_writes_only_the_pages_that_show_it(demo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    new_process_build(demo, site)
    before = inodes(site)
    claim_edit(demo)
    new_process_build(demo, site)
    after = inodes(site)
    written = sorted(name for name in after if before.get(name) != after[name] and not name.startswith("pagefind/"))
    static = {"favicon.svg", "site.js", "style.css", ".explainer-site"}  # copied by every build
    # The same pages as the live preview re-renders (test_incremental.py), and nothing else:
    assert sorted(set(written) - static) == sorted([
        "acteurs/index.html", "chronologie/index.html", "corrections/index.html", "data/claims.csv",
        "data/claims.json", "desaccords/index.html", "sources/conseil-2024-11-06/index.html",
        "sources/journal-a-2024-11-06/index.html", "traite/index.html"])
    # The search index follows the edit:
    assert any(name.startswith("pagefind/") and before.get(name) != after[name] for name in after)


def test_a_change_of_no_page_keeps_the_pages(demo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    static_added(demo)
    new_process_build(demo, site)
    before = inodes(site)
    (demo / "static" / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    new_process_build(demo, site)
    after = inodes(site)
    # (The search index, unchanged, is copied: see search.py.)
    assert sorted(name for name in after if before.get(name) != after[name] and not name.startswith("pagefind/")) \
        == [".explainer-site", "favicon.svg", "robots.txt", "site.js", "style.css"]
    assert tree_bytes(site) == fresh(demo, tmp_path / "fresh")


def damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def damage_foreign_manifest(path: Path) -> None:
    """A manifest of another engine: its page keys mean something else."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["variant"] = "another engine"
    manifest["pages"] = dict.fromkeys(manifest["pages"], "0" * 32)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def damage_lying_manifest(path: Path) -> None:
    """Every page recorded with the key it will have after the edit: not trusted, as the
    output files are not as the manifest recorded them."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["output"] = {name: [0, 0, 0] for name in manifest["output"]}
    path.write_text(json.dumps(manifest), encoding="utf-8")


def damage_data_parts(path: Path) -> None:
    """The open data's parts recorded one byte off: not where the record says, made again."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["data_parts"]
    manifest["data_parts"] = {key: [n + 1 for n in place] for key, place in manifest["data_parts"].items()}
    path.write_text(json.dumps(manifest), encoding="utf-8")


DAMAGES = {
    "manifest truncated": (manifest_path, damage_truncate),
    "manifest garbage": (manifest_path, damage_garbage),
    "manifest foreign": (manifest_path, damage_foreign_manifest),
    "manifest not matching the output": (manifest_path, damage_lying_manifest),
    "open data parts misplaced": (manifest_path, damage_data_parts),
    "parse cache truncated": (cache_file, damage_truncate),
    "parse cache garbage": (cache_file, damage_garbage),
    "fragments truncated": (fragments_file, damage_truncate),
    "fragments garbage": (fragments_file, damage_garbage),
}


@pytest.mark.parametrize("name", DAMAGES)
def test_a_damaged_cache_gives_a_full_correct_build(demo: Path, tmp_path: Path, name: str) -> None:
    where, damage = DAMAGES[name]
    site = tmp_path / "site"
    new_process_build(demo, site)
    damage(where(demo))
    claim_edit(demo)
    new_process_build(demo, site)
    assert tree_bytes(site) == fresh(demo, tmp_path / "fresh")
    new_process_build(demo, site)  # and the cache written anew serves again
    assert tree_bytes(site) == tree_bytes(tmp_path / "fresh")


def test_the_views_reuse_the_claims_entries_of_the_previous_build(demo: Path, tmp_path: Path) -> None:
    """A new process renders a view again with the entries of the claims that did not change
    taken from the previous build (fragments.py): the same bytes as rendering them all."""
    from explainer.builder.oneshot import load_stored

    site = tmp_path / "site"
    new_process_build(demo, site)
    first = load_stored(fragments_file(demo))
    assert len(first) >= 5  # one entry per claim shown in a view
    claim_edit(demo)
    new_process_build(demo, site)
    second = load_stored(fragments_file(demo))
    # New entries for the claims of the edited sheet (a claim's token is its sheet file's)
    # and for the inexact claim whose right version was edited; the others are reused:
    assert 0 < len(set(second) - set(first)) < len(first)
    assert tree_bytes(site) == fresh(demo, tmp_path / "fresh")


def test_an_output_file_changed_by_hand_is_made_again(demo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    new_process_build(demo, site)
    (site / "troupes/index.html").write_bytes(b"vandalised")
    claim_edit(demo)
    new_process_build(demo, site)
    assert tree_bytes(site) == fresh(demo, tmp_path / "fresh")


def test_the_previous_site_is_never_written_into(demo: Path, tmp_path: Path) -> None:
    """Pages kept by a hard link are shared by the old and new site: a reader of the old one
    (or a copy of it) never sees a byte change."""
    site = tmp_path / "site"
    new_process_build(demo, site)
    old = tmp_path / "old"
    os.link(site / "traite/index.html", old)  # a reader holding the old page
    kept = old.read_bytes()
    claim_edit(demo)
    new_process_build(demo, site)
    assert old.read_bytes() == kept
    assert (site / "traite/index.html").read_bytes() != kept


def test_an_edit_serialises_only_the_edited_sheets_part_of_the_open_data(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import explainer
    from explainer.site import opendata

    made: list[tuple[str, bool]] = []
    sheet_part = opendata.sheet_part

    def counted(site: object, sheet: Any, groups: Any, csv_part: bool, labels: Any) -> bytes:
        made.append((sheet.id, csv_part))
        return sheet_part(site, sheet, groups, csv_part, labels)  # type: ignore[arg-type]

    monkeypatch.setattr(opendata, "sheet_part", counted)
    out = tmp_path / "site"
    assert explainer.build(demo, out).ok
    sheets = {sheet for sheet, _ in made}
    assert len(sheets) > 1 and len(made) == 2 * len(sheets)  # a first build: every part, once per file
    made.clear()
    claim_edit(demo)
    assert explainer.build(demo, out).ok
    assert sorted(made) == [("traite", False), ("traite", True)]  # the edited sheet's, in each file
    assert tree_bytes(out) == fresh(demo, tmp_path / "fresh")

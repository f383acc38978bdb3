"""A second build with nothing changed does nothing; any doubt about the cache means a full build."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import tree_bytes

from explainer.builder.buildcache import compiled_templates, fragments_file, manifest_path


def build(cli, root: Path, *extra: str):
    return cli("build", "--root", str(root), *extra)


def test_nothing_changed_means_nothing_to_do(demo: Path, cli) -> None:
    first = build(cli, demo)
    before = tree_bytes(demo / "_site")
    second = build(cli, demo)
    assert second.code == 0 and "(unchanged since the last build)" in second.out
    assert "21 pages, 8 claims, 3 sources, 0 warnings" in second.out
    assert tree_bytes(demo / "_site") == before
    assert "unchanged" not in first.out


def test_warnings_of_the_skipped_build_are_printed_again(project: Path, cli) -> None:
    sheet = project / "content/sheets/s.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace('            quote: "une \\"aide immédiate\\""\n', ""),
                     encoding="utf-8")
    source = project / "content/sources/src.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("archive: src.txt\n", ""), encoding="utf-8")
    first, second = build(cli, project), build(cli, project)
    assert "warning: source 'src' has no archive" in first.err
    assert second.err == first.err and "unchanged" in second.out


def test_an_edit_rebuilds_in_full_and_matches_a_build_without_cache(demo: Path, cli, tmp_path: Path) -> None:
    build(cli, demo)
    sheet = demo / "content/sheets/traite.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("sans aucune voix contre", "à l’unanimité"),
                     encoding="utf-8")
    again = build(cli, demo)
    assert "unchanged" not in again.out
    assert build(cli, demo, "--no-cache", "--out", str(tmp_path / "fresh")).code == 0
    assert tree_bytes(demo / "_site") == tree_bytes(tmp_path / "fresh")


def test_a_truncated_manifest_is_ignored(demo: Path, cli) -> None:
    build(cli, demo)
    path = manifest_path(demo)
    path.write_bytes(path.read_bytes()[:40])
    again = build(cli, demo)
    assert again.code == 0 and "unchanged" not in again.out
    assert "unchanged" in build(cli, demo).out  # the manifest was written anew


def test_a_manifest_from_another_engine_or_format_is_ignored(demo: Path, cli) -> None:
    build(cli, demo)
    path = manifest_path(demo)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["inputs"] = "0" * 64  # what an older engine (other code, same content) would have hashed
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert "unchanged" not in build(cli, demo).out
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format"] = 0
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert "unchanged" not in build(cli, demo).out


def test_a_touched_output_file_is_rebuilt(demo: Path, cli) -> None:
    build(cli, demo)
    page = demo / "_site/traite/index.html"
    good = page.read_bytes()
    page.write_bytes(b"vandalised")
    again = build(cli, demo)
    assert "unchanged" not in again.out
    assert page.read_bytes() == good


def test_compiled_templates_are_kept_and_a_corrupt_one_is_compiled_again(demo: Path, cli, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert cli("build", "--root", str(demo), "--out", str(reference)).code == 0
    compiled = sorted(compiled_templates(demo).glob("*.cache"))
    assert len(compiled) >= 10  # one per template the build used
    for number, path in enumerate(compiled):  # truncated, emptied, or garbage of the right length
        data = path.read_bytes()
        path.write_bytes([data[:len(data) // 2], b"", bytes(len(data))][number % 3])
    # The views' entries kept across builds would spare _claim_ref.html from being loaded at
    # all (its corrupt file then stays as it is, harmlessly): without them, every template is.
    fragments_file(demo).unlink()
    out = tmp_path / "out"
    run = cli("build", "--root", str(demo), "--out", str(out))  # another output: every page is made
    assert run.code == 0 and "Traceback" not in run.err
    assert tree_bytes(out) == tree_bytes(reference)
    assert all(path.stat().st_size > 100 for path in compiled)  # written anew

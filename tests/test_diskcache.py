"""Files parsed and quotes checked by one build, reused by the next from ROOT/.cache: never
trusted over the files themselves, and never a different byte of output."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import build, tree_bytes
from contentgen import big_project

from explainer.builder import diskcache
from explainer.builder.diskcache import cache_file
from explainer.builder.pipeline import Session
from explainer.builder.result import Result


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return big_project(tmp_path / "p", sheets=6, claims=6, sources=5)


def one_shot(root: Path, out: Path, cache: bool = True) -> tuple[Result, Session]:
    """A build as the command line runs it (in one process here), with the cache on disk."""
    session = Session(root, out, search=False, processes=1, stream=True, disk_cache=cache)
    return session.build(), session


def fresh(root: Path, out: Path) -> dict[str, bytes]:
    """The output of a build that neither reads nor writes the cache."""
    result, _ = one_shot(root, out, cache=False)
    assert result.ok, result.problems
    return tree_bytes(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_second_build_reuses_every_file_and_writes_the_same_bytes(root: Path, tmp_path: Path) -> None:
    first, session = one_shot(root, tmp_path / "a")
    assert first.ok and session.files.disk is not None and session.files.disk.reused == 0
    assert cache_file(root).is_file()
    second, session = one_shot(root, tmp_path / "b")
    assert second.ok
    assert session.files.disk is not None and session.files.disk.reused == 6 + 5 + 2 + 1  # sheets, sources, pages, site
    assert session.files.reparsed == []
    assert tree_bytes(tmp_path / "b") == tree_bytes(tmp_path / "a") == fresh(root, tmp_path / "c")


def test_an_edited_sheet_is_parsed_again_and_shows(root: Path, tmp_path: Path) -> None:
    one_shot(root, tmp_path / "a")
    sheet = root / "content/sheets/fiche-002.yaml"
    edit(sheet, 'text: "', 'text: "Nouveau : ')
    result, session = one_shot(root, tmp_path / "b")
    assert result.ok and session.files.reparsed == ["content/sheets/fiche-002.yaml"]
    assert "Nouveau" in (tmp_path / "b/fiche-002/index.html").read_text(encoding="utf-8")
    assert tree_bytes(tmp_path / "b") == fresh(root, tmp_path / "c")


def test_an_archive_edited_under_a_quote_fails_the_next_build(root: Path, tmp_path: Path) -> None:
    """The quote checks of a sheet are reused only while the sources it cites are the same bytes."""
    one_shot(root, tmp_path / "a")
    sheet = (root / "content/sheets/fiche-001.yaml").read_text(encoding="utf-8")
    source = sheet.split("- source: ", 1)[1].split("\n", 1)[0]
    quote = sheet.split("quote: ", 1)[1].split("\n", 1)[0].strip('"')
    edit(root / f"content/sources/{source}.txt", quote.split(" ")[1], "REMPLACÉ")
    result, session = one_shot(root, tmp_path / "b")
    assert f"content/sources/{source}.yaml" in session.files.reparsed
    assert any("is not in the archive" in p.message and p.location.path == "content/sheets/fiche-001.yaml"
               for p in result.errors), result.problems


def test_a_file_with_problems_is_not_kept_and_its_problems_come_back(root: Path, tmp_path: Path) -> None:
    edit(root / "content/sheets/fiche-003.yaml", "status: ", "status: peut-être-")
    first, _ = one_shot(root, tmp_path / "a")
    second, session = one_shot(root, tmp_path / "b")
    assert not first.ok and [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert "content/sheets/fiche-003.yaml" in session.files.reparsed


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "older engine", "other format", "bad entry"])
def test_a_damaged_or_stale_cache_is_ignored_and_written_anew(root: Path, tmp_path: Path, damage: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    one_shot(root, tmp_path / "a")
    path = cache_file(root)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x80\x05not a pickle at all" * 10)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "older engine":  # what the same content, parsed by other engine code, left
        with open(path, "rb") as file:
            pickle.load(file)
            rest = file.read()
        path.write_bytes(pickle.dumps("0" * 32) + rest)
    elif damage == "other format":
        monkeypatch.setattr(diskcache, "FORMAT", diskcache.FORMAT + 1)
    else:  # a sheet's entry whose result cannot be read back
        with open(path, "rb") as file:
            key, (entries, checks) = pickle.load(file), pickle.load(file)
        name = "content/sheets/fiche-000.yaml"
        entries[name] = diskcache.Entry(entries[name].inputs, b"\x80\x05broken")
        path.write_bytes(pickle.dumps(key) + pickle.dumps((entries, checks)))
    result, session = one_shot(root, tmp_path / "b")
    assert result.ok
    assert tree_bytes(tmp_path / "b") == fresh(root, tmp_path / "c")
    expected = ["content/sheets/fiche-000.yaml"] if damage == "bad entry" else session.files.reparsed
    assert session.files.reparsed == expected and len(expected) >= 1
    _, session = one_shot(root, tmp_path / "d")  # the cache was written anew
    assert session.files.reparsed == []


def test_no_cache_neither_reads_nor_writes_it(root: Path, tmp_path: Path, cli) -> None:
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "a"), "--no-cache", "--no-search").code == 0
    assert not cache_file(root).exists()
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "b"), "--no-search").code == 0
    assert cache_file(root).is_file()
    cache_file(root).write_bytes(b"")
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "c"), "--no-cache", "--no-search").code == 0
    assert cache_file(root).read_bytes() == b""
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b") == tree_bytes(tmp_path / "c")


def test_check_reads_the_cache_but_writes_nothing(root: Path, tmp_path: Path, cli) -> None:
    edit(root / "content/sheets/fiche-004.yaml", 'quote: "', 'quote: "pas dans l’article ')
    assert cli("check", "--root", str(root)).code == 1
    assert not cache_file(root).exists()
    assert cli("build", "--root", str(root), "--out", str(tmp_path / "a"), "--no-search").code == 1
    before = cache_file(root).read_bytes()
    run = cli("check", "--root", str(root))
    assert run.code == 1 and "content/sheets/fiche-004.yaml:" in run.err and "is not in the archive" in run.err
    assert cache_file(root).read_bytes() == before


def test_a_link_is_never_taken_from_the_cache(root: Path, tmp_path: Path) -> None:
    """Whether a link is allowed depends on where it points, not on bytes."""
    one_shot(root, tmp_path / "a")
    outside = tmp_path / "outside.yaml"
    sheet = root / "content/sheets/fiche-005.yaml"
    outside.write_bytes(sheet.read_bytes())
    sheet.unlink()
    sheet.symlink_to(outside)
    result, _ = one_shot(root, tmp_path / "b")
    assert any(p.location.path == "content/sheets/fiche-005.yaml" and "outside the project" in p.message
               for p in result.errors), result.problems


def test_no_cache_makes_no_cache_folder(demo: Path, tmp_path: Path) -> None:
    """`--no-cache` makes nothing under ROOT/.cache, compiled templates included: a cold
    build after it is as cold as the first."""
    assert build.main(["build", "--root", str(demo), "--out", str(tmp_path / "site"), "--no-cache"]) == 0
    assert not (demo / ".cache").exists()

"""Content mistakes: each gives `path:line:column: message`, exit 1, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BASE, tree_bytes, write_project

SHEET = BASE["content/sheets/s.yaml"]


def sheet_with(old: str, new: str) -> dict[str, str]:
    assert old in SHEET, old
    return {"content/sheets/s.yaml": SHEET.replace(old, new, 1)}


CASES = [
    pytest.param(sheet_with("title: S\n", "titel: S\n"),
                 "content/sheets/s.yaml:1:1: unknown key 'titel' (did you mean 'title'?)", id="unknown-key"),
    pytest.param(sheet_with("summary: Résumé.\n", "summary: Résumé.\ntitle: Encore\n"),
                 "content/sheets/s.yaml:3:1: duplicate key 'title' (first at line 1)", id="duplicate-key"),
    pytest.param(sheet_with("        status: confirmed\n", "        status: confirmed\n        status: reported\n"),
                 "content/sheets/s.yaml:11:9: duplicate key 'status' (first at line 10)", id="duplicate-nested-key"),
    pytest.param({"content/sheets/Bad_Sheet.yaml": SHEET.replace("c1", "c2")},
                 "content/sheets/Bad_Sheet.yaml:1:1: invalid id 'Bad_Sheet'", id="bad-file-id"),
    pytest.param(sheet_with("id: c1", "id: Claim_1"),
                 "content/sheets/s.yaml:8:13: invalid id 'Claim_1': use lowercase letters, digits and hyphens",
                 id="bad-claim-id"),
    pytest.param(sheet_with("updated: 2024-11-07", "updated: 2024-02-30"),
                 "content/sheets/s.yaml:3:10: '2024-02-30' is not a real date (day is out of range for month)",
                 id="impossible-date"),
    pytest.param(sheet_with("updated: 2024-11-07", "updated: hier"),
                 "content/sheets/s.yaml:3:10: expected a date (YYYY-MM-DD), got 'hier'", id="text-for-date"),
    pytest.param(sheet_with("title: S", "title: 1984"),
                 "content/sheets/s.yaml:1:8: expected text, got a number (put it in quotes)", id="number-for-text"),
    pytest.param(sheet_with("source: src", "source: scr"),
                 "content/sheets/s.yaml:12:21: unknown source 'scr' in claim 'c1' (did you mean 'src'?)",
                 id="unknown-source"),
    pytest.param({"content/sheets/t.yaml": SHEET.replace("id: a", "id: b")},
                 "content/sheets/t.yaml:8:13: duplicate claim id 'c1' (first at content/sheets/s.yaml:8:13)",
                 id="duplicate-claim-across-files"),
    pytest.param(sheet_with("        status: confirmed\n", "        status: confirmed\n        conflicts_with: [c11]\n"),
                 "content/sheets/s.yaml:11:26: conflicts_with names an unknown claim 'c11' (did you mean 'c1'?)",
                 id="dangling-conflict"),
    pytest.param(sheet_with("        status: confirmed\n", "        status: confirmed\n        conflicts_with: [c1]\n"),
                 "content/sheets/s.yaml:11:26: claim 'c1' cannot conflict with itself", id="self-conflict"),
    pytest.param({"content/sources/src.yaml": BASE["content/sources/src.yaml"] + "url: ftp://example.org/a\n"},
                 "content/sources/src.yaml:7:6: 'ftp://example.org/a' is not an http(s) URL", id="url-not-http"),
    pytest.param({"content/sources/src.yaml": BASE["content/sources/src.yaml"] + "url: javascript:alert(1)\n"},
                 "content/sources/src.yaml:7:6: 'javascript:alert(1)' is not an http(s) URL", id="url-javascript"),
    pytest.param(sheet_with("        status: confirmed\n", ""),
                 "content/sheets/s.yaml:8:9: missing required key 'status'", id="missing-key"),
    pytest.param(sheet_with("status: confirmed", "status: confirmd"),
                 "content/sheets/s.yaml:10:17: 'confirmd' is not one of confirmed | reported | disputed | denied"
                 " (did you mean 'confirmed'?)", id="bad-status"),
    pytest.param(sheet_with("    heading: H\n", "    heading: H\n    intro: [a, b]\n"),
                 "content/sheets/s.yaml:7:12: expected text, got a list", id="list-for-text"),
    pytest.param(sheet_with("        status: confirmed\n", "        status: confirmed\n        figure: [1, 2]\n"),
                 "content/sheets/s.yaml:11:17: expected a mapping, got a list", id="list-for-mapping"),
    pytest.param(sheet_with("sections:\n", "sections: {id: a}\nnotes:\n"),
                 "content/sheets/s.yaml:4:11: expected a list, got a mapping", id="mapping-for-list"),
    pytest.param({"content/sheets/s.yaml": "title: \"S\nsummary: x\n"},
                 "content/sheets/s.yaml:3:1: YAML syntax error: found unexpected end of stream", id="unclosed-quote"),
    pytest.param({"content/sheets/s.yaml": "title: S\n\tsummary: x\n"},
                 "content/sheets/s.yaml:2:1: YAML syntax error: found a tab character that violates indentation"
                 " (while scanning a plain scalar); indent with spaces, YAML does not allow tabs", id="tab-indent"),
    pytest.param({"content/sheets/s.yaml": "title: S\n  summary: x\n"},
                 "content/sheets/s.yaml:2:10: YAML syntax error: mapping values are not allowed in this context",
                 id="bad-indentation"),
    pytest.param({"content/sheets/s.yaml": ""}, "content/sheets/s.yaml:1:1: the file has no content", id="empty-file"),
    pytest.param({"content/sheets/s.yaml": "# only a comment\n"}, "content/sheets/s.yaml:1:1: the file has no content",
                 id="only-comment"),
    pytest.param(sheet_with("title: S", "title: !!python/object/apply:os.system [echo hi]"),
                 "content/sheets/s.yaml:1:8: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
                 id="python-tag"),
    pytest.param({"content/sheets/s.yaml": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"},
                 "content/sheets/s.yaml:1:4: YAML anchors and aliases (&name, *name) are not supported",
                 id="alias-bomb"),
    pytest.param({"content/sheets/s.yaml": b"title: S\nsummary: caf\xe9\n"},
                 "content/sheets/s.yaml:2:13: the file is not valid UTF-8 text", id="invalid-utf8"),
    pytest.param({"content/sheets/s.yaml": b"\x00\x01\x02binary"},
                 "content/sheets/s.yaml:1:1: the file is binary (it contains NUL bytes)", id="binary-file"),
    pytest.param(sheet_with("quote: \"une \\\"aide immédiate\\\"\"", "quote: \"une aide immédiate\""),
                 "content/sheets/s.yaml:13:20: quote is not in the archive of source 'src' (claim 'c1');"
                 " did you mean « une « aide immédiate » »?", id="quote-not-found"),
    pytest.param(sheet_with("quote: \"une \\\"aide immédiate\\\"\"", "quote: \"approuvé jeudi […] aide immédiate\""),
                 "content/sheets/s.yaml:13:20: fragment 2 of the quote is in the archive, but not after the previous"
                 " fragment of source 'src' (claim 'c1')", id="fragments-out-of-order"),
    pytest.param(sheet_with("            quote: \"une \\\"aide immédiate\\\"\"\n", ""),
                 "content/sheets/s.yaml:12:21: claim 'c1' cites 'src', which has an archive: add the quote it rests on",
                 id="missing-quote"),
    pytest.param({"content/sources/src.txt": None},
                 "content/sources/src.yaml:6:10: archive file not found: content/sources/src.txt",
                 id="archive-missing"),
    pytest.param({"content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("src.txt", "../../site.yaml")},
                 "content/sources/src.yaml:6:10: archive '../../site.yaml' must be a file name inside content/sources/",
                 id="archive-path-escapes"),
    pytest.param({"site.yaml": BASE["site.yaml"] + "nav: [s, sheet-x]\n"},
                 "site.yaml:5:10: nav names an unknown sheet 'sheet-x'", id="nav-unknown"),
    pytest.param({"site.yaml": BASE["site.yaml"].replace("https://example.org/t/", "https://example.org/t")},
                 "site.yaml:4:11: 'https://example.org/t' must end with '/'", id="base-url-slash"),
    pytest.param({"content/pages/sources.md": "---\ntitle: Sources\n---\nTexte.\n"},
                 "content/pages/sources.md:1:1: the page id 'sources' takes the URL /sources/ of a page of the site",
                 id="url-clash-reserved"),
    pytest.param({"content/pages/s.md": "---\ntitle: S\n---\nTexte.\n"},
                 "content/sheets/s.yaml:1:1: the sheet id 's' takes the URL /s/ of content/pages/s.md",
                 id="url-clash-page-sheet"),
    pytest.param({"content/pages/p.md": "---\ntitle: P\norder: first\n---\nTexte.\n"},
                 "content/pages/p.md:3:8: expected an integer, got text", id="page-front-matter"),
    pytest.param({"content/pages/p.md": "Pas de front matter.\n"},
                 "content/pages/p.md:1:1: missing front matter", id="page-no-front-matter"),
    pytest.param({"site.yaml": None}, "site.yaml:1:1: site.yaml is missing", id="no-site-yaml"),
]


@pytest.mark.parametrize("files, expected", CASES)
def test_mistake_is_reported_with_position_and_previous_site_kept(tmp_path: Path, cli, files, expected) -> None:
    root = write_project(tmp_path / "p")
    out = tmp_path / "out"
    assert cli("build", "--root", str(root), "--out", str(out)).code == 0
    before = tree_bytes(out)
    write_project(root, files)  # break the project
    for name, text in files.items():
        if text is None:
            (root / name).unlink()

    run = cli("build", "--root", str(root), "--out", str(out))

    assert run.code == 1, run.err
    assert any(line.startswith(expected) for line in run.err.splitlines()), run.err
    assert "Traceback" not in run.err
    assert tree_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_all_problems_are_reported_in_one_run(project: Path, cli) -> None:
    write_project(project, {
        "content/sheets/s.yaml": SHEET.replace("title: S", "titel: S").replace("source: src", "source: nope"),
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("kind: news", "kind: gazette"),
    })
    run = cli("check", "--root", str(project))
    assert run.code == 1
    lines = run.err.splitlines()
    assert lines == sorted(lines)
    assert any(line.startswith("content/sheets/s.yaml:1:1: unknown key 'titel'") for line in lines)
    assert any(line.startswith("content/sources/src.yaml:5:7: 'gazette' is not one of") for line in lines)
    assert any("missing required key 'title'" in line for line in lines)


def test_citation_of_source_without_archive_is_a_warning(project: Path, cli) -> None:
    write_project(project, {
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("archive: src.txt\n", ""),
        "content/sheets/s.yaml": SHEET.replace("            quote: \"une \\\"aide immédiate\\\"\"\n", ""),
    })
    run = cli("build", "--root", str(project), "--out", str(project / "_site"))
    assert run.code == 0
    assert ("content/sheets/s.yaml:12:21: warning: source 'src' has no archive, so this citation in claim 'c1'"
            " cannot be verified") in run.err
    assert "1 warnings" in run.out


def test_link_outside_the_project_is_refused(tmp_path: Path, cli) -> None:
    root = write_project(tmp_path / "p")
    secret = tmp_path / "secret.txt"
    secret.write_text("Le traité prévoit une « aide immédiate » en cas d’attaque.", encoding="utf-8")
    (root / "content/sources/src.txt").unlink()
    (root / "content/sources/src.txt").symlink_to(secret)
    run = cli("check", "--root", str(root))
    assert run.code == 1
    assert "content/sources/src.txt:1:1: the file is a link to outside the project" in run.err


def test_huge_file_is_refused(project: Path, cli) -> None:
    (project / "content/sheets/s.yaml").write_text("title: S\n" + "# padding\n" * 600_000, encoding="utf-8")
    run = cli("check", "--root", str(project))
    assert run.code == 1
    assert "content/sheets/s.yaml:1:1: the file is too large" in run.err


@pytest.mark.parametrize("encoding", ["bom", "crlf"])
def test_bom_and_crlf_are_accepted(project: Path, cli, encoding: str) -> None:
    path = project / "content/sheets/s.yaml"
    data = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + data if encoding == "bom" else data.replace(b"\n", b"\r\n"))
    assert cli("check", "--root", str(project)).code == 0

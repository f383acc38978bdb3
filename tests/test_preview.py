"""The live preview over HTTP: rebuild on save, errors in the page, no stale or stray files."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import replace_in
from previewserver import PreviewServer

from explainer.builder.search import pagefind_executable

SHEET = "content/sheets/traite.yaml"


def test_pages_carry_the_reload_script_and_are_never_cached(server: PreviewServer) -> None:
    status, headers, body = server.get("/traite/")
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert '<script src="/livereload.js?port=' in body and body.index("livereload.js") < body.index("</head>")
    assert server.get("/livereload.js")[0] == 200
    assert server.get("/nowhere/")[0] == 404 and "Page introuvable" in server.get("/nowhere/")[2]


def test_a_save_rebuilds_and_is_reported_in_the_terminal(server: PreviewServer, demo: Path) -> None:
    replace_in(demo / SHEET, "sans aucune voix contre", "sans la moindre opposition")
    server.wait_for(lambda: server.page_has("/traite/", "sans la moindre opposition"), "the new text")
    rebuild = [line for line in server.lines if "content/sheets/traite.yaml:" in line and "re-rendered" in line]
    assert rebuild and "reparsed 1 file," in rebuild[-1] and " ms" in rebuild[-1]


def test_a_mistake_shows_in_every_page_and_a_fix_removes_it(server: PreviewServer, demo: Path) -> None:
    replace_in(demo / SHEET, "status: confirmed", "status: <b>sure</b>")
    server.wait_for(lambda: server.page_has("/troupes/", "preview-errors"), "the overlay")
    body = server.get("/troupes/")[2]
    assert "content/sheets/traite.yaml:11:17: &#39;&lt;b&gt;sure&lt;/b&gt;&#39; is not one of" in body
    assert "Les troupes" in body  # the last good page is still served under the overlay
    assert any("content/sheets/traite.yaml:11:17:" in line for line in server.lines)
    replace_in(demo / SHEET, "status: <b>sure</b>", "status: reported")
    server.wait_for(lambda: not server.page_has("/troupes/", "preview-errors"), "the overlay to go")
    assert "Rapporté" in server.get("/traite/")[2]


def test_a_template_mistake_names_the_template_and_line(server: PreviewServer, demo: Path) -> None:
    (demo / "templates").mkdir()
    (demo / "templates" / "page.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ nope }}\n'
                                                  '{% endblock %}\n', encoding="utf-8")
    replace_in(demo / "content/pages/a-propos.md", "démonstration", "démo")  # templates/ is new: nudge a rebuild
    server.wait_for(lambda: server.page_has("/a-propos/", "preview-errors"), "the template error")
    assert "templates/page.html:3:1: template error: UndefinedError: &#39;nope&#39; is undefined" in \
        server.get("/a-propos/")[2]
    assert not any("Traceback" in line for line in server.lines)


def test_two_saves_half_a_second_apart_both_show(server: PreviewServer, demo: Path) -> None:
    replace_in(demo / SHEET, "sans aucune voix contre", "PREMIER")
    first = server.wait_for(lambda: server.page_has("/traite/", "PREMIER"), "the first save", timeout=5)
    time.sleep(max(0.0, 0.5 - first))
    replace_in(demo / SHEET, "PREMIER", "SECOND")
    server.wait_for(lambda: server.page_has("/traite/", "SECOND"), "the second save", timeout=5)


def test_a_save_by_rename_is_seen(server: PreviewServer, demo: Path) -> None:
    path = demo / SHEET
    temporary = path.with_name(".traite.yaml.swp-tmp")
    temporary.write_text(path.read_text(encoding="utf-8").replace("sans aucune voix contre", "RENOMME"),
                         encoding="utf-8")
    os.replace(temporary, path)
    server.wait_for(lambda: server.page_has("/traite/", "RENOMME"), "the renamed file")


LOG_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\] content/sheets/traite\.yaml: reparsed 1 file, re-rendered \d+ pages "
                      r"\(/[^ ,)]*(, /[^ ,)]*)*( …)?\), wrote \d+ files in \d+ ms$")


def rebuild_line(server: PreviewServer, since: int) -> str:
    """The first rebuild line the server printed after its line number `since`."""
    server.wait_for(lambda: any("re-rendered" in line for line in server.lines[since:]), "the rebuild's line")
    return next(line for line in server.lines[since:] if "re-rendered" in line)


def test_a_save_through_a_temporary_file_and_a_rename_is_logged_under_the_file_s_name(
        server: PreviewServer, demo: Path) -> None:
    """`sed -i` and safe-write editors write the new text to a temporary file beside the
    sheet, then rename it over the sheet: the log names the sheet, never the temporary file."""
    path = demo / SHEET
    for n, temporary in enumerate([path.with_name("sedAb12Cd"), path.with_name("traite.yaml___jb_tmp___")]):
        since = len(server.lines)
        temporary.write_text(path.read_text(encoding="utf-8").replace("sans aucune voix contre", f"SED{n}"),
                             encoding="utf-8")
        os.replace(temporary, path)
        server.wait_for(lambda n=n: server.page_has("/traite/", f"SED{n}"), "the renamed file")
        line = rebuild_line(server, since)
        assert LOG_LINE.match(line), line
        assert temporary.name not in "\n".join(server.lines[since:])
        replace_in(path, f"SED{n}", "sans aucune voix contre")
        server.wait_for(lambda: server.page_has("/traite/", "sans aucune voix contre"), "the text back")


def test_an_editor_s_swap_and_backup_files_are_neither_changes_nor_content(server: PreviewServer, demo: Path) -> None:
    """Vim keeps `.traite.yaml.swp` (and writes `4913` to test the folder) while a sheet is
    edited; other editors leave `traite.yaml.swp`, `traite.yaml~` or `#traite.yaml#`."""
    folder = demo / "content" / "sheets"
    since = len(server.lines)
    for name in (".traite.yaml.swp", "4913", "traite.yaml.swp", "traite.yaml~", "#traite.yaml#"):
        (folder / name).write_bytes(b"b0VIM 9.0\x00 not YAML at all: [")
    replace_in(folder / "traite.yaml", "sans aucune voix contre", "VIM")
    server.wait_for(lambda: server.page_has("/traite/", "VIM"), "the edit")
    line = rebuild_line(server, since)
    assert LOG_LINE.match(line), line
    printed = "\n".join(server.lines[since:])
    assert "swp" not in printed and "4913" not in printed and "~" not in printed and "#traite" not in printed
    assert not server.page_has("/traite/", "preview-errors")  # none of them is a sheet, nor a mistake
    for name in ("traite.yaml.swp", "traite.yaml~", "#traite.yaml#", "4913", ".traite.yaml.swp"):
        (folder / name).unlink()


def test_the_home_page_is_named_slash_in_the_log(server: PreviewServer, demo: Path) -> None:
    since = len(server.lines)
    replace_in(demo / SHEET, 'title: "Le traité"', 'title: "Le traité commenté"')
    server.wait_for(lambda: server.page_has("/", "Le traité commenté"), "the new title on the home page")
    line = rebuild_line(server, since)
    pages = line.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert pages[0] == "/" and all(page.startswith("/") for page in pages), line


def test_a_burst_of_200_changes_makes_few_rebuilds(server: PreviewServer, demo: Path) -> None:
    before = sum("re-rendered" in line for line in server.lines)
    folder = demo / "content/pages"
    for n in range(200):
        (folder / f"page-{n:03d}.md").write_text(f"---\ntitle: Page {n}\n---\nTexte {n}.\n", encoding="utf-8")
    server.wait_for(lambda: server.get("/page-199/")[0] == 200, "the last page")
    time.sleep(0.5)
    rebuilds = sum("re-rendered" in line for line in server.lines) - before
    assert 1 <= rebuilds <= 5, server.lines[-10:]
    assert server.process.poll() is None


@pytest.mark.parametrize("path", ["/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/%2e%2e%2fsite.yaml",
                                  "//etc/passwd", "/%2Fetc%2Fpasswd", "/sources/..%2F..%2F..%2Fsite.yaml",
                                  "/.%2e/.%2e/site.yaml", "/..\\site.yaml", "/%00"])
def test_no_file_outside_the_output_can_be_read(server: PreviewServer, path: str) -> None:
    status, _, body = server.get(path)
    assert status in (400, 404), (path, status)
    assert "base_url" not in body and "root:" not in body


def test_binding_another_address_warns(demo: Path) -> None:
    running = PreviewServer(demo, host="0.0.0.0")
    try:
        assert any(line.startswith("warning: serving on 0.0.0.0") for line in running.lines)
    finally:
        running.stop()


def processes_writing_to(folder: Path) -> list[str]:
    """Command lines of running Pagefind processes working in `folder` (indexing it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            directory = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if entry.name.isdigit() and directory.is_relative_to(folder) and "pagefind" in command:
            found.append(command)
    return found


def slow_pagefind(folder: Path) -> tuple[Path, Path]:
    """A Pagefind that, while the returned marker file exists, waits a minute before it
    indexes: caught for sure while it runs (the real one takes some 30 ms on the demo)."""
    marker = folder / "slow"
    wrapper = folder / "slow-pagefind"
    real = pagefind_executable()
    wrapper.write_text(f"#!{sys.executable}\nimport os, sys, time\n"
                       f"if os.path.exists({str(marker)!r}):\n    time.sleep(60)\n"
                       f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])\n", encoding="utf-8")
    wrapper.chmod(0o755)
    return wrapper, marker


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_stopping_the_server_stops_its_search_indexing(demo: Path, tmp_path: Path) -> None:
    wrapper, marker = slow_pagefind(tmp_path)
    running = PreviewServer(demo, env={"PAGEFIND_BINARY_PATH": str(wrapper)})
    site = demo / "_site"
    try:
        running.wait_for(lambda: any("search index rebuilt" in line for line in running.lines), "the first index")
        marker.touch()
        replace_in(demo / SHEET, "sans aucune voix contre", "par acclamation")  # and index again, slowly
        running.wait_for(lambda: bool(processes_writing_to(site)), "Pagefind to start again", timeout=30)
    finally:
        running.stop()  # SIGTERM, as `kill` sends
    assert running.process.returncode == 0  # stopped through its own shutdown, not killed
    time.sleep(0.2)
    assert processes_writing_to(site) == []
    assert [p.name for p in site.glob(".pagefind.*")] == []


def test_the_open_data_follows_an_edit_after_the_page(server: PreviewServer, demo: Path) -> None:
    """The page comes first; the site-wide data files are brought up to date just after."""
    replace_in(demo / SHEET, "sans aucune voix contre", "par acclamation")
    server.wait_for(lambda: server.page_has("/traite/", "par acclamation"), "the page")
    server.wait_for(lambda: "par acclamation" in (demo / "_site/data/claims.json").read_text(encoding="utf-8")
                    and "par acclamation" in (demo / "_site/data/claims.csv").read_text(encoding="utf-8"),
                    "the open data")
    # Reported like any rebuild: the line comes once the files are written, so wait for it.
    server.wait_for(lambda: any("data/claims.json" in line for line in server.lines), "the report of the open data")


def test_an_edit_of_no_indexed_text_keeps_the_search_index_in_place(server: PreviewServer, demo: Path) -> None:
    server.wait_for(lambda: any("search index rebuilt" in line for line in server.lines), "the first index")
    index = demo / "_site" / "pagefind"
    before = {p.relative_to(index): (p.stat().st_ino, p.read_bytes()) for p in index.rglob("*") if p.is_file()}
    replace_in(demo / SHEET, "date: 2024-11-06", "date: 2024-11-05")  # a date: shown, not indexed
    server.wait_for(lambda: server.page_has("/traite/", 'datetime="2024-11-05"'), "the new date")
    server.wait_for(lambda: any("search index kept" in line for line in server.lines), "the index to be kept", 30)
    after = {p.relative_to(index): (p.stat().st_ino, p.read_bytes()) for p in index.rglob("*") if p.is_file()}
    assert after == before  # the same files, left in place
    assert sum("search index rebuilt" in line for line in server.lines) == 1

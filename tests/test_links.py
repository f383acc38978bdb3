"""Every local link and every #fragment of a built site resolves."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import PROJECT, build
from htmlcheck import html_files, parse


def broken_links(site: Path, base_path: str) -> list[str]:
    """Local links whose file or fragment does not exist, as 'page -> href'."""
    pages = {p.relative_to(site).as_posix(): parse(p) for p in html_files(site)}
    broken = []
    for name, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # outbound links are not ours to check
            if parts.path.startswith("/"):  # only the 404 page uses base-path links
                assert parts.path.startswith(base_path), f"{name}: {href}"
                target = unquote(parts.path[len(base_path):])
            else:
                target = unquote(urlsplit(urljoin("/" + name, parts.path)).path.lstrip("/"))
            if target == "" or target.endswith("/"):
                target += "index.html"
            path = site / target
            if not path.is_file():
                broken.append(f"{name} -> {href} (no file)")
            elif parts.fragment and parts.fragment not in pages[target].ids:
                broken.append(f"{name} -> {href} (no #{parts.fragment})")
    return broken


def test_demo_site_has_no_broken_link(built_demo: Path) -> None:
    assert len(html_files(built_demo)) >= 10
    assert broken_links(built_demo, "/demo/") == []


def test_real_content_builds_and_has_no_broken_link(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    if not (PROJECT / "content" / "sheets").is_dir():
        pytest.skip("the project has no content yet")
    assert build.main(["build", "--root", str(PROJECT), "--out", str(out)]) == 0
    assert broken_links(out, "/traite/") == []


def test_the_checker_sees_a_broken_fragment(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="a/#nope">x</a><a href="b/">y</a>', encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="yes"></p>', encoding="utf-8")
    assert broken_links(tmp_path, "/") == ["index.html -> a/#nope (no #nope)", "index.html -> b/ (no file)"]

#!/usr/bin/env python3
"""The reader's side in numbers: page weights, search indexing time, Lighthouse scores.

Builds the project's real content into a temporary folder, then prints:
- the weight of the home page and of every sheet, in every edition (HTML + CSS + JS + icon), raw and gzipped
  (what a server with compression transfers), against the 60 KB budget;
- how long Pagefind takes to index the site, and whether two indexes are byte-identical;
- Lighthouse 12 scores (performance, accessibility, best practices, SEO) for the home page
  and the heaviest sheet of each edition (the English one under `en/`), served over
  loopback with gzip, with CHROME_PATH=/usr/bin/chromium.
Numbers only: never pass/fail.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from explainer import build  # noqa: E402 - imported once sys.path holds the project
from explainer.builder.search import SEARCH_INDEX, index_search  # noqa: E402 - imported once sys.path holds the project
from explainer.site.searchdocs import documents  # noqa: E402 - imported once sys.path holds the project

BUDGET_KB = 60
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def assets_of(site: Path, page: Path) -> list[Path]:
    """The page and the stylesheet, scripts and icon it loads from the site (not the search index)."""
    html = page.read_text(encoding="utf-8")
    found = [page]
    for reference in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"#?]+)"', html):
        target = (page.parent / reference).resolve()
        if target.is_file() and target.is_relative_to(site.resolve()) and target.suffix in (".css", ".js", ".svg"):
            found.append(target)
    return found


def weight(files: list[Path]) -> tuple[float, float]:
    """Raw and gzip-compressed size in KB."""
    raw = sum(len(f.read_bytes()) for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
    return raw / 1024, packed / 1024


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def search_index_numbers(site: Path) -> None:
    times = []
    first = tree(site / SEARCH_INDEX)
    docs = documents(build_site_model())
    for _ in range(5):
        started = time.perf_counter()
        problem, _ = index_search(site, docs)
        times.append((time.perf_counter() - started) * 1000)
        if problem:
            print(f"search index: {problem}")
            return
    pages = len(docs)
    same = tree(site / SEARCH_INDEX) == first
    size = sum(len(b) for b in first.values()) / 1024
    print(f"pagefind: {pages} pages indexed in {statistics.median(times):.0f} ms (median of 5; "
          f"min {min(times):.0f}, max {max(times):.0f}); index {size:.0f} KB in {len(first)} files; "
          f"deterministic: {'yes, byte-identical' if same else 'NO'}")


def build_site_model() -> Any:
    """The real content's model, as the build has it."""
    from explainer.builder.pipeline import Session

    return Session(PROJECT, processes=1, stream=True).check().site


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it, as a production server would send them."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not (
                kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json")):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def lighthouse(url: str) -> dict[str, float] | str:
    if not LIGHTHOUSE.exists():
        return "node_modules/.bin/lighthouse is missing: run `make bench` (it runs `npm ci`)"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        run = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
                              "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                              f"--only-categories={','.join(CATEGORIES)}"],
                             env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True, text=True, timeout=300)
        if run.returncode != 0 or not report.is_file():
            return f"lighthouse failed: {(run.stderr or run.stdout).strip()[-400:]}"
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-reader-"))
    try:
        site = work / "_site"
        started = time.perf_counter()
        result = build(PROJECT, site)
        if not result.ok:
            print("the real content does not build:", *map(str, result.errors), sep="\n")
            return 1
        print(f"build of the real content with its search index: {(time.perf_counter() - started) * 1000:.0f} ms "
              f"({result.pages} pages)")

        # Each edition: the original at the root, each translation under its language.
        editions = [""] + [f"{e.language}/" for e in result.site.settings.editions] if result.site else [""]
        pages: dict[str, Path] = {}
        for prefix in editions:
            pages[f"{prefix}home"] = site / prefix / "index.html"
            pages |= {f"{prefix}sheet {s.id}": site / prefix / s.id / "index.html"
                      for s in (result.site.sheets if result.site else ())}
        print(f"page weights, HTML + CSS + JS + icon, excluding the search index (budget {BUDGET_KB} KB):")
        for name, page in pages.items():
            raw, packed = weight(assets_of(site, page))
            print(f"  {name:<22} {packed:5.1f} KB transferred (gzip)  {raw:5.1f} KB raw  "
                  f"{'ok' if packed < BUDGET_KB else 'OVER BUDGET'}")

        search_index_numbers(site)

        handler = functools.partial(GzipHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        targets = {}
        for prefix in editions:  # each edition's home and heaviest sheet
            targets[f"{prefix}home"] = base + prefix
            sheets = [p for n, p in pages.items() if n.startswith(f"{prefix}sheet ")]
            heaviest = max(sheets, key=lambda p: p.stat().st_size, default=None)
            if heaviest is not None:
                targets[f"{prefix}sheet {heaviest.parent.name}"] = base + prefix + heaviest.parent.name + "/"
        print("lighthouse 12 (mobile, simulated throttling):")
        for name, url in targets.items():
            scores = lighthouse(url)
            line = scores if isinstance(scores, str) else "  ".join(f"{k} {v}" for k, v in scores.items())
            print(f"  {name:<22} {line}")
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Live-preview latency: from a saved edit to the rebuilt output, and to the browser.

    .venv/bin/python bench/preview.py [--sizes real,1000] [--edits 7]

Prints medians of several one-claim edits, for the real content and the synthetic corpus.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from corpora import PROJECT, corpus, with_english_edition, working_copy  # noqa: E402 - imported once sys.path holds the project

from explainer.builder.pipeline import Session  # noqa: E402 - imported once sys.path holds the project
from explainer.tools.serve import LATER  # noqa: E402 - imported once sys.path holds the project

CLAIM_TEXT = re.compile(r'^(\s+text: ")', re.MULTILINE)


def first_claim_sheet(root: Path) -> Path:
    """A sheet in the middle of the project whose first claim text we edit."""
    sheets = sorted((root / "content" / "sheets").glob("*.yaml"))
    return sheets[len(sheets) // 2]


def edit_claim(path: Path, marker: str) -> None:
    """Put `marker` at the start of the sheet's first claim text (a one-claim edit)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"BENCH\d+ ", "", text)
    path.write_text(CLAIM_TEXT.sub(lambda m: m.group(1) + marker + " ", text, count=1), encoding="utf-8")


def in_process(root: Path, edits: int) -> tuple[float, list[float], dict[str, float]]:
    """Full build, then one-claim edits rebuilt by the same session, as the preview does (ms):
    told which file changed (as its watchers tell it), and with the open data left for
    after the reload, timed apart (`catch-up`, which looks at every file)."""
    with tempfile.TemporaryDirectory() as out:
        session = Session(root, Path(out) / "_site", search=False)  # the preview indexes on another thread
        started = time.perf_counter()
        assert session.build().ok
        full = time.perf_counter() - started
        sheet = first_claim_sheet(root)
        reported = frozenset({sheet.relative_to(root).as_posix()})
        times, stages = [], []
        for n in range(edits):
            edit_claim(sheet, f"BENCH{n}")
            started = time.perf_counter()
            result = session.build(LATER, reported)
            times.append((time.perf_counter() - started) * 1000)
            assert result.ok, result.problems[:3]
            started = time.perf_counter()
            assert session.build().ok  # the catch-up, after the reload
            stages.append({**result.timings, "catch-up": time.perf_counter() - started})
        split = {stage: statistics.median(s[stage] for s in stages) * 1000 for stage in stages[0]}
    return full, times, split


STALE = "The original has changed since this translation."


def stale_in_other_edition(root: Path, edits: int) -> list[float]:
    """A French claim edited, rebuilt by the preview's session until the English page of its
    sheet shows the staleness notice (ms). The project must have an English edition."""
    times = []
    with tempfile.TemporaryDirectory() as out:
        session = Session(root, Path(out) / "_site", search=False)
        assert session.build().ok
        sheet = first_claim_sheet(root)
        english = Path(out) / "_site" / "en" / sheet.stem / "index.html"
        reported = frozenset({sheet.relative_to(root).as_posix()})
        original = sheet.read_text(encoding="utf-8")
        for n in range(edits):
            assert STALE not in english.read_text(encoding="utf-8"), "the English page is stale before the edit"
            edit_claim(sheet, f"BENCH{n}")
            started = time.perf_counter()
            result = session.build(LATER, reported)
            times.append((time.perf_counter() - started) * 1000)
            assert result.ok and STALE in english.read_text(encoding="utf-8"), "no staleness notice"
            sheet.write_text(original, encoding="utf-8")  # back to the translated original
            assert session.build(LATER, reported).ok and session.build().ok
    return times


def in_browser(root: Path, edits: int) -> tuple[list[float], list[float], bool]:
    """Through the real server: save → file rewritten, save → text visible in Chromium (ms)."""
    from browser import CHROMIUM, FLAGS
    from playwright.sync_api import sync_playwright
    from previewserver import PreviewServer

    server = PreviewServer(root, start_timeout=300)
    sheet = first_claim_sheet(root)
    page_file = root / "_site" / sheet.stem / "index.html"
    to_disk, to_screen = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.goto(f"{server.url}{sheet.stem}/")
            page.wait_for_function("() => window.LiveReload !== undefined")
            for n in range(edits):
                marker = f"BENCH{n}"
                time.sleep(0.3)
                started = time.perf_counter()
                edit_claim(sheet, marker)
                while marker not in page_file.read_text(encoding="utf-8"):
                    time.sleep(0.002)
                to_disk.append((time.perf_counter() - started) * 1000)
                page.wait_for_function(f"() => document.body && document.body.innerText.includes('{marker}')",
                                       polling="raf", timeout=10_000)
                to_screen.append((time.perf_counter() - started) * 1000)
            # Two saves half a second apart: both must reach the page.
            edit_claim(sheet, "BENCHA")
            page.wait_for_function("() => document.body.innerText.includes('BENCHA')", timeout=10_000)
            time.sleep(0.5)
            edit_claim(sheet, "BENCHB")
            page.wait_for_function("() => document.body.innerText.includes('BENCHB')", timeout=10_000)
            both = True
            browser.close()
    finally:
        server.stop()
    return to_disk, to_screen, both


def describe(name: str, values: list[float], target: float | None = None) -> str:
    met = target is not None and statistics.median(values) < target
    verdict = "" if target is None else f"  (target < {target:.0f} ms: {'met' if met else 'NOT met'})"
    return f"  {name:<34} median {statistics.median(values):7.1f} ms   min {min(values):6.1f}   " \
           f"max {max(values):6.1f}   n={len(values)}{verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,1000", help="comma-separated: real and/or corpus sizes")
    parser.add_argument("--edits", type=int, default=7, help="edits per measurement (default 7)")
    args = parser.parse_args()
    targets = {"real": (None, 300), "1000": (50, 500)}
    for size in args.sizes.split(","):
        source = PROJECT if size == "real" else corpus(int(size))
        with tempfile.TemporaryDirectory() as work:
            root = working_copy(source, Path(work) / "project")
            label = "real content" if size == "real" else f"{size}-sheet corpus"
            print(f"{label}:", flush=True)
            full, times, split = in_process(root, args.edits)
            print(f"  full build (first, in process)     {full * 1000:7.0f} ms")
            print(describe("one-claim edit → rebuilt output", times, targets.get(size, (None, None))[0]))
            print("    median split: " + ", ".join(f"{k} {v:.1f} ms" for k, v in split.items()))
            to_disk, to_screen, both = in_browser(root, max(3, args.edits // 2 + 1))
            print(describe("save → output on disk (server)", to_disk))
            print(describe("save → visible in the browser", to_screen, targets.get(size, (None, None))[1]))
            print(f"  two saves 0.5 s apart both shown:  {'yes' if both else 'NO'}", flush=True)
            # A fresh copy (the edits above left their marks), with an English edition.
            fresh = Path(work) / "two-editions"
            root = working_copy(source, fresh) if size == "real" else with_english_edition(source, fresh)
            print(describe("French claim edit → English page stale", stale_in_other_edition(root, args.edits)),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

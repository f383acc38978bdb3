#!/usr/bin/env python3
"""Build speed and memory at scale: cold build, no-change rebuild, one-claim edit, peak RSS.

    .venv/bin/python bench/build.py [--sizes real,100,1000,5000] [--runs 3]

Each figure is the median of several whole-process runs (`build.py build`, timed from
outside, interpreter start included); the stage split comes from an in-process build.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from corpora import PROJECT, corpus, working_copy  # noqa: E402

from explainer.pipeline import Session  # noqa: E402

BUILD = [sys.executable, str(PROJECT / "build.py"), "build"]
CLAIM_TEXT = re.compile(r'^(\s+text: ")', re.MULTILINE)


def run_build(root: Path, *extra: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `build.py build` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([*BUILD, "--root", str(root), *extra], check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak if peak > before else peak  # ru_maxrss of children is the max over all of them


def peak_rss(root: Path) -> int:
    """Peak RSS (KiB) of one cold build, measured alone in a fresh process."""
    probe = ("import resource,subprocess,sys;"
             f"subprocess.run({[*BUILD, '--no-cache', '--root', str(root)]!r},check=True,stdout=subprocess.DEVNULL);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout)


def edit_one_claim(root: Path, n: int) -> None:
    sheets = sorted((root / "content" / "sheets").glob("*.yaml"))
    path = sheets[len(sheets) // 2]
    text = re.sub(r"EDIT\d+ ", "", path.read_text(encoding="utf-8"))
    path.write_text(CLAIM_TEXT.sub(lambda m: m.group(1) + f"EDIT{n} ", text, count=1), encoding="utf-8")


def stage_split(root: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        result = Session(root, Path(out) / "_site").build()
    return result.timings


def measure(label: str, root: Path, runs: int) -> None:
    print(f"{label}:", flush=True)
    cold = [run_build(root, "--no-cache")[0] for _ in range(runs)]
    print(f"  cold full build            median {statistics.median(cold):7.2f} s   (runs: "
          + ", ".join(f"{t:.2f}" for t in cold) + ")", flush=True)
    run_build(root)  # writes the manifest
    unchanged = [run_build(root)[0] for _ in range(runs)]
    print(f"  no-change rebuild          median {statistics.median(unchanged):7.3f} s", flush=True)
    edits = []
    for n in range(runs):
        edit_one_claim(root, n)
        edits.append(run_build(root)[0])
    print(f"  one-claim edit, new process median {statistics.median(edits):6.2f} s", flush=True)
    print(f"  peak RSS, cold build       {peak_rss(root) / 1024:7.0f} MiB", flush=True)
    split = stage_split(root)
    print("  stages (in process)        " + ", ".join(f"{k} {v:.2f} s" for k, v in split.items()), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,100,1000", help="comma-separated: real and/or corpus sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        source = PROJECT if size == "real" else corpus(int(size))
        with tempfile.TemporaryDirectory() as work:
            root = working_copy(source, Path(work) / "project")
            measure("real content" if size == "real" else f"{size}-sheet corpus", root, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build speed and memory at scale: cold build, no-change rebuild, one-claim edit, peak RSS.

    .venv/bin/python bench/build.py [--sizes real,100,1000,5000] [--runs 3]

Each figure is the median of several whole-process runs (`build.py build`, timed from
outside, interpreter start included); the stage split comes from an in-process build.
Each figure that the speed issue sets a target for says whether it is met.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from corpora import PROJECT, corpus, working_copy  # noqa: E402 - imported once sys.path holds the project

from explainer.api import build  # noqa: E402 - imported once sys.path holds the project

BUILD = [sys.executable, str(PROJECT / "build.py"), "build"]
# Builds run as a user's Python runs them: with compiled modules cached in __pycache__
# (a sandbox may set PYTHONDONTWRITEBYTECODE, which recompiles every module at each start).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
CLAIM_TEXT = re.compile(r'^(\s+text: ")', re.MULTILINE)


def run_build(root: Path, *extra: str) -> float:
    """Wall seconds of one `build.py build` process."""
    started = time.perf_counter()
    subprocess.run([*BUILD, "--root", str(root), *extra], check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started


def run_cold(root: Path, *extra: str) -> float:
    """Wall seconds of a cold build, as the speed issue defines it: no cache folder (so no
    compiled templates either), no previous output."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(root / "_site", ignore_errors=True)
    return run_build(root, *extra)


def peak_memory(root: Path, *extra: str) -> tuple[int, int]:
    """Peak memory (KiB) of one cold build: the largest single process (ru_maxrss), and the
    whole process tree (the build, its forked copy, Pagefind) as the sum of their
    proportional set sizes, sampled every 10 ms. Shared pages count once in the sum."""
    process = subprocess.Popen([*BUILD, "--no-cache", "--root", str(root), *extra], stdout=subprocess.DEVNULL, env=ENV)
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)  # this child's own usage, once it ends
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss, tree_peak
        tree_peak = max(tree_peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.01)


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def edit_one_claim(root: Path, n: int) -> None:
    sheets = sorted((root / "content" / "sheets").glob("*.yaml"))
    path = sheets[len(sheets) // 2]
    text = re.sub(r"EDIT\d+ ", "", path.read_text(encoding="utf-8"))
    path.write_text(CLAIM_TEXT.sub(lambda m: m.group(1) + f"EDIT{n} ", text, count=1), encoding="utf-8")


def stage_split(root: Path) -> tuple[dict[str, float], int, int]:
    """The stages of one in-process build without cache, and the bytes and files of HTML it wrote."""
    with tempfile.TemporaryDirectory() as out:
        result = build(root, Path(out) / "_site", use_cache=False)
        sizes = [path.stat().st_size for path in (Path(out) / "_site").rglob("*.html") if "pagefind" not in path.parts]
    return result.timings, sum(sizes), len(sizes)


# A one-shot build renders with two processes from this many pages (render.PARALLEL_MIN_PAGES).
PARALLEL_PAGES = 200


# The targets of the speed issue, by corpus: cold build (s), no-change rebuild (s), peak memory (MiB).
TARGETS = {"real": (0.3, None, None), "1000": (4.5, 0.5, 150), "5000": (None, None, 400)}


def verdict(value: float, target: float | None, unit: str) -> str:
    if target is None:
        return ""
    return f"   (target < {target:g} {unit}: {'met' if value < target else 'NOT met'})"


def measure(label: str, size: str, root: Path, runs: int) -> None:
    cold_target, unchanged_target, memory_target = TARGETS.get(size, (None, None, None))
    print(f"{label}:", flush=True)
    cold = [run_cold(root) for _ in range(runs)]
    print(f"  cold full build            median {statistics.median(cold):7.2f} s   (runs: "
          + ", ".join(f"{t:.2f}" for t in cold) + ")" + verdict(statistics.median(cold), cold_target, "s"),
          flush=True)
    bare = [run_cold(root, "--no-search") for _ in range(runs)]
    print(f"  of which without search    median {statistics.median(bare):7.2f} s   (the rest is Pagefind)",
          flush=True)
    run_build(root)  # writes the manifest
    unchanged = [run_build(root) for _ in range(runs)]
    print(f"  no-change rebuild          median {statistics.median(unchanged):7.3f} s"
          + verdict(statistics.median(unchanged), unchanged_target, "s"), flush=True)
    edits = []
    for n in range(runs):
        edit_one_claim(root, n)
        edits.append(run_build(root))
    print(f"  one-claim edit, new process median {statistics.median(edits):6.2f} s", flush=True)
    single, tree = peak_memory(root)
    print(f"  peak memory, cold build    {tree / 1024:7.0f} MiB all processes (PSS), {single / 1024:.0f} MiB "
          f"largest one (RSS)" + verdict(tree / 1024, memory_target, "MiB"), flush=True)
    single, tree = peak_memory(root, "--no-search")
    print(f"    without search           {tree / 1024:7.0f} MiB all processes (PSS), {single / 1024:.0f} MiB "
          f"largest one (RSS)   (the rest is Pagefind's)", flush=True)
    split, html, pages = stage_split(root)
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in split.items())
    print(f"  stages (one build in process; render includes writing the pages; search is making the search "
          f"documents and then waiting for Pagefind, which indexes while the pages render) {stages}", flush=True)
    cores = min(2, os.cpu_count() or 1) if pages >= PARALLEL_PAGES else 1
    print(f"  render throughput          {html / 1e6 / split['render'] / cores:7.1f} MB of HTML per second per core"
          f"   ({html / 1e6:.1f} MB in {split['render']:.2f} s on {cores} core{'s' if cores > 1 else ''})",
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,100,1000", help="comma-separated: real and/or corpus sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        source = PROJECT if size == "real" else corpus(int(size))
        with tempfile.TemporaryDirectory() as work:
            root = working_copy(source, Path(work) / "project")
            measure("real content" if size == "real" else f"{size}-sheet corpus", size, root, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

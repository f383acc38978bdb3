#!/usr/bin/env python3
"""The cost of a second edition: the same corpus built with and without an English edition.

    .venv/bin/python bench/editions.py [--sheets 1000] [--runs 5]

Cold builds and one-claim edits (a French claim: its English page turns stale), each a
whole `build.py build` process, alternating between the one-edition and the two-edition
copy so that the machine's drift falls on both. Prints medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus, with_english_edition, working_copy  # noqa: E402 - imported once sys.path holds bench/

from build import edit_one_claim, run_build, run_cold  # noqa: E402 - imported once sys.path holds bench/


def pages(root: Path) -> int:
    return sum(1 for _ in (root / "_site").rglob("*.html"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000, help="corpus size in sheets (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure and copy (default 5)")
    args = parser.parse_args()
    source = corpus(args.sheets)
    with tempfile.TemporaryDirectory() as work:
        copies = {"one edition": working_copy(source, Path(work) / "one"),
                  "two editions": with_english_edition(source, Path(work) / "two")}
        cold: dict[str, list[float]] = {name: [] for name in copies}
        edits: dict[str, list[float]] = {name: [] for name in copies}
        for _ in range(args.runs):
            for name, root in copies.items():
                cold[name].append(run_cold(root))
        sizes = {name: pages(root) for name, root in copies.items()}
        for n in range(args.runs):
            for name, root in copies.items():
                edit_one_claim(root, n)
                edits[name].append(run_build(root))
    print(f"{args.sheets}-sheet corpus, one edition vs an English edition of every sheet "
          f"({sizes['one edition']} vs {sizes['two editions']} HTML pages), {args.runs} alternating runs:")
    for label, figures in (("cold build", cold), ("one-claim edit", edits)):
        one, two = (statistics.median(figures[name]) for name in copies)
        print(f"  {label:<16} one edition median {one:6.2f} s, two editions median {two:6.2f} s: ×{two / one:.2f}")
        for name in copies:
            print(f"    {name:<13} runs: " + ", ".join(f"{t:.2f}" for t in figures[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

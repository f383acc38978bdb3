#!/usr/bin/env python3
"""Rewrite the expected output of the bad-inputs corpus, showing every change it makes.

    .venv/bin/python tests/regen_expected.py            # every case
    .venv/bin/python tests/regen_expected.py tab-indent # some cases

A new case is a folder tests/bad_inputs/<case>/ (and/or an entry in badinputs.SETUP):
pass its name to create its `.expected`. Review the printed diff before committing.
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badinputs import CORPUS, cases, run_case


def regenerate(case: str) -> bool:
    """Run one case and write its `.expected`; print a diff and return True if it changed."""
    path = CORPUS / f"{case}.expected"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    with tempfile.TemporaryDirectory() as workdir:
        new = run_case(case, Path(workdir)).run.err
    if new == old:
        return False
    diff = difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                f"a/{path.name}", f"b/{path.name}")
    sys.stdout.writelines(diff if old is not None else [f"new {path.name}:\n", *new.splitlines(keepends=True)])
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    names = argv or cases()
    unknown = sorted(set(names) - set(cases()))
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    changed = [name for name in names if regenerate(name)]
    print(f"{len(changed)} of {len(names)} expected file(s) rewritten" + (f": {', '.join(changed)}" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

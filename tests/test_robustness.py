"""The corpus of bad inputs (tests/bad_inputs/): exact errors, exit 1, previous site kept.

Each case breaks the minimal valid project one way (see tests/badinputs.py). A rejected
case must print exactly its `.expected` lines (`path:line:column: message`, no
traceback), exit 1 and leave the previous output byte for byte; an accepted case
(empty `.expected`) must build the same site as the clean project.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from badinputs import CORPUS, PUBLISHED, SETUP, break_project, cases, expected, run_case
from conftest import PROJECT, tree_bytes, write_project

PROBLEM_LINE = re.compile(r"^[\w./-]+:\d+:\d+: \S")
SUMMARY_LINE = re.compile(r"^build failed: (1 error|\d+ errors); the previous output is untouched$")
REGEN = "run `python tests/regen_expected.py {case}` and review the diff"


def check_outcome(case: str, code: int, err: str, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """What a user must see for a case: its exact messages, the exit code, the site kept."""
    assert err == expected(case), REGEN.format(case=case)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), err
    if any(": warning: " not in line for line in lines[:-1]):
        assert code == 1
        assert SUMMARY_LINE.match(lines[-1]), err
    else:
        assert code == 0
    # Rejected: the previous site is untouched. Accepted: the same content in another
    # encoding (byte-order mark, CRLF) gives the same site; or, with a warning, a new edition.
    if case in PUBLISHED:
        # Every page stays; the search index's files are named by their content.
        kept = {path for path in before if not path.startswith("pagefind/")}
        assert code == 0 and kept <= set(after)
        assert any(path.startswith(PUBLISHED[case]) for path in set(after) - set(before)), sorted(after)
    else:
        assert after == before


@pytest.mark.parametrize("case", cases())
def test_bad_input_is_reported_and_the_previous_site_kept(case: str, tmp_path: Path) -> None:
    result = run_case(case, tmp_path)
    check_outcome(case, result.run.code, result.run.err, result.before, result.after)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "stray temporary folder"


@pytest.mark.parametrize("case", ["tab-indent", "alias-bomb", "binary-png", "symlink-outside", "bom"])
def test_bad_input_through_the_command_line(case: str, tmp_path: Path) -> None:
    """The same messages and exit codes from a separate `python build.py` process."""
    root, out = write_project(tmp_path / "p"), tmp_path / "out"
    command = [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), "--out", str(out)]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    before = tree_bytes(out)
    break_project(root, case)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    check_outcome(case, result.returncode, result.stderr, before, tree_bytes(out))


def test_every_case_is_complete() -> None:
    """Each case has its expected output and something that breaks the project."""
    for case in cases():
        assert (CORPUS / f"{case}.expected").is_file(), REGEN.format(case=case)
        folder = CORPUS / case
        has_files = folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))
        assert has_files or case in SETUP, f"{case}: no files and no setup"

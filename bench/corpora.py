"""Synthetic corpora for the benchmarks, generated once into bench/.corpora/ (git-ignored)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
GENERATOR = PROJECT.parent / "shared" / "bench" / "gen_corpus.py"
CACHE = HERE / ".corpora"


def corpus(sheets: int) -> Path:
    """The corpus of `sheets` sheets, generating it on first use."""
    folder = CACHE / str(sheets)
    if not (folder / "site.yaml").is_file():
        if not GENERATOR.is_file():
            sys.exit(f"cannot find the corpus generator at {GENERATOR}")
        print(f"generating the {sheets}-sheet corpus…", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(GENERATOR), "--sheets", str(sheets), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def working_copy(source: Path, target: Path) -> Path:
    """A fresh copy of a project (benchmarks edit files), without its output folder."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_site", ".venv", ".git", "node_modules", "bench",
                                                                  "tests", ".*"))
    return target

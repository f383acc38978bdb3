"""Full-text search: a Pagefind index of the written site, in out/pagefind/."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SEARCH_INDEX = "pagefind"


def index_search(out: Path, background: bool = False) -> str | None:
    """Index the written site with Pagefind into out/pagefind/; a problem as text, or None.

    The index is built beside the site, then swapped in whole, so that a live preview
    never serves half an index and stale index files never pile up.
    """
    try:
        from pagefind_bin import get_executable
        executable = str(get_executable())
    except (ImportError, FileNotFoundError):
        return "search index not built: the pagefind-bin package is not installed"
    staging = out / f".{SEARCH_INDEX}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    run = subprocess.run([executable, "--site", str(out), "--output-path", str(staging), "--silent"],
                         capture_output=True, text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"},
                         preexec_fn=(lambda: os.nice(10)) if background else None)  # the preview's rebuilds first
    if run.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return f"search index not built: pagefind failed: {(run.stderr or run.stdout).strip()[:500]}"
    target, old = out / SEARCH_INDEX, out / f".{SEARCH_INDEX}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return None

"""Full-text search: a Pagefind index of the written site, in out/pagefind/."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEARCH_INDEX = "pagefind"


def index_search(out: Path, background: bool = False,
                 started: Callable[[subprocess.Popen[str]], None] | None = None) -> str | None:
    """Index the written site with Pagefind into out/pagefind/; a problem as text, or None.

    The index is built beside the site, then swapped in whole, so that a live preview
    never serves half an index and stale index files never pile up. `started` receives
    the Pagefind process, so that a stopping preview can end it (see `stop_indexing`).
    """
    try:
        from pagefind_bin import get_executable
        executable = str(get_executable())
    except (ImportError, FileNotFoundError):
        return "search index not built: the pagefind-bin package is not installed"
    remove_leftovers(out)
    staging = out / f".{SEARCH_INDEX}.tmp-{os.getpid()}"
    with subprocess.Popen([executable, "--site", str(out), "--output-path", str(staging), "--silent"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, preexec_fn=lambda: _child_setup(background)) as run:
        if started is not None:
            started(run)
        try:
            stdout, stderr = run.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            run.kill()
            stdout, stderr = run.communicate()
    if run.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return f"search index not built: pagefind failed: {(stderr or stdout).strip()[:500] or run.returncode}"
    target, old = out / SEARCH_INDEX, out / f".{SEARCH_INDEX}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return None


def stop_indexing(process: subprocess.Popen[str] | None, out: Path) -> None:
    """End a running Pagefind and remove what it had written."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    remove_leftovers(out)


def remove_leftovers(out: Path) -> None:
    """Remove the folders of an index run that was stopped or killed."""
    for leftover in [*out.glob(f".{SEARCH_INDEX}.tmp-*"), *out.glob(f".{SEARCH_INDEX}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Any:
    """Linux's prctl, looked up once here: the child process, between fork and exec, must
    not load libraries (another thread of the preview may hold a lock)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError, TypeError):
        return None


_prctl = _load_prctl()


def _child_setup(background: bool) -> None:
    """In the Pagefind process, before it starts: die with the thread that started it (a
    stopped preview must not leave it writing into the site), and in the live preview,
    give way to the rebuilds."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if background:
        os.nice(10)

"""Write the search documents of some index shards, and run Pagefind over each, one after the other.

    python pagefindrun.py JOB.pickle

JOB.pickle (written by `search.Indexing`, read by nothing else): {"pagefind": the
executable, "shards": [{"out": the shard's index folder, "docs": [(path, html), ...]},
...]}. Each shard's documents are written into a folder beside it, then Pagefind indexes
that folder into "out".

Started by `search.Indexing` as a script (standard library only, no package import), so
that writing a large site's thousands of documents and indexing them happen in the
background while the build renders, one Pagefind process at a time: memory holds one
shard's index, not the whole site's. Each Pagefind dies with this process (Linux's
parent-death signal), and this process dies with the build that started it. The first
failure stops the run: its output is passed on and its exit code returned.
"""

from __future__ import annotations

import ctypes
import pickle
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Any:
    """Linux's prctl, looked up once, at import: a child process, between fork and exec,
    must not load libraries (another thread of the parent may hold a lock)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError, TypeError):
        return None  # not Linux: a Pagefind outlives a killed build, and finishes


_prctl = _load_prctl()


def die_with_parent() -> None:
    """In a child process (before exec, or a forked copy that runs Python): be killed when
    the thread that started it ends."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def pagefind_command(executable: str, site: str, out: str) -> list[str]:
    """Pagefind over the documents in `site`, its index into `out`."""
    return [executable, "--site", site, "--output-path", out, "--silent"]


def write_documents(folder: Path, docs: list[tuple[str, str]]) -> None:
    """Each document as PATH/index.html: Pagefind gives the page's URL back from its path."""
    folder.mkdir()
    for path, html in docs:
        target = folder / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def run(job: Path) -> int:
    spec = pickle.loads(job.read_bytes())
    for number, shard in enumerate(spec["shards"]):
        folder = job.parent / str(number)
        write_documents(folder, shard["docs"])
        done = subprocess.run(pagefind_command(spec["pagefind"], str(folder), shard["out"]),
                              preexec_fn=die_with_parent, check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: pagefindrun.py JOB.pickle", file=sys.stderr)
        return 2
    try:
        return run(Path(argv[0]))
    except (OSError, pickle.UnpicklingError, KeyError) as exc:
        print(f"pagefindrun: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

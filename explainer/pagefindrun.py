"""Run Pagefind over several folders, one after the other: the shards of a search index.

    python pagefindrun.py PAGEFIND SITE OUT [SITE OUT ...]

Started by `search.Indexing` as a script (standard library only, no package import),
so that the shards are indexed in the background while the build renders, one Pagefind
process at a time: memory holds one shard's index, not the whole site's. Each Pagefind
dies with this process (Linux's parent-death signal), and this process dies with the
build that started it. The first failure stops the run: its output is passed on and its
exit code returned.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from typing import Any

_PR_SET_PDEATHSIG = 1




def _load_prctl() -> Any:
    """Linux's prctl, looked up before any fork (nothing is loaded between fork and exec)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError, TypeError):
        return None  # not Linux: a Pagefind outlives a killed build, and finishes


_prctl = _load_prctl()


def _die_with_parent() -> None:
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def run(executable: str, pairs: list[tuple[str, str]]) -> int:
    for site, out in pairs:
        done = subprocess.run([executable, "--site", site, "--output-path", out, "--silent"],
                              preexec_fn=_die_with_parent, check=False)
        if done.returncode != 0:
            return done.returncode
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 3 or len(argv) % 2 == 0:
        print("usage: pagefindrun.py PAGEFIND SITE OUT [SITE OUT ...]", file=sys.stderr)
        return 2
    return run(argv[0], list(zip(argv[1::2], argv[2::2], strict=True)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

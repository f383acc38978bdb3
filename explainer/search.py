"""Full-text search: a Pagefind index of what readers search, in out/pagefind/.

The documents (`searchdocs.py`) are written to a temporary folder as soon as the model is
known, and Pagefind (the pinned `pagefind-bin` package) indexes that folder while the pages
are rendered; `Indexing.finish` then waits for the index files. The written site is never
read again. (Pagefind's service mode, which the `pagefind` package drives, parses the
documents on one thread: slower and larger than the command over a folder, see the bench.)

When the documents are those of the index already in the output (their digest, kept in
ROOT/.cache/explainer/search.json with a hash of each index file), the index is kept:
copied into the new site, no Pagefind run.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .searchdocs import SearchDocument, digest

SEARCH_INDEX = "pagefind"
TIMEOUT_SECONDS = 600


def cache_file(root: Path) -> Path:
    return root / ".cache" / "explainer" / "search.json"


class Indexing:
    """An index being made (Pagefind running over the documents) or kept (copied at `finish`)."""

    def __init__(self, docs: Sequence[SearchDocument], bundle: Path, cache: Path | None = None,
                 previous: Path | None = None, background: bool = False,
                 started: Callable[[subprocess.Popen[bytes]], None] | None = None) -> None:
        """Index `docs` into the folder `bundle`; with `cache` (a search.json) and the `previous`
        index folder, keep that index when the documents are the same."""
        self.bundle, self.cache = bundle, cache
        self.digest = digest(docs)
        self.problem: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.documents: Path | None = None
        self.kept = previous if previous is not None and cache is not None and \
            _valid_index(cache, previous, self.digest) else None
        if self.kept is None:
            self._start(docs, background, started)

    def _start(self, docs: Sequence[SearchDocument], background: bool,
               started: Callable[[subprocess.Popen[bytes]], None] | None) -> None:
        try:
            from pagefind_bin import get_executable
            executable = str(get_executable())
        except (ImportError, FileNotFoundError):
            self.problem = "search index not built: the pagefind-bin package is not installed"
            return
        try:
            self.documents = Path(tempfile.mkdtemp(prefix="explainer-search-"))
            for doc in docs:  # /troupes/ → troupes/index.html: Pagefind gives the URL back
                path = self.documents / doc.url.strip("/") / "index.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(doc.html, encoding="utf-8")
            self.process = subprocess.Popen(
                [executable, "--site", str(self.documents), "--output-path", str(self.bundle), "--silent"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
                cwd=self.bundle.parent,  # where it works: the site's folder
                preexec_fn=lambda: _child_setup(background))
        except OSError as exc:
            self._fail(f"pagefind could not be started: {exc.strerror or exc}")
            return
        if started is not None:
            started(self.process)

    def finish(self) -> str | None:
        """Wait for the index in `bundle` (or copy the kept one there); a problem as text, or None."""
        if self.kept is not None:
            shutil.copytree(self.kept, self.bundle, copy_function=shutil.copyfile)
            return None
        if self.problem is None and self.process is not None:
            self._wait(self.process)
        if self.problem is None and self.cache is not None:
            _remember(self.cache, self.bundle, self.digest)
        elif self.cache is not None:
            self.cache.unlink(missing_ok=True)
        return self.problem

    def _wait(self, process: subprocess.Popen[bytes]) -> None:
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        self._remove_documents()
        if process.returncode != 0:
            why = (stderr or stdout).decode("utf-8", "replace").strip()[:500] or str(process.returncode)
            self._fail(f"pagefind failed: {why}")

    def _fail(self, why: str) -> None:
        self.problem = f"search index not built: {why}"
        self.stop()
        shutil.rmtree(self.bundle, ignore_errors=True)

    def stop(self) -> None:
        """End Pagefind, if it still runs, and remove the documents."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self._remove_documents()

    def _remove_documents(self) -> None:
        if self.documents is not None:
            shutil.rmtree(self.documents, ignore_errors=True)


def index_search(out: Path, docs: Sequence[SearchDocument], background: bool = False,
                 started: Callable[[subprocess.Popen[bytes]], None] | None = None) -> str | None:
    """Index `docs` into out/pagefind/ of a live site; a problem as text, or None.

    The index is built beside the site, then swapped in whole, so that a live preview
    never serves half an index and stale index files never pile up. `started` receives
    the Pagefind process, so that a stopping preview can end it (see `stop_indexing`).
    """
    remove_leftovers(out)
    staging = out / f".{SEARCH_INDEX}.tmp-{os.getpid()}"
    problem = Indexing(docs, staging, background=background, started=started).finish()
    if problem is not None:
        shutil.rmtree(staging, ignore_errors=True)
        return problem
    target, old = out / SEARCH_INDEX, out / f".{SEARCH_INDEX}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return None


def stop_indexing(process: subprocess.Popen[bytes] | None, out: Path) -> None:
    """End a running Pagefind and remove what it had written."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    remove_leftovers(out)


def remove_leftovers(out: Path) -> None:
    """Remove the folders of an index run that was stopped or killed."""
    for leftover in [*out.glob(f".{SEARCH_INDEX}.tmp-*"), *out.glob(f".{SEARCH_INDEX}.old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _index_files(bundle: Path) -> dict[str, str]:
    """Every file of an index folder, by relative path: the hash of its bytes."""
    return {path.relative_to(bundle).as_posix(): hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
            for path in sorted(bundle.rglob("*")) if path.is_file()}


def _valid_index(cache: Path, previous: Path, key: str) -> bool:
    """Whether `previous` is, file for file, the index that search.json says was made from `key`."""
    try:
        recorded = json.loads(cache.read_text(encoding="utf-8"))
        return (isinstance(recorded, dict) and recorded.get("digest") == key
                and recorded.get("files") == _index_files(previous) and bool(recorded["files"]))
    except (OSError, ValueError, KeyError):
        return False


def _remember(cache: Path, bundle: Path, key: str) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f".{cache.name}.tmp-{os.getpid()}")
        temporary.write_text(json.dumps({"digest": key, "files": _index_files(bundle)}), encoding="utf-8")
        os.replace(temporary, cache)
    except OSError:
        cache.unlink(missing_ok=True)  # no record: the next build indexes again


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

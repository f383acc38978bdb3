"""Full-text search: a Pagefind index of what readers search, in out/pagefind/.

The documents (`site/searchdocs.py`) are written to a temporary folder as soon as the model is
known, and Pagefind (the pinned `pagefind-bin` package) indexes that folder while the pages
are rendered; `Indexing.finish` then waits for the index files. The written site is never
read again. (Pagefind's service mode, which the `pagefind` package drives, parses the
documents on one thread: slower and larger than the command over a folder, see the bench.)

A large site's index is cut into shards (see `SHARD_DOCUMENTS`), made one after the other.
A shard whose documents are those of the same shard already in the output (their digest,
kept in ROOT/.cache/explainer/search.json with a hash of each of its files) is kept:
linked into the new site, no Pagefind run. An edit re-indexes the shard it touches.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..site.searchdocs import SearchDocument, digest
from .pagefindrun import die_with_parent, pagefind_command, write_documents

SEARCH_INDEX = "pagefind"
TIMEOUT_SECONDS = 600
# A large site's index is cut into shards of about this many documents, each made by its
# own Pagefind process, one after the other (memory holds one shard's index), and kept
# while its documents are the same: an edit re-indexes one shard. The first shard is the
# bundle itself (pagefind/pagefind.js); the others are pagefind/shards/N/, listed in
# pagefind/shards.json for the search page, which merges them (Pagefind's `mergeIndex`).
SHARD_DOCUMENTS = 400
SHARDS = "shards"
MANIFEST = "shards.json"
RECORD_FORMAT = 2
# What a merged shard needs (its script and WebAssembly come from the first shard's).
_SHARD_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
_RUNNER = Path(__file__).with_name("pagefindrun.py")
# Up to this many documents in one shard, this process writes them and starts Pagefind
# itself: for a small site, a second interpreter costs more than it saves.
WRITTEN_HERE = 100
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"

Record = dict[str, Any]  # what search.json holds: each shard's folder, digest and files


def pagefind_executable() -> str:
    """The Pagefind to run: the one PAGEFIND_BINARY_PATH names (the variable Pagefind's own
    Python and npm wrappers read), else the pinned package's. LookupError says why none."""
    named = os.environ.get(BINARY_VARIABLE)
    if named:
        found = shutil.which(named)  # a path, or a name looked up in PATH
        if found is None:
            raise LookupError(f"{BINARY_VARIABLE} is {named!r}, which is not an executable file")
        return found
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise LookupError("the pagefind-bin package is not installed") from None


def cache_file(root: Path, prefix: str = "") -> Path:
    """The record of an edition's index (`prefix`: "" for the original's, "en/"...)."""
    edition = f"-{prefix.strip('/')}" if prefix else ""
    return root / ".cache" / "explainer" / f"search{edition}.json"


@dataclass(frozen=True, slots=True)
class Shard:
    """Some of the documents, and where their index goes in the bundle ("" for the first)."""

    folder: str
    docs: tuple[SearchDocument, ...]
    digest: str


def shards(docs: Sequence[SearchDocument]) -> list[Shard]:
    """The documents cut into shards, each document's shard fixed by its URL (adding a
    sheet changes one shard), their number by the documents' count."""
    count = max(1, -(-len(docs) // SHARD_DOCUMENTS))
    groups: list[list[SearchDocument]] = [[] for _ in range(count)]
    for doc in docs:
        hashed = hashlib.blake2b(doc.url.encode("utf-8"), digest_size=8).digest()
        groups[int.from_bytes(hashed, "little") % count].append(doc)
    kept = [group for group in groups if group] or [[]]
    return [Shard("" if number == 0 else f"{SHARDS}/{number}", tuple(group), digest(group))
            for number, group in enumerate(kept)]


def load_record(cache: Path) -> Record | None:
    try:
        record = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(record, dict) and record.get("format") == RECORD_FORMAT and isinstance(record.get("shards"), list):
        return record
    return None


class Indexing:
    """An index being made (Pagefind running over the documents of the shards that changed)
    and kept (the other shards, copied at `finish`)."""

    def __init__(self, docs: Sequence[SearchDocument], bundle: Path, cache: Path | None = None,
                 previous: Path | None = None, background: bool = False,
                 started: Callable[[subprocess.Popen[bytes]], None] | None = None,
                 record: Record | None = None) -> None:
        """Index `docs` into the folder `bundle`. With the `previous` index folder and what
        was recorded of it (`record`, or the file `cache`, a search.json), keep each shard
        whose documents are the same and whose files are as recorded."""
        self.bundle, self.cache = bundle, cache
        self.problem: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.documents: Path | None = None
        self.shards = shards(docs)
        self.record: Record | None = None
        if record is None and cache is not None and previous is not None:
            record = load_record(cache)
        recorded = {entry.get("folder"): entry for entry in (record or {}).get("shards", [])
                    if isinstance(entry, dict)}
        self.kept: dict[str, tuple[Path, dict[str, str]]] = {}  # folder -> (previous folder, its files)
        for shard in self.shards:
            entry = recorded.get(shard.folder)
            if previous is not None and entry is not None and entry.get("digest") == shard.digest \
                    and entry.get("files") and entry["files"] == _index_files(previous / shard.folder, shard.folder):
                self.kept[shard.folder] = (previous / shard.folder, entry["files"])
        made = [shard for shard in self.shards if shard.folder not in self.kept]
        if made:
            self._start(made, background, started)
        # The documents are with Pagefind now (a large site's are tens of megabytes): dropped.
        self.shards = [replace(shard, docs=()) for shard in self.shards]
        self.made = [shard for shard in self.shards if shard.folder not in self.kept]

    def _start(self, made: list[Shard], background: bool,
               started: Callable[[subprocess.Popen[bytes]], None] | None) -> None:
        try:
            executable = pagefind_executable()
        except LookupError as exc:
            self.problem = f"search index not built: {exc}"
            return
        try:
            self.bundle.parent.mkdir(parents=True, exist_ok=True)  # an edition's folder, before its pages
            self.documents = Path(tempfile.mkdtemp(prefix="explainer-search-"))
            pairs = [(shard, [(doc.url.strip("/"), doc.html) for doc in shard.docs]) for shard in made]
            if len(made) == 1 and len(made[0].docs) <= WRITTEN_HERE:  # a small site: Pagefind at once
                write_documents(self.documents / "0", pairs[0][1])
                command = pagefind_command(executable, str(self.documents / "0"), str(self.bundle / made[0].folder))
            else:  # the documents are written by the runner, off this process's path
                job = self.documents / "job.pickle"
                with job.open("wb") as file:  # streamed: no second copy of the documents in memory
                    pickle.dump({"pagefind": executable, "shards": [
                        {"out": str(self.bundle / shard.folder), "docs": docs} for shard, docs in pairs]},
                        file, protocol=pickle.HIGHEST_PROTOCOL)
                command = [sys.executable, "-I", "-S", str(_RUNNER), str(job)]
            self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"},
                cwd=self.bundle.parent,  # where it works: the site's folder
                preexec_fn=lambda: _child_setup(background))
        except OSError as exc:
            self._fail(f"pagefind could not be started: {exc.strerror or exc}")
            return
        if started is not None:
            started(self.process)

    def finish(self) -> str | None:
        """Wait for the index in `bundle` (with the kept shards copied there); a problem as
        text, or None. Then `record` says what the bundle holds."""
        if self.problem is None and self.process is not None:
            self._wait(self.process)
        if self.problem is None:
            try:
                self._assemble()
            except OSError as exc:
                self._fail(f"the search index could not be written: {exc.strerror or exc}")
        if self.problem is None and self.cache is not None:
            _remember(self.cache, self.record)
        elif self.cache is not None:
            self.cache.unlink(missing_ok=True)
        return self.problem

    def _assemble(self) -> None:
        """Copy the kept shards in, trim the merged shards to what merging reads, write the
        list of shards, and record each shard's files."""
        files: dict[str, dict[str, str]] = {}
        for folder, (previous, recorded) in self.kept.items():
            shutil.copytree(previous, self.bundle / folder, copy_function=_link_or_copy, dirs_exist_ok=True,
                            ignore=_not_the_shards(previous) if folder == "" else None)
            files[folder] = recorded
        for shard in self.made:
            if shard.folder:
                _trim(self.bundle / shard.folder)
            files[shard.folder] = _index_files(self.bundle / shard.folder, shard.folder)
        others = [f"{shard.folder}/" for shard in self.shards if shard.folder]
        (self.bundle / MANIFEST).write_text(json.dumps({"shards": others}), encoding="utf-8")
        self.record = {"format": RECORD_FORMAT, "shards": [
            {"folder": shard.folder, "digest": shard.digest, "files": files[shard.folder]} for shard in self.shards]}

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
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.communicate()  # also when it had ended: its pipes are closed, not left to the GC
        self._remove_documents()

    def _remove_documents(self) -> None:
        if self.documents is not None:
            shutil.rmtree(self.documents, ignore_errors=True)


def index_search(out: Path, docs: Sequence[SearchDocument], background: bool = False,
                 started: Callable[[subprocess.Popen[bytes]], None] | None = None,
                 record: Record | None = None) -> tuple[str | None, Record | None]:
    """Index `docs` into out/pagefind/ of a live site: a problem as text (or None), and what
    the new index holds (give it back as `record` next time: unchanged shards are kept).

    The index is built beside the site, then swapped in whole, so that a live preview
    never serves half an index and stale index files never pile up. `started` receives
    the Pagefind process, so that a stopping preview can end it (see `stop_indexing`).
    """
    remove_leftovers(out)
    staging = out / f".{SEARCH_INDEX}.tmp-{os.getpid()}"
    previous = out / SEARCH_INDEX if record is not None and (out / SEARCH_INDEX).is_dir() else None
    indexing = Indexing(docs, staging, previous=previous, background=background, started=started, record=record)
    problem = indexing.finish()
    if problem is not None:
        shutil.rmtree(staging, ignore_errors=True)
        return problem, None
    target, old = out / SEARCH_INDEX, out / f".{SEARCH_INDEX}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return None, indexing.record


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


def _index_files(folder: Path, shard: str) -> dict[str, str]:
    """Every file of a shard's folder, by relative path: the hash of its bytes (for the
    first shard, the bundle, not the other shards nor their list)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not (shard == "" and (name == MANIFEST or name.startswith(f"{SHARDS}/"))):
            found[name] = hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    return found


def _not_the_shards(bundle: Path) -> Callable[[str, list[str]], set[str]]:
    """copytree's filter for the first shard: the other shards and their list are not its own."""
    return lambda folder, names: {SHARDS, MANIFEST} if Path(folder) == bundle else set()


def _trim(folder: Path) -> None:
    """Remove from a merged shard what merging does not read (scripts, styles, WebAssembly)."""
    for path in folder.iterdir():
        if path.name not in _SHARD_FILES and not path.name.endswith(".pf_meta"):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def _link_or_copy(source: str, target: str) -> None:
    """Index files are never written in place: the kept shard's files can be shared."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _remember(cache: Path, record: Record | None) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f".{cache.name}.tmp-{os.getpid()}")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, cache)
    except OSError:
        cache.unlink(missing_ok=True)  # no record: the next build indexes again


def _child_setup(background: bool) -> None:
    """In the Pagefind process (or the runner), before it starts: die with the thread that
    started it (a stopped preview must not leave it writing into the site), and in the live
    preview, give way to the rebuilds."""
    die_with_parent()
    if background:
        os.nice(10)

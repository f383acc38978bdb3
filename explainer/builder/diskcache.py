"""Parsed content files kept on disk between one-shot builds, keyed by the bytes they came from.

ROOT/.cache/explainer/parsed.pickle holds, for each content file parsed without problems,
the digest of every file its parse read (the file itself, and a source's archive) and its
result, pickled. A later build reuses an entry only while each of those files has the same
bytes, and only from a cache written by the same engine (its code, Python's version and
this format): a missing, truncated, corrupt or stale cache is ignored, never trusted, and
the files are parsed again. A reused result equals what a parse makes, so the output is
the same bytes as a build without the cache (the tests hold this).

The cache is read with `pickle`, like the project's own templates it is trusted as part of
the project folder: it lives under .cache/, written only by this engine.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..content.files import digest

FORMAT = 1
ENGINE = Path(__file__).resolve().parents[1]  # the whole package


def cache_file(root: Path) -> Path:
    return root / ".cache" / "explainer" / "parsed.pickle"


def engine_key() -> str:
    """What must be the same for a cache to be used: this format, Python, the YAML library
    and the engine's code."""
    key = hashlib.blake2b(f"format {FORMAT} python {sys.version} pickle {pickle.HIGHEST_PROTOCOL} "
                          f"yaml {yaml.__version__}".encode(), digest_size=16)
    for path in sorted(ENGINE.rglob("*.py")):
        key.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return key.hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """One file's parse: the files it read (relative path, digest) and its result, pickled."""

    inputs: tuple[tuple[str, bytes | None], ...]
    result: bytes


class DiskCache:
    """The parses and quote checks of the previous build (read once), and this build's (written by `close`)."""

    def __init__(self, root: Path, previous: dict[str, Entry] | None = None,
                 previous_checks: dict[str, tuple[Any, Any]] | None = None) -> None:
        self.root = root
        self.previous = previous or {}
        self.current: dict[str, Entry] = {}  # what this build parsed or reused: the next cache
        # A sheet's quote checks, by sheet file: (the inputs of the sheet and of the sources
        # it cites, what the checks found).
        self.previous_checks = previous_checks or {}
        self.checks: dict[str, tuple[Any, Any]] = {}
        self.reused = 0

    @classmethod
    def open(cls, root: Path) -> DiskCache:
        """The cache of `root`, or an empty one if there is none that can be trusted."""
        try:
            with open(cache_file(root), "rb") as file:
                if pickle.load(file) != engine_key():
                    return cls(root)
                entries, checks = pickle.load(file)
        except Exception:
            return cls(root)
        if not isinstance(entries, dict) or not all(isinstance(e, Entry) for e in entries.values()) \
                or not isinstance(checks, dict):
            return cls(root)
        return cls(root, entries, checks)

    def reuse(self, name: str) -> Any | None:
        """The result of the file `name` (relative to the root) if every file its parse read
        still has the same bytes; None otherwise."""
        entry = self.previous.get(name)
        if entry is None or any(known is None or digest(self.root / path) != known for path, known in entry.inputs):
            return None
        try:
            result = pickle.loads(entry.result)
        except Exception:
            return None
        self.current[name] = entry
        self.reused += 1
        return result

    def remember(self, name: str, inputs: tuple[tuple[str, bytes | None], ...], result: bytes) -> None:
        self.current[name] = Entry(inputs, result)

    def checked(self, sheet: str, sources: list[str]) -> tuple[Any, Any]:
        """(key, found): what the previous build's quote checks of the sheet file found, if
        the sheet and the source files it cites are the same bytes (else None), and the key
        to `remember_checks` this build's under (None: files this cache does not hold)."""
        entries = [self.current.get(name) for name in [sheet, *sources]]
        if None in entries:
            return None, None
        key = tuple(entry.inputs for entry in entries if entry is not None)
        previous = self.previous_checks.get(sheet)
        if previous is None or previous[0] != key or previous[1] is None:
            return key, None
        self.checks[sheet] = previous
        return key, previous[1]

    def remember_checks(self, sheet: str, key: Any, found: Any) -> None:
        self.checks[sheet] = (key, found)

    def close(self) -> None:
        """Write this build's entries for the next build (a failure only costs the next build
        time), then let go of them and of the previous build's: the build goes on without."""
        try:
            self._save()
        finally:
            self.previous, self.current, self.previous_checks, self.checks = {}, {}, {}, {}

    def _save(self) -> None:
        if self.current == self.previous and self.checks == self.previous_checks:
            return
        path = cache_file(self.root)
        temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                pickle.dump(engine_key(), file, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump((self.current, self.checks), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

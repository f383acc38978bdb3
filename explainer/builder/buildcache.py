"""Skip a build whose inputs and output are exactly as the last successful build left them.

After a successful build, a manifest goes to ROOT/.cache/explainer/build.json: a hash of
every input (content, templates, catalogs, static files, site.yaml and the engine's own code) and
the size and time of every output file. The next build computes the same hash; when
nothing differs it reports the previous outcome without loading anything. A missing,
corrupt or stale manifest (another engine version, another output folder, an output file
touched) is ignored, never trusted: the build then runs in full.

The same manifest records the key of every page the output holds (see pagekeys.py): a
build that has work to do renders only the pages whose key changed and takes the others
from the previous output, as long as each such file is still as the manifest says (same
size and time) and the manifest comes from the same engine, output folder and options.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..content.problems import Location, Problem

FORMAT = 2


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the skipped build had printed: its counts and problem lines."""

    pages: int
    claims: int
    sources: int
    problems: tuple[Problem, ...]


def manifest_path(root: Path) -> Path:
    return root / ".cache" / "explainer" / "build.json"


def spare_site(root: Path) -> Path:
    """Where the site a one-shot build replaced waits to be the next build's staging folder
    (see output.Staging)."""
    return root / ".cache" / "explainer" / "spare-site"


def fragments_file(root: Path) -> Path:
    """Where the claims' entries in the views are kept between one-shot builds (oneshot.py)."""
    return root / ".cache" / "explainer" / "fragments.pickle"


def compiled_templates(root: Path) -> Path:
    """Where Jinja keeps the compiled templates of this project (see oneshot.compiled_templates)."""
    return root / ".cache" / "explainer" / "templates"


def inputs_digest(root: Path, template_dirs: list[Path], static_dirs: list[Path], locale_dirs: list[Path]) -> str:
    """One hash over the path and bytes of every file a build reads, and the engine's code.

    Entries that are not regular files (folders, links, FIFOs, devices) count by their kind
    and, for links, their target, never by reading them: adding a FIFO or pointing a link
    elsewhere changes the hash, and nothing here can block or follow a loop.
    """
    engine = Path(__file__).resolve().parents[1]  # the whole package
    entries = {root / "site.yaml"}
    for folder in [root / "content", *template_dirs, *locale_dirs, *static_dirs, engine]:
        for parent, folders, names in os.walk(folder):  # links to folders are listed, not entered
            folders[:] = [name for name in folders if name != "__pycache__"]
            entries.update(Path(parent) / name for name in folders + names)
    digest = hashlib.blake2b(f"format {FORMAT}".encode(), digest_size=32)
    for path in sorted(entries):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + _fingerprint(path) + b"\0")
    return digest.hexdigest()


def _fingerprint(path: Path) -> bytes:
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            return b"link " + os.fsencode(os.readlink(path)) + b" " + _fingerprint(path.resolve())
        if stat.S_ISREG(mode):
            return hashlib.blake2b(path.read_bytes(), digest_size=32).digest()
        return b"folder" if stat.S_ISDIR(mode) else b"special %o" % stat.S_IFMT(mode)
    except (OSError, RuntimeError):  # gone, unreadable, or a loop of links
        return b"missing"


def output_listing(out: Path) -> dict[str, list[int]]:
    """Every file of the output folder with its size, modification time and inode (a file
    kept from the previous output by a hard link keeps all three)."""
    listing = {}
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder) / name
            info = path.stat()
            listing[path.relative_to(out).as_posix()] = [info.st_size, info.st_mtime_ns, info.st_ino]
    return listing


def unchanged(root: Path, out: Path, digest: str) -> Outcome | None:
    """The previous outcome if inputs and output are as the manifest says, else None."""
    try:
        manifest = json.loads(manifest_path(root).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT or manifest["inputs"] != digest or manifest["out"] != str(out):
            return None
        if output_listing(out) != manifest["output"]:
            return None
        counts = manifest["outcome"]
        problems = tuple(Problem(Location(str(p), int(line), int(column)), str(message), bool(warning))
                         for p, line, column, message, warning in counts["problems"])
        return Outcome(int(counts["pages"]), int(counts["claims"]), int(counts["sources"]), problems)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no manifest, or one we cannot read: build in full


def previous_pages(root: Path, out: Path, variant: str) -> tuple[dict[str, str], dict[str, list[int]]]:
    """output file -> page key, for the pages of the last build still in `out` as it wrote
    them, and where each sheet's part lies in the data files (dataparts.py); empty when
    the manifest is missing, unreadable, or from another engine or output folder (`variant`)."""
    try:
        manifest = json.loads(manifest_path(root).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT or manifest["out"] != str(out) or manifest["variant"] != variant:
            return {}, {}
        recorded, pages, parts = manifest["output"], manifest["pages"], manifest["data_parts"]
        if not isinstance(recorded, dict) or not isinstance(pages, dict) or not isinstance(parts, dict):
            return {}, {}
        listing = output_listing(out)
        return {str(name): str(key) for name, key in pages.items()
                if name in listing and listing[name] == recorded.get(name)}, parts
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}


def remember(root: Path, out: Path, digest: str, outcome: Outcome, pages: dict[str, str] | None = None,
             variant: str = "", data_parts: dict[str, list[int]] | None = None) -> None:
    """Record a successful build; a failure to write the cache never fails the build.

    `pages`: output file -> key of each page (see pagekeys.py); `variant`: what else the
    keys depend on (the engine's version, the options)."""
    path = manifest_path(root)
    manifest = {"format": FORMAT, "inputs": digest, "out": str(out), "output": output_listing(out),
                "pages": pages or {}, "variant": variant, "data_parts": data_parts or {},
                "outcome": {"pages": outcome.pages, "claims": outcome.claims, "sources": outcome.sources,
                            "problems": [[p.location.path, p.location.line, p.location.column, p.message,
                                          p.warning] for p in outcome.problems]}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        temporary.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass

"""Write a built site: everything into a temporary folder beside the target, then swap it in.

A failed build never touches the previous output; a crash leaves at most a stray
`.NAME.tmp-*` or `.NAME.old-*` folder, which the next build removes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

MARKER = ".explainer-site"


class OutputError(Exception):
    """The output folder cannot be written or replaced; the message says why."""


@dataclass(frozen=True, slots=True)
class Written:
    files: int
    bytes: int


def check_target(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise OutputError(f"the output folder {out} would contain the project itself")
    for protected in ("content", "templates", "static"):
        if out.is_relative_to(root / protected):
            raise OutputError(f"the output folder {out} is inside {protected}/")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"refusing to replace {out}: it is not empty and was not built by this tool")


def write_site(out: Path, files: dict[str, bytes], static: dict[str, Path]) -> Written:
    """Write generated `files` and copied `static` files to `out`, replacing it whole."""
    out = out.resolve()
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write to {parent}: {exc.strerror or exc}") from exc
    try:
        staging.chmod(0o755)
        total = 0
        for name, data in sorted(files.items()):
            _write(staging / name, data)
            total += len(data)
        for name, path in sorted(static.items()):
            data = path.read_bytes()
            _write(staging / name, data)
            total += len(data)
        (staging / MARKER).write_bytes(b"")
        _swap(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the site to {out}: {exc.strerror or exc}") from exc
    return Written(len(files) + len(static), total)


def update_site(out: Path, changed: dict[str, bytes], removed: list[str]) -> None:
    """Update a live site in place: each changed file replaced atomically, removed ones deleted.

    Used by the live preview, where a reader may fetch a page while it is rewritten.
    """
    try:
        for name, data in sorted(changed.items()):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        for name in removed:
            (out / name).unlink(missing_ok=True)
            _remove_empty_parents(out, (out / name).parent)
    except OSError as exc:
        raise OutputError(f"cannot update the site in {out}: {exc.strerror or exc}") from exc


def _remove_empty_parents(out: Path, folder: Path) -> None:
    while folder != out and folder.is_relative_to(out) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Remove staging and old folders left by a build that was killed."""
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        for stray in out.parent.glob(pattern):
            if stray.is_dir():
                shutil.rmtree(stray, ignore_errors=True)

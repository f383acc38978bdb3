"""Write a built site: everything into a temporary folder beside the target, then swap it in.

A failed build never touches the previous output. The swap is one atomic exchange of the
two folders (Linux `renameat2` with `RENAME_EXCHANGE`), so a build killed at any moment
leaves the old site or the new one, whole; a crash leaves at most a stray `.NAME.tmp-*`
or `.NAME.old-*` folder, which the next build removes.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    existing = next(folder for folder in out.parents if folder.exists())
    if not existing.is_dir():
        raise OutputError(f"cannot create {out}: {existing} is a file, not a folder")
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


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` in the place of `out`, then remove the previous site."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    # No atomic exchange here (not Linux, old kernel or libc, or a file system without
    # it): two renames, with a moment between them when `out` is missing.
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _load_renameat2() -> Any:
    """glibc's renameat2 (2.28 and later), or None where the C library lacks it."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when this system cannot, so the caller falls back."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_leftovers(out: Path) -> None:
    """Remove staging and old folders left by a build that was killed."""
    for pattern in (f".{out.name}.tmp-*", f".{out.name}.old-*"):
        for stray in out.parent.glob(pattern):
            if stray.is_dir():
                shutil.rmtree(stray, ignore_errors=True)

"""Write a built site: everything into a temporary folder beside the target, then swap it in.

A failed build never touches the previous output. The swap is one atomic exchange of the
two folders (Linux `renameat2` with `RENAME_EXCHANGE`), so a build killed at any moment
leaves the old site or the new one, whole; a crash leaves at most a stray `.NAME.tmp-*`
or `.NAME.old-*` folder, which the next build removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
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


class Staging:
    """A new site written file by file into a folder beside `out`, then swapped in whole.

    Forked copies of the build may write into it too (folders are created race-free).
    `finish` puts it in the place of `out`; `discard` removes it, leaving `out` untouched.

    With a `spare` folder (a one-shot build with its cache), the previous site, once swapped
    out, is not removed but moved there, and the next build starts from it: most of its
    folders and files are already where the new site wants them. Removing a 1000-sheet
    site's 1500 folders costs seconds on some disks (each freed block is discarded); renaming
    them costs nothing. What the spare holds never matters: every file of the new site is
    written anew or linked to the current output's, and the rest is removed (`finish`).
    """

    def __init__(self, out: Path, spare: Path | None = None, others: tuple[str, ...] = ()) -> None:
        """`others`: folders another writer makes in the staging folder (the search indexes,
        `pagefind` and `en/pagefind`): none is taken from the spare, and `finish` leaves them
        as they are."""
        self.out = out.resolve()
        self.spare = spare
        self.others = others
        parent = self.out.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(self.out)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=parent))
            self.folder.chmod(0o755)
        except OSError as exc:
            raise OutputError(f"cannot write to {parent}: {exc.strerror or exc}") from exc
        self.recycled = False
        if spare is not None and spare.is_dir() and not spare.is_symlink():
            with contextlib.suppress(OSError):  # another disk, say: start from an empty folder
                os.rename(spare, self.folder)  # onto the empty folder just made
                self.recycled = True
            for name in others if self.recycled else ():
                if os.path.lexists(self.folder / name):
                    _remove(self.folder / name)

    def write(self, name: str, data: bytes | Iterable[bytes]) -> None:
        """Write one file: its bytes, or its pieces in order (a large file, made as written)."""
        try:
            _write(self.folder, name, data)
        except OSError as exc:  # the owner discards the folder (a forked copy must not)
            raise OutputError(f"cannot write the site to {self.out}: {exc.strerror or exc}") from exc

    def keep(self, name: str) -> None:
        """Take the file `name` as it is in the current output: a hard link, no copy (a copy
        where the file system has no links). The staged file is never written to: `write`
        replaces a file rather than writing into it, so the current site stays as it is."""
        source, target = self.out / name, self.folder / name
        try:
            if self.recycled and _same_file(source, target):
                return  # linked by the build that made the spare, and unchanged since
            _link(source, self.folder, name)
        except OSError as exc:
            raise OutputError(f"cannot write the site to {self.out}: {exc.strerror or exc}") from exc

    def finish(self, complete: Callable[[Path], None] | None = None, files: Iterable[str] = ()) -> None:
        """Swap the folder in; `complete` first runs on it (the search index is made there),
        so that the site appears with it or not at all. `files`: every file written or kept
        (in a recycled folder, any other is removed first)."""
        try:
            if self.recycled:
                _prune(self.folder, {*files, MARKER}, self.others)
            _write(self.folder, MARKER, b"")
            if complete is not None:
                complete(self.folder)
            old = _swap(self.folder, self.out)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write the site to {self.out}: {exc.strerror or exc}") from exc
        if old is not None:
            self._dispose(old)

    def discard(self) -> None:
        """Leave the output as it is (the staged folder becomes the spare, if there is one)."""
        self._dispose(self.folder)

    def _dispose(self, old: Path) -> None:
        """A folder no site needs: kept as the next build's spare, or removed."""
        if self.spare is not None:
            with contextlib.suppress(OSError):
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                shutil.rmtree(self.spare, ignore_errors=True)  # a spare not taken (another output folder)
                os.rename(old, self.spare)
                return
        shutil.rmtree(old, ignore_errors=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        x, y = a.stat(), b.lstat()
    except OSError:
        return False
    return (x.st_ino, x.st_dev) == (y.st_ino, y.st_dev)


def _make_room(folder: Path, name: str) -> None:
    """Clear the way for a new file `name` in `folder` (a recycled one may hold a file where
    a folder goes, or a folder where the file goes); an existing file is removed, never
    written into: it may be a link to the current site's."""
    path = folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the usual case: a folder not made yet
    except (FileExistsError, NotADirectoryError):  # a file, or a link, where a folder goes
        current = folder
        for part in Path(name).parts[:-1]:
            current = current / part
            if current.is_symlink() or (os.path.lexists(current) and not current.is_dir()):
                current.unlink()
                break
        path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        _remove(path)


def _prune(folder: Path, keep: set[str], others: tuple[str, ...]) -> None:
    """Remove every file of `folder` that is not in `keep`, and the folders left empty;
    the folders `others` (paths from `folder`) are left as they are."""
    def other(path: str) -> bool:
        return any(path == name or path.startswith(name + "/") for name in others)

    for parent, folders, names in os.walk(folder, topdown=False):
        here = Path(parent)
        prefix = here.relative_to(folder).as_posix()
        if here != folder and other(prefix):
            continue
        for name in names:
            if (f"{prefix}/{name}" if prefix != "." else name) not in keep:
                (here / name).unlink()
        for name in folders:
            if other(f"{prefix}/{name}" if prefix != "." else name):
                continue
            with contextlib.suppress(OSError):  # not empty: it holds files of the new site
                (here / name).rmdir()
        for name in folders:  # links to folders are listed with the folders, never entered
            if (here / name).is_symlink():
                (here / name).unlink()


def write_site(out: Path, files: dict[str, bytes], complete: Callable[[Path], None] | None = None) -> Written:
    """Write generated `files` to `out`, replacing it whole (see `Staging`)."""
    staging = Staging(out)
    try:
        for name, data in sorted(files.items()):
            staging.write(name, data)
    except OutputError:
        staging.discard()
        raise
    staging.finish(complete)
    return Written(len(files), sum(len(data) for data in files.values()))


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


def _write(folder: Path, name: str, data: bytes | Iterable[bytes]) -> None:
    """Write a new file `name` in `folder`: whatever stood there is removed first, never
    written into (it may be a link to the current site's file). No system call is spent
    looking first: the usual case, a new file in an existing folder, is one `open`."""
    path = folder / name
    try:
        file = open(path, "xb")  # noqa: SIM115 - closed below, whichever way it was opened
    except FileExistsError:
        _remove(path)
        file = open(path, "xb")  # noqa: SIM115 - closed below
    except (FileNotFoundError, NotADirectoryError):
        _make_room(folder, name)
        file = open(path, "xb")  # noqa: SIM115 - closed below
    with file:
        if isinstance(data, bytes):
            file.write(data)
        else:
            for piece in data:
                file.write(piece)


def _link(source: Path, folder: Path, name: str) -> None:
    """Hard-link `source` as `name` in `folder` (a copy where links cannot be made); as
    `_write`, whatever stood there is removed first."""
    target = folder / name
    try:
        os.link(source, target)
        return
    except FileExistsError:
        _remove(target)
    except (FileNotFoundError, NotADirectoryError):
        _make_room(folder, name)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        _make_room(folder, name)
        shutil.copy2(source, target)
        return
    os.link(source, target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _swap(staging: Path, out: Path) -> Path | None:
    """Put `staging` in the place of `out`; the folder now holding the previous site, if any."""
    if not out.exists():
        os.rename(staging, out)
        return None
    if _exchange(staging, out):
        return staging  # it now holds the previous site
    # No atomic exchange here (not Linux, old kernel or libc, or a file system without
    # it): two renames, with a moment between them when `out` is missing.
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(staging, out)
    return old


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

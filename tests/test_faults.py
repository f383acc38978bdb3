"""Faults while writing: a build killed at any moment, a full disk, an unwritable folder.

Whatever happens, the output folder holds the previous site or the new one, byte for
byte and never a mix, and the next build succeeds and leaves no temporary folder.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from badinputs import run_build
from conftest import BASE, PROJECT, tree_bytes, write_project
from contentgen import big_project

from explainer.builder import output

# The old and the new project differ in every page, in files only one has and in folders.
OLD_FILES = {"content/pages/p.md": "---\ntitle: Page\n---\nTexte.\n"}
NEW_FILES = {"site.yaml": BASE["site.yaml"].replace("title: T", "title: Nouveau"),
             "content/sheets/t.yaml": BASE["content/sheets/s.yaml"].replace("c1", "c2")}

# Run build.py with an audit hook that counts the writes under a folder (files opened for
# writing, folders made, renamed, removed) and kills the process with SIGKILL just before
# write number STEP. With STEP 0 it kills nothing and prints how many writes there were.
KILL_AT_STEP = r"""
import os, signal, sys
step, folder, project = int(sys.argv[1]), sys.argv[2], sys.argv[3]
WRITES = {"os.rename", "os.replace", "os.mkdir", "os.rmdir", "os.remove", "os.chmod", "shutil.rmtree"}
count = 0

def hook(event, args):
    global count
    if event == "open":
        mode, flags = args[1] or "", args[2] or 0
        writing = any(c in mode for c in "wax+") or bool(flags & (os.O_WRONLY | os.O_RDWR))
    else:
        writing = event in WRITES
    path = str(args[0]) if writing and args else ""
    if path == folder or path.startswith(folder + os.sep):
        count += 1
        if count == step:
            os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
sys.path.insert(0, project)
import build
code = build.main(sys.argv[4:])
print(f"writes={count}")
sys.exit(code)
"""


def build_tree(root: Path, out: Path) -> dict[str, bytes]:
    assert run_build(root, out).code == 0
    return tree_bytes(out)


def kill_at_step(step: int, work: Path, root: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", KILL_AT_STEP, str(step), str(work), str(PROJECT),
               "build", "--root", str(root), "--out", str(work / "site")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_next_build_recovers(root: Path, work: Path, new: dict[str, bytes]) -> None:
    """The build after a crash succeeds, gives the new site and leaves no temporary folder."""
    assert run_build(root, work / "site").code == 0
    assert tree_bytes(work / "site") == new
    assert [p.name for p in work.iterdir()] == ["site"]


def edited_project(root: Path, work: Path) -> Path:
    """The new project at `root`, after builds into work/site of the new then the old one:
    the output holds the old site, the build cache its pages' keys and, as its spare
    folder, the new site (see output.Staging): the next build keeps pages, links files and
    recycles folders, as a build after an edit does."""
    write_project(root, NEW_FILES)
    assert run_build(root, work / "site").code == 0
    for name in set(NEW_FILES) - set(OLD_FILES) - set(BASE):
        (root / name).unlink()
    write_project(root, OLD_FILES)
    assert run_build(root, work / "site").code == 0
    for name in set(OLD_FILES) - set(NEW_FILES) - set(BASE):
        (root / name).unlink()
    return write_project(root, NEW_FILES)


def test_a_build_killed_at_each_write_leaves_the_old_or_the_new_site(tmp_path: Path) -> None:
    old_root = write_project(tmp_path / "old", OLD_FILES)
    new_root = write_project(tmp_path / "new", NEW_FILES)
    old, new = build_tree(old_root, tmp_path / "old-site"), build_tree(new_root, tmp_path / "new-site")
    assert old != new

    # Each run starts from the same state (its own project and cache), so that its writes
    # come in the same order as the dry run's.
    dry = tmp_path / "dry"
    edited_project(tmp_path / "root-dry", dry)
    assert tree_bytes(dry / "site") == old
    stdout, _ = kill_at_step(0, dry, tmp_path / "root-dry").communicate(timeout=60)
    writes = int(stdout.rsplit("writes=", 1)[1])
    assert writes > 20

    outcomes: Counter[str] = Counter()
    steps = list(range(1, writes + 1))
    batch = max(2, os.cpu_count() or 2)
    for start in range(0, len(steps), batch):
        running = []
        for step in steps[start:start + batch]:
            work, root = tmp_path / f"step-{step}", tmp_path / f"root-{step}"
            edited_project(root, work)
            running.append((step, work, root, kill_at_step(step, work, root)))
        for _, _, _, process in running:
            process.communicate(timeout=60)
        for step, work, root, process in running:
            assert process.returncode == -signal.SIGKILL, f"step {step}: not killed"
            after = tree_bytes(work / "site")
            assert after in (old, new), f"killed at write {step}: neither the old nor the new site (missing or mixed)"
            outcomes["old" if after == old else "new"] += 1
            assert_next_build_recovers(root, work, new)
    assert outcomes["old"] and outcomes["new"], outcomes
    print(f"{writes} kill points: {dict(outcomes)}")


def wait_for_staging(work: Path, process: subprocess.Popen[bytes]) -> None:
    """Return once the build has started writing beside `work/site` (or has ended)."""
    while process.poll() is None and [p.name for p in work.iterdir()] == ["site"]:
        time.sleep(0.0005)


def test_a_build_killed_at_random_moments_leaves_the_old_or_the_new_site(tmp_path: Path) -> None:
    root = big_project(tmp_path / "p", sheets=30, claims=20, title="Ancien")
    old = build_tree(root, tmp_path / "old-site")
    site_yaml = root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("Ancien", "Nouveau"), encoding="utf-8")
    new = build_tree(root, tmp_path / "new-site")
    assert old != new and len(new) > 50

    def start(work: Path) -> subprocess.Popen[bytes]:
        shutil.copytree(tmp_path / "old-site", work / "site")
        command = [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root), "--out", str(work / "site")]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    began = time.perf_counter()
    timed = start(tmp_path / "timed")
    wait_for_staging(tmp_path / "timed", timed)
    writing_began = time.perf_counter()
    assert timed.wait(timeout=120) == 0
    ended = time.perf_counter()
    whole, writing = ended - began, ended - writing_began

    rng = random.Random()
    outcomes: Counter[str] = Counter()
    delays = []
    for n in range(8):
        work = tmp_path / f"kill-{n}"
        process = start(work)
        if n % 2:  # anywhere in the build
            delay = rng.uniform(0, whole)
        else:  # while the site is being written and swapped in
            wait_for_staging(work, process)
            delay = rng.uniform(0, writing)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        delays.append(f"{delay:.3f}" + ("" if n % 2 else " after writing began"))
        after = tree_bytes(work / "site")
        assert after in (old, new), f"killed {delays[-1]}: neither the old nor the new site (missing or mixed)"
        outcomes[("old" if after == old else "new") + (" (build had ended)" if process.returncode == 0 else "")] += 1
    assert_next_build_recovers(root, work, new)
    print(f"build {whole:.2f} s, writing {writing:.3f} s; kills at {'; '.join(delays)} s: {dict(outcomes)}")


def test_the_swap_works_without_an_atomic_exchange(project: Path, tmp_path: Path, monkeypatch) -> None:
    """Where renameat2 is missing, the two-rename fallback still replaces the site whole."""
    out = tmp_path / "out"
    assert run_build(project, out).code == 0
    (project / "content/sheets/s.yaml").write_text(BASE["content/sheets/s.yaml"].replace("title: S", "title: Autre"),
                                                   encoding="utf-8")
    monkeypatch.setattr(output, "_renameat2", None)
    assert run_build(project, out).code == 0
    assert "Autre" in (out / "s/index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


@pytest.fixture
def built(project: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A project with its site built once, and that site's bytes."""
    out = tmp_path / "out"
    return project, out, build_tree(project, out)


def edit(project: Path) -> None:
    """A change to the content, so the next build has to write (an unchanged one is skipped)."""
    sheet = project / "content/sheets/s.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("title: S", "title: Modifiée"), encoding="utf-8")


def assert_refused_cleanly(run, out: Path, message: str) -> None:
    assert run.code == 1
    assert run.err.splitlines()[0] == f"{out}:1:1: {message}", run.err
    assert "Traceback" not in run.err


def test_a_full_disk_is_reported_and_the_previous_site_kept(built, monkeypatch) -> None:
    project, out, before = built
    real_open = io.open
    written = Counter[str]()

    def open_on_a_full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and str(file).startswith(str(out.parent)):
            written["files"] += 1
            if written["files"] > 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", open_on_a_full_disk)
    monkeypatch.setattr(builtins, "open", open_on_a_full_disk)
    edit(project)
    run = run_build(project, out)
    assert_refused_cleanly(run, out, f"cannot write the site to {out}: No space left on device")
    assert tree_bytes(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "project"]


def test_a_folder_without_write_permission_is_reported(built, monkeypatch) -> None:
    # Tests run as root, where chmod does not stop writes: refuse them where they start.
    project, out, before = built

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out.parent))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    edit(project)
    run = run_build(project, out)
    assert_refused_cleanly(run, out, f"cannot write to {out.parent}: Permission denied")
    assert tree_bytes(out) == before


def test_an_output_folder_under_a_file_is_reported(project: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "site"
    run = run_build(project, out)
    assert_refused_cleanly(run, out, f"cannot create {out}: {tmp_path / 'a-file'} is a file, not a folder")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's /sys")
def test_an_output_folder_the_system_refuses_is_reported(project: Path) -> None:
    out = Path("/sys/explainer-site")
    run = run_build(project, out)
    assert_refused_cleanly(run, out, "cannot write to /sys: Operation not permitted")

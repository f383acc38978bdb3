"""The same content gives the same bytes, whatever the build's circumstances.

Two builds in a row are compared in test_cli.py; here: string hash seeds, the working
directory and the project's path, the order in which files were created, and the order in
which the file system lists them. Every comparison is of whole trees, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from badinputs import run_build
from conftest import PROJECT, tree_bytes
from contentgen import project_files, write_files

# A rich project: figures sharing keys, actors whose collation keys collide, month-only
# dates, conflicts, pages, a source without archive, archives published.
SHAPE = {"sheets": 20, "claims": 20, "sources": 12, "seed": 7, "title": "Déterminisme"}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return project_files(**SHAPE)


@pytest.fixture(scope="module")
def corpus(files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(tmp_path_factory.mktemp("determinism") / "project", files)


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference") / "_site"
    assert run_build(corpus, out).code == 0
    return tree_bytes(out)


def build_py(*args: str, cwd: Path, hash_seed: str = "0") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "build", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_same_bytes_whatever_the_string_hash_seed(corpus: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    seeds = ["0", "1", "random"]
    builds = [build_py("--root", str(corpus), "--out", str(tmp_path / seed), cwd=tmp_path, hash_seed=seed)
              for seed in seeds]
    errors = [process.communicate(timeout=120)[1] for process in builds]
    for seed, process, err in zip(seeds, builds, errors, strict=True):
        assert process.returncode == 0, err
        assert tree_bytes(tmp_path / seed) == reference, f"PYTHONHASHSEED={seed}"


def test_same_bytes_from_another_directory_and_project_path(corpus: Path, reference: dict[str, bytes],
                                                           tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs"
    shutil.copytree(corpus, elsewhere / "projet")
    process = build_py("--root", "projet", "--out", "sortie", cwd=elsewhere)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert tree_bytes(elsewhere / "sortie") == reference


def test_same_bytes_whatever_order_the_files_were_created(files: dict[str, str], reference: dict[str, bytes],
                                                          tmp_path: Path) -> None:
    root = write_files(tmp_path / "project", files, order=list(reversed(files)))
    assert run_build(root, tmp_path / "out").code == 0
    assert tree_bytes(tmp_path / "out") == reference


class _Listing:
    """Directory entries in a given order, usable like os.scandir's iterator."""

    def __init__(self, entries: list[os.DirEntry[str]]) -> None:
        self._entries = iter(entries)

    def __iter__(self) -> _Listing:
        return self

    def __next__(self) -> os.DirEntry[str]:
        return next(self._entries)

    def __enter__(self) -> _Listing:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass


def test_same_bytes_whatever_order_the_file_system_lists(corpus: Path, reference: dict[str, bytes],
                                                         tmp_path: Path, monkeypatch) -> None:
    real_scandir, real_listdir = os.scandir, os.listdir
    monkeypatch.setattr(os, "scandir", lambda path=".": _Listing(list(reversed(list(real_scandir(path))))))
    monkeypatch.setattr(os, "listdir", lambda path=".": list(reversed(real_listdir(path))))
    assert [p.name for p in corpus.iterdir()] == real_listdir(corpus)[::-1]  # the patch is in force
    assert run_build(corpus, tmp_path / "out").code == 0
    assert tree_bytes(tmp_path / "out") == reference

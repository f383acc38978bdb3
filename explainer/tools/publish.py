"""Publish a built site as a git branch (GitHub Pages' `gh-pages`), as `mkdocs gh-deploy` does.

The site folder becomes the branch's whole content, with `.nojekyll` (GitHub Pages would
otherwise run Jekyll, which drops files whose names start with `_`), in one new commit on
top of the branch's history: ghp-import writes it (the library `mkdocs gh-deploy` uses),
then the branch is pushed. The branch is fetched first, so a publish from another clone is
built upon, not overwritten. The caller builds the site first and publishes only a site
without errors (see build.py).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT_SECONDS = 300


class PublishError(Exception):
    """Why the site could not be published, in words for the person publishing."""


@dataclass(frozen=True, slots=True)
class Published:
    """A publish that went through: the new commit of `branch`, pushed to `remote`."""

    commit: str
    branch: str
    remote: str
    earlier: int  # how many publishes the branch held before this one


def publish(root: Path, site: Path, remote: str = "origin", branch: str = "gh-pages",
            message: str | None = None) -> Published:
    """Commit `site` as the whole content of `branch` of the git repository holding `root`,
    on top of the branch's history (the remote's, fetched first), and push it to `remote`.

    Raises PublishError with what went wrong; before the commit, nothing has changed."""
    import ghp_import  # only here: the other commands never need it

    if _git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise PublishError(f"{root} is not in a git repository: the site is published as a branch of one")
    if _git(root, "remote", "get-url", remote).returncode != 0:
        raise PublishError(f"the repository has no remote named '{remote}' (add one with "
                           f"`git remote add {remote} URL`, or name another with --remote)")
    if not (os.environ.get("GIT_COMMITTER_NAME") or _git(root, "config", "user.name").stdout.strip()):
        raise PublishError("git does not know who publishes: set `git config user.name` and "
                           "`git config user.email` (the publish commit carries them)")
    fetched = _git(root, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    if fetched.returncode != 0 and "couldn't find remote ref" not in fetched.stderr:
        raise PublishError(f"cannot fetch '{branch}' from '{remote}': {_last_line(fetched.stderr)}")
    before = _tip(root, f"refs/remotes/{remote}/{branch}")
    try:
        with contextlib.chdir(root):  # ghp-import runs git in the working folder
            ghp_import.ghp_import(str(site.resolve()), mesg=message or _message(root), remote=remote,
                                  branch=branch, nojekyll=True, push=False)
    except ghp_import.GhpError as exc:
        raise PublishError(f"ghp-import could not commit the site: {exc.message}") from exc
    commit = _tip(root, f"refs/heads/{branch}")
    if commit is None or commit == before:
        raise PublishError(f"git could not commit the site to '{branch}'")
    pushed = _git(root, "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}")
    if pushed.returncode != 0:
        raise PublishError(f"'{remote}' refused the push of '{branch}' (the local branch holds the new "
                           f"commit {commit[:12]}; nothing changed on the remote):\n{pushed.stderr.rstrip()}")
    earlier = int(_git(root, "rev-list", "--count", f"{commit}^").stdout.strip() or 0) if before else 0
    return Published(commit, branch, remote, earlier)


def _message(root: Path) -> str:
    """The publish commit's message: the source commit it was built from."""
    head = _git(root, "rev-parse", "--short=12", "HEAD").stdout.strip()
    if not head:
        return "Publish the site (build.py publish)"
    dirty = " with uncommitted changes" if _git(root, "status", "--porcelain").stdout.strip() else ""
    return f"Publish the site built from {head}{dirty} (build.py publish)"


def _tip(root: Path, ref: str) -> str | None:
    found = _git(root, "rev-parse", "--verify", "--quiet", ref)
    return found.stdout.strip() if found.returncode == 0 else None


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "git failed"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError as exc:
        raise PublishError("git is not installed: publishing needs it") from exc
    except subprocess.TimeoutExpired as exc:
        raise PublishError(f"git {args[0]} took more than {GIT_TIMEOUT_SECONDS} s: is the remote reachable?") from exc

"""A cold one-shot build's templates compiled on the second core while the first works.

Compiling the templates (Jinja: parse, generate Python, compile it) is about a quarter of a
cold build of the real site, and until the search index starts the build leaves the
second core idle. So, when the build cache holds no compiled templates yet, `start` forks
a copy of the process at once. The copy imports the renderer and compiles every template
into ROOT/.cache/explainer/templates (oneshot.py's `compiled_templates`) while the build
imports the engine, loads, verifies and then renders.

The build does not wait for the copy: each template it loads is read from that folder if
the copy has written it by then (Jinja writes a compiled template to a temporary file and
renames it), else compiled by the build itself. So nothing depends on the copy: if it
fails, the build compiles what it needs, as without it. The copy writes nothing else,
prints nothing and dies with the build (parent-death signal). The build reaps it at its
end (`Warmup.finish`): the copy compiles what the build would, so it is done by then.

Only in a process with no other threads (a fork copies just the calling thread, see
workers.py) and with a second core.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import threading
from pathlib import Path

from ..site.layout import template_dirs
from . import buildcache, workers

WAIT_SECONDS = 10.0  # a copy still compiling after the whole build is stopped


class Warmup:
    """The forked copy compiling the templates."""

    def __init__(self, pid: int, done: int) -> None:
        self.pid = pid
        self.done = done  # the read end of a pipe whose other end only the copy holds

    def finish(self) -> None:
        """Wait for the copy to end (at most WAIT_SECONDS, then stop it) and reap it."""
        if self.pid == 0:
            return
        try:
            ready, _, _ = select.select([self.done], [], [], WAIT_SECONDS)
            if not ready:
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:  # already reaped, or gone
            pass
        finally:
            os.close(self.done)
            self.pid = 0


def start(root: Path) -> Warmup | None:
    """Fork the copy, if no template is compiled yet and a second core is free for it."""
    folder = buildcache.compiled_templates(root)
    if workers.available() < 2 or threading.active_count() > 1 or folder.exists():
        return None
    done, copy_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(done)
        os.close(copy_end)
        return None
    if pid == 0:  # the copy: compile, then leave without running anything of the build's
        try:
            os.close(done)
            _compile_all(root, folder)
        finally:
            os._exit(0)
    os.close(copy_end)
    return Warmup(pid, done)


def _compile_all(root: Path, folder: Path) -> None:
    from .pagefindrun import die_with_parent

    die_with_parent()
    # The environment the build makes: the same filters, so the same code and file names.
    from ..site.render import RenderCache
    from .oneshot import compiled_templates

    # In the site's language (each language compiles its own: see site/render.py), read
    # without YAML: the copy must not import what the build imports meanwhile.
    found = re.search(r"^language:\s*[\"']?([A-Za-z0-9-]+)", (root / "site.yaml").read_text(encoding="utf-8"), re.M)
    from ..site.i18n import Catalogs

    cache = RenderCache(template_dirs(root), compiled_templates(folder), catalogs=Catalogs(root))
    cache.speak_language(found[1] if found else "en")  # the words the build will have: they name the files
    env = cache.env
    for name in env.list_templates():  # reverse name order measured no different
        with contextlib.suppress(Exception):  # the build compiles it again and reports what is wrong
            env.get_template(name)

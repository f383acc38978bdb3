"""Live preview: build, serve the output, rebuild on change and reload the browser.

The server is tornado (through `livereload`'s reload protocol and script); files are
watched with `watchfiles` (inotify), not livereload's polling watcher, which drops a save
made less than three seconds after the previous reload. Rebuilds run on a worker thread
so serving never waits for them; a failed rebuild keeps the last good site and every
page then carries the list of problems, in the HTML itself.
"""

from __future__ import annotations

import mimetypes
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Iterable
from pathlib import Path

import tornado.web
import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from markupsafe import escape
from tornado.ioloop import IOLoop

from ..builder.pipeline import Session
from ..builder.result import Result
from ..builder.search import SEARCH_INDEX, Record, index_search, remove_leftovers, stop_indexing
from ..content.files import is_editor_noise
from ..content.model import Site
from ..content.problems import counted
from ..site import urls
from ..site.layout import DEFAULTS, locale_dirs, template_dirs
from ..site.searchdocs import digest

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SETTLE_SECONDS = 0.01  # changes arriving this close together make one rebuild
INDEX_AFTER_SECONDS = 1.0  # the open data and the search index are redone once saves pause this long
OVERLAY_CSS = """
.preview-errors { position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 70vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #3b0a0a; color: #fff; font: 15px/1.5 ui-monospace, monospace;
  border-bottom: 4px solid #ff6b6b; }
.preview-errors h2 { margin: 0 0 .5rem; font: 700 16px/1.3 system-ui, sans-serif; }
.preview-errors ol { margin: 0; padding-left: 1.5rem; }
"""


# Site-wide files that every edit changes but no page shows: written after the reload.
LATER = frozenset(urls.DATA.values())
LATER_FILES = frozenset(urls.output_file(url) for url in LATER)


def is_later(name: str) -> bool:
    """Whether an output file is one of an edition's files written after the reload."""
    return any(name == later or name.endswith("/" + later) for later in LATER_FILES)


class Preview:
    """One live-preview server: a build session, its last outcome, and the browsers to reload."""

    def __init__(self, root: Path, out: Path) -> None:
        self.session = Session(root, out, search=False)  # indexed here, after the rebuild is reported
        self.root, self.out = root, out
        self.lock = threading.Lock()
        self.problems: list[str] = []  # errors of the last build; empty when it succeeded
        self.loop: IOLoop | None = None
        self.index_wanted = threading.Event()  # set when pages changed: the search index is stale
        self.indexer: subprocess.Popen[bytes] | None = None  # the running Pagefind, if any
        self.index_stale = False  # pages changed since the search index was last made
        self.indexed: tuple[tuple[str, Site], ...] = ()  # each edition's site of the last good build, to index
        # By edition (prefix): the documents of the index in place (the same ones are not indexed
        # again), and what it holds (its unchanged shards are kept).
        self.indexed_digest: dict[str, str] = {}
        self.index_record: dict[str, Record | None] = {}
        self.watching = False  # the file watchers are in place
        self.trusted = False  # and a build has looked at every file since: their reports say what changed

    def rebuild(self, changed: Iterable[str] = (), later: frozenset[str] = LATER,
                reported: bool = False) -> Result | None:
        """Build once; never raises: a bug in the engine is printed and shown as a problem.

        The open data (`later`) is brought up to date by `catch_up`, after the reload.
        `reported`: `changed` is what the watchers reported, so the other files need not be
        looked at (the catch-up build, a moment later, looks at every file all the same).
        """
        started = time.perf_counter()
        self.session.changed = []
        hint = frozenset(changed) if reported and self.trusted else None
        watching = self.watching
        with self.lock:
            try:
                result = self.session.build(later, hint)
            except Exception:
                traceback.print_exc()
                self.problems = ["internal error in the generator (see the terminal): please report it"]
                return None
        elapsed = (time.perf_counter() - started) * 1000
        self.trusted = self.trusted or watching
        self.problems = [str(p) for p in result.errors]
        report(result, sorted(changed), self.session, elapsed)
        if result.ok and result.site is not None:
            self.indexed = self.session.sites
        if result.ok and any(name.endswith(".html") for name in self.session.changed):
            self.index_stale = True
            self.index_wanted.set()  # indexed by another thread, after the browsers reload
        if result.ok and self.session.postponed:
            self.index_wanted.set()  # and the open data made there too
        return result

    def update(self, changed: Iterable[str] = (), later: frozenset[str] = LATER, reported: bool = False) -> None:
        """Rebuild, then reload the browsers when what a page shows has changed (not for an
        editor's swap file, nor for the open data alone)."""
        before = self.problems
        self.rebuild(changed, later, reported)
        shown = [name for name in self.session.changed if not is_later(name)]
        if self.loop is not None and (shown or self.problems != before):
            self.loop.add_callback(self.reload_browsers)

    def catch_up(self) -> None:
        """Write what the last rebuilds postponed (the open data), off the path to the reload.

        Content saved since the last rebuild may be built here too, and is then shown.
        """
        if self.session.postponed and not self.problems:  # a failing site waits for its fix
            self.update(later=frozenset())

    def reindex(self) -> None:
        """Rebuild the search index of each edition of the served site, so that search works in
        the preview too (an edition whose indexed text did not change keeps its index)."""
        for prefix, site in self.indexed:
            started = time.perf_counter()
            docs = self.session.search_documents(site)
            key = digest(docs)
            out = self.out / prefix
            name = f" ({prefix.strip('/')})" if prefix else ""
            if key == self.indexed_digest.get(prefix) and (out / SEARCH_INDEX).is_dir():
                print(f"[{time.strftime('%H:%M:%S')}] search index{name} kept: no indexed text changed", flush=True)
                continue
            problem, self.index_record[prefix] = index_search(out, docs, background=True, started=self._indexing,
                                                              record=self.index_record.get(prefix))
            self.indexed_digest[prefix] = "" if problem else key
            if problem:
                print(f"warning: {problem}", file=sys.stderr, flush=True)
            else:
                print(f"[{time.strftime('%H:%M:%S')}] search index{name} rebuilt in "
                      f"{(time.perf_counter() - started) * 1000:.0f} ms", flush=True)

    def _indexing(self, process: subprocess.Popen[bytes]) -> None:
        self.indexer = process

    def stop_indexing(self) -> None:
        stop_indexing(self.indexer, self.out)
        for prefix, _ in self.indexed:  # an edition's index being made, in its folder
            if prefix:
                remove_leftovers(self.out / prefix)

    def reload_browsers(self) -> None:
        """Ask every connected page to reload (runs on the IO loop)."""
        message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
        for waiter in list(LiveReloadHandler.waiters):
            try:
                waiter.write_message(message)
            except Exception:
                LiveReloadHandler.waiters.discard(waiter)


def report(result: Result, changed: list[str], session: Session, elapsed_ms: float) -> None:
    """One terminal line per rebuild: what changed, what was redone, how long it took."""
    named = changed or session.files.reparsed  # a save seen only as a temporary file: what was reparsed
    what = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    prefix = f"[{time.strftime('%H:%M:%S')}] " + (f"{what}: " if what else "")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"{prefix}build failed with {counted(len(result.errors), 'error')}; serving the last good site",
              file=sys.stderr, flush=True)
        return
    if not changed and not session.files.reparsed and not session.changed:
        return  # an editor's temporary file came and went: nothing to say
    rendered = ["/" + url for url in session.rendered]
    pages = ", ".join(rendered[:6]) + (" …" if len(rendered) > 6 else "")
    print(f"{prefix}reparsed {counted(len(session.files.reparsed), 'file')}, "
          f"re-rendered {counted(len(rendered), 'page')}{f' ({pages})' if pages else ''}, "
          f"wrote {counted(len(session.changed), 'file')} in {elapsed_ms:.0f} ms", flush=True)


class SiteHandler(tornado.web.RequestHandler):
    """Serves the output folder: never stale, never outside it, with the reload script."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.port = port

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def get(self, path: str) -> None:
        target = resolve(self.preview.out, path)
        if target is None or not target.is_file():
            self.set_status(404)
            target = self.preview.out / "404.html"
        if not target.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(self.decorate(b"<!doctype html><html><head><title>Preview</title></head><body></body></html>"))
            return
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self.decorate(data)
        self.set_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        self.finish(data)

    def decorate(self, html: bytes) -> bytes:
        """Add the reload script and, after a failed build, the list of problems."""
        head = (f'<link rel="stylesheet" href="/__preview__.css">'
                f'<script src="/livereload.js?port={self.port}"></script>').encode()
        html = insert(html, b"</head>", head, before=True)
        problems = self.preview.problems
        if problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in problems)
            failed = f"Build failed: {counted(len(problems), 'problem')}. This is the last good version of the page."
            overlay = (f'<aside class="preview-errors" role="alert"><h2>{failed}</h2>'
                       f"<ol>{items}</ol></aside>").encode()
            html = insert(html, b"<body", overlay, before=False)
        return html


class OverlayStyleHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(OVERLAY_CSS)


def insert(html: bytes, marker: bytes, addition: bytes, before: bool) -> bytes:
    """Insert `addition` before `marker` (or after the tag that `marker` opens), any case."""
    index = html.lower().find(marker)
    if index < 0:
        return addition + html if not before else html + addition
    if not before:
        index = html.find(b">", index) + 1
    return html[:index] + addition + html[index:]


def resolve(out: Path, path: str) -> Path | None:
    """The file under `out` that a URL path names, or None if it would leave `out`."""
    if "\x00" in path or "\\" in path or ".." in path.split("/"):
        return None
    base = out.resolve()
    target = (base / path.lstrip("/")).resolve()
    if not target.is_relative_to(base):
        return None
    return target / "index.html" if target.is_dir() else target


def watched_folders(root: Path, out: Path) -> list[Path]:
    """What an edit can touch: content, templates, catalogs and static files (the engine's defaults too)."""
    folders = [root / "content", *template_dirs(root), *locale_dirs(root), root / "static", DEFAULTS / "static"]
    unique: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if (folder.is_dir() and resolved not in [f.resolve() for f in unique]
                and not resolved.is_relative_to(out.resolve())):
            unique.append(folder)
    return unique


def watch(paths: list[Path], recursive: bool, changes: queue.Queue[set[str]], stop: threading.Event,
          ready: threading.Event, only: set[str] | None = None) -> None:
    """Feed `changes` with the paths that changed under `paths` until `stop` is set.

    `ready` is set once the watches are in place (the first, empty, batch comes after
    `rust_timeout`), so that no save made right after start-up goes unseen.
    """
    for batch in watchfiles.watch(*paths, recursive=recursive, stop_event=stop, debounce=1600, step=20,
                                  rust_timeout=200, yield_on_timeout=True, raise_interrupt=False,
                                  watch_filter=None):
        ready.set()
        # Editors' temporary files are passed on (see `rebuild_forever`): a save by rename may
        # be reported under the temporary name only.
        names = {path for _, path in batch if only is None or path in only}
        if names:
            changes.put(names)


def index_forever(preview: Preview, stop: threading.Event) -> None:
    """Keep the preview's search index up to date, off the path from save to reload.

    Pagefind indexes the whole site (seconds on a large one); requests that come while it
    runs are merged into one more run.
    """
    while not stop.is_set():
        if preview.index_wanted.wait(timeout=0.5):
            # Wait for a pause in the editing, so that indexing does not slow the rebuilds.
            while preview.index_wanted.is_set() and not stop.is_set():
                preview.index_wanted.clear()
                time.sleep(INDEX_AFTER_SECONDS)
            preview.catch_up()
            if preview.index_stale:
                preview.index_stale = False
                preview.reindex()


def rebuild_forever(preview: Preview, changes: queue.Queue[set[str]], stop: threading.Event) -> None:
    """Turn bursts of changes into single rebuilds, then reload the browsers."""
    while not stop.is_set():
        try:
            changed = changes.get(timeout=0.5)
        except queue.Empty:
            continue
        deadline = time.monotonic() + SETTLE_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            try:
                changed |= changes.get(timeout=left)
            except queue.Empty:
                break
        named = {path for path in changed if not is_editor_noise(path)}
        relative = {display(preview.root, Path(path)) for path in named}
        # An editor's temporary file is never named nor loaded; but when one came, the save
        # it made (write it, then rename it over the file) may be reported under its name
        # only: the rebuild then looks at every file, not just those named.
        preview.update(relative, reported=named == changed)


def display(root: Path, path: Path) -> str:
    """`path` relative to the project (a link is named as itself, not as its target)."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def serve(root: Path, out: Path, host: str, port: int, open_browser: bool = False) -> int:
    """Build, serve `out` on host:port and rebuild on every change until interrupted."""
    if host not in LOOPBACK:
        print(f"warning: serving on {host}: other machines can read the preview", file=sys.stderr)
    preview = Preview(root, out)
    preview.rebuild()
    app = tornado.web.Application([
        (r"/livereload", LiveReloadHandler),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r"/__preview__\.css", OverlayStyleHandler),
        (r"/(.*)", SiteHandler, {"preview": preview, "port": port}),
    ])
    try:
        server = app.listen(port, address=host)
    except OSError as exc:
        print(f"cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    changes: queue.Queue[set[str]] = queue.Queue()
    ready = [threading.Event(), threading.Event()]
    threads = [
        threading.Thread(target=watch, args=(watched_folders(root, out), True, changes, stop, ready[0]), daemon=True),
        threading.Thread(target=watch, args=([root], False, changes, stop, ready[1], {str(root / "site.yaml")}),
                         daemon=True),
        threading.Thread(target=rebuild_forever, args=(preview, changes, stop), daemon=True),
        threading.Thread(target=index_forever, args=(preview, stop), daemon=True),
    ]
    for thread in threads:
        thread.start()
    preview.watching = all(event.wait(timeout=10) for event in ready)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(f"serving {out} at {url} (watching content/, templates/, locale/, static/, site.yaml; Ctrl-C to stop)",
          flush=True)
    if open_browser:
        webbrowser.open(url)
    preview.loop = loop = IOLoop.current()
    # `kill` (SIGTERM) stops the server as Ctrl-C does, through the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    try:
        loop.start()
    except KeyboardInterrupt:
        print()
    finally:
        stop.set()
        server.stop()
        preview.stop_indexing()
    return 0

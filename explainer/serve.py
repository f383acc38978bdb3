"""Serve the built output folder over HTTP (static files only; live preview comes later)."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


def serve(out: Path, host: str, port: int) -> int:
    """Serve `out` until interrupted; loopback unless told otherwise."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {host}: other machines can read the site", file=sys.stderr)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        print(f"cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"serving {out} at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print()
    finally:
        server.server_close()
    return 0

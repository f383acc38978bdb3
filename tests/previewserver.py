"""Start `build.py serve` in a subprocess for tests, and read what it prints."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PreviewServer:
    """A running preview server: its URL, its output lines, and small HTTP helpers."""

    def __init__(self, root: Path, host: str = "127.0.0.1", start_timeout: float = 30,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(PROJECT / "build.py"), "serve", "--root", str(root), "--port",
             str(self.port), "--host", host],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"})
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for(lambda: any(line.startswith("serving ") for line in self.lines), "the server to start",
                      timeout=start_timeout)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        """GET a raw path (not normalised by any client library)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 15) -> float:
        """Poll `condition` until true; returns the seconds it took."""
        start = time.monotonic()
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(f"the server died while waiting for {what}:\n" + "\n".join(self.lines))
            if time.monotonic() - start > timeout:
                raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines[-20:]))
            time.sleep(0.02)
        return time.monotonic() - start

    def page_has(self, path: str, text: str) -> bool:
        return text in self.get(path)[2]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

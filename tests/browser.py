"""Debian's Chromium driven by Playwright, for browser tests; skips when it is missing."""

from __future__ import annotations

import os
import shutil
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = ("browser tests need Chromium at /usr/bin/chromium: install it with "
               "`sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM=/path/to/chrome")
    if os.environ.get("CI"):
        pytest.fail(message)  # CI installs it (.ci/run): a missing browser there is a failure
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()

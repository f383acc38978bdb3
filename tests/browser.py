"""Debian's Chromium driven by Playwright, for browser tests; skips when it is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# axe-core, from npm (package-lock.json): what the accessibility tests inject into a page.
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
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


_SHARED: dict[str, Any] = {}  # one Playwright and one browser for the whole run


def shared_browser() -> Any:
    """The run's one Chromium: test modules that import the fixture share it (Playwright's
    sync API allows one instance per thread)."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    return _SHARED["browser"]


def close_shared_browser() -> None:
    if "browser" in _SHARED:
        _SHARED.pop("browser").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    yield shared_browser()


def axe_violations(page: Any) -> list[str]:
    """What axe-core finds wrong in the page: each violation with up to three of its elements."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v =>
            `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }""")
    return list(found)

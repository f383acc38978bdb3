"""Explainer: YAML fact sheets to a static site where every claim links to its source."""

from __future__ import annotations

from typing import Any

from .api import build, check
from .builder.result import Result

__all__ = ["AddedSource", "Passage", "Result", "Session", "add_source", "build", "check", "find_passages"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """The engine's other names, imported on first use (see api.py: a no-change build needs none)."""
    if name in ("Passage", "Session", "find_passages"):
        from .builder import pipeline

        return getattr(pipeline, name)
    if name in ("AddedSource", "add_source"):
        from .tools import addsource  # imports trafilatura only when a page is read

        return getattr(addsource, name)
    raise AttributeError(f"module 'explainer' has no attribute {name!r}")

"""Explainer: YAML fact sheets to a static site where every claim links to its source."""

from .pipeline import Passage, Result, Session, build, check, find_passages

__all__ = ["Passage", "Result", "Session", "build", "check", "find_passages"]
__version__ = "0.1.0"

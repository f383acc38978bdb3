"""Explainer: YAML fact sheets to a static site where every claim links to its source."""

from .pipeline import Result, build, check

__all__ = ["Result", "build", "check"]
__version__ = "0.1.0"

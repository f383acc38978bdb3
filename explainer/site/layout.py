"""Where a project's files are: its templates, catalogs and static files over the engine's defaults."""

from __future__ import annotations

from pathlib import Path

# The engine's own templates, interface catalogs and static files, used where a project has
# none of its own.
DEFAULTS = Path(__file__).resolve().parents[2]


def template_dirs(root: Path) -> list[Path]:
    """The project's templates/ first, then the engine's defaults."""
    return [d for d in (root / "templates", DEFAULTS / "templates") if d.is_dir()]


def locale_dirs(root: Path) -> list[Path]:
    """The project's locale/ first, then the engine's: its catalogs' messages win (site/i18n.py)."""
    found = [d for d in (root / "locale", DEFAULTS / "locale") if d.is_dir()]
    return found[:1] if len(found) == 2 and found[0].resolve() == found[1].resolve() else found


def static_folders(root: Path) -> list[Path]:
    """The engine's static files, then the project's (which take precedence)."""
    if (root / "static").resolve() == (DEFAULTS / "static").resolve():
        return [root / "static"]
    return [DEFAULTS / "static", root / "static"]

"""Problems found in content: positions, messages, sorting and formatting."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A position in a file of the project: path relative to the root, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One mistake in the content, reported as `path:line:column: message`."""

    location: Location
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.location}: {kind}{self.message}"


@dataclass(slots=True)
class Report:
    """Collects problems from every stage so that all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    def warn(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, warning=True))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if not p.warning)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.warning)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`: a count with its noun, singular or plural as English says."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if one is close enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def shown_path(path: Path, root: Path) -> str:
    """A path as a problem names it: from the project's root, else in full (the engine's
    own files, an output folder elsewhere)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

"""What a build or check returns (`Result`), and the clock that times its stages."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content.problems import Problem

if TYPE_CHECKING:
    from ..content.model import Site


@dataclass(frozen=True, slots=True)
class Result:
    """What a build or check did: problems (errors and warnings), counts and timings."""

    problems: tuple[Problem, ...]
    site: Site | None = None
    pages: int = 0
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing to do: inputs and output as the last build left them
    claims: int = 0
    sources: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors


class Clock:
    """Time spent in each stage of a build, lap by lap."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        """Add the time since the previous lap to `stage` (a stage may come back)."""
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now

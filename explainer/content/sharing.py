"""How a stage may share a list of work: its caller decides, the stage only asks.

Loading, verifying and rendering a large site can split their items between processes,
but what a process is, and whether forking is safe, is the builder's business
(builder/workers.py). A stage takes a `Share` and calls it for its list of work; without
one, it does the items in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Share(Protocol):
    """Computes [work(0), …, work(count - 1)], in order, however it likes."""

    def __call__(self, work: Callable[[int], T], count: int) -> list[T]: ...


def in_turn(work: Callable[[int], T], count: int) -> list[T]:
    """Each item in turn, in this process."""
    return [work(index) for index in range(count)]

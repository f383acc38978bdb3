"""Both cores for large one-shot builds: a forked copy of the process shares a list of work.

The copy inherits everything the build has made so far (the model, the compiled
templates), so nothing is sent to it; only its results come back, pickled through a pipe.
The two processes take items from a shared counter as each finishes its previous one,
so the split balances itself whatever the items cost. A copy that fails costs time,
never a result: this process then does the items it had taken.

Only for a process with no other threads (the command line's build): a fork copies just
the calling thread, and a lock another thread held would stay locked in the copy.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from ..content.sharing import Share

T = TypeVar("T")


def available() -> int:
    """How many processes a build can use here."""
    return (os.cpu_count() or 1) if hasattr(os, "fork") else 1


def sharing(processes: int) -> Share | None:
    """What the stages may share their work with: `processes - 1` forked copies of this
    process, or none (None: each stage does its items in turn)."""
    return _Forked(processes) if processes > 1 else None


class _Forked:
    """A `Share` (content/sharing.py) that forks: see `shared_map`."""

    def __init__(self, processes: int) -> None:
        self.processes = processes

    def __call__(self, work: Callable[[int], T], count: int) -> list[T]:
        return shared_map(work, count, self.processes)


def shared_map(work: Callable[[int], T], count: int, processes: int = 2) -> list[T]:
    """[work(0), …, work(count - 1)], computed by this process and `processes - 1` forked copies."""
    if processes < 2 or count < 2:
        return [work(index) for index in range(count)]
    import multiprocessing  # here: a small site never forks, and its build starts ~10 ms sooner

    counter = multiprocessing.get_context("fork").Value("q", 0)

    def take() -> int:
        with counter.get_lock():
            index: int = counter.value
            counter.value += 1
        return index

    def drain() -> dict[int, T]:
        done: dict[int, T] = {}
        while (index := take()) < count:
            done[index] = work(index)
        return done

    helpers = [_Helper(drain) for _ in range(processes - 1)]
    try:
        results = drain()
    except BaseException:  # an error or Ctrl-C here: the copies' work is moot
        for helper in helpers:
            helper.stop()
        raise
    for helper in helpers:
        results.update(helper.result())
    return [results[index] if index in results else work(index) for index in range(count)]


class _Helper(Generic[T]):
    """`work()` in a forked copy of this process; `result()` waits for what it returned."""

    def __init__(self, work: Callable[[], dict[int, T]]) -> None:
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the copy: never returns
            os.close(read)
            status = 1
            try:
                with open(write, "wb") as pipe:
                    pickle.dump(work(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flush of the parent's buffers
        os.close(write)
        self._received: list[bytes] = []
        # Read while the copy works, or it would block once the pipe's buffer is full.
        self._reader = threading.Thread(target=self._read, args=(read,), daemon=True)
        self._reader.start()

    def _read(self, fd: int) -> None:
        with open(fd, "rb") as pipe:
            self._received.append(pipe.read())

    def stop(self) -> None:
        os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)

    def result(self) -> dict[int, T]:
        """What the copy computed, by index; empty if it failed."""
        self._reader.join()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not self._received:
            return {}
        try:
            done: dict[int, T] = pickle.loads(self._received[0])
        except Exception:
            return {}
        return done

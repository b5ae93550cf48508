"""A local kernel's process tree, read from this server for the live timeline.

The same figure as the probe's (``probe/proctree.py``, which the server never imports): the
kernel's RSS plus each descendant's private memory (USS), so that pages a forked worker shares
with the kernel count once and the live line meets the records' tree figures. A descendant's USS
comes from psutil's ``memory_full_info`` (its ``smaps_rollup``: tens of milliseconds a GiB) when
it is first seen and then at most a twentieth of the time; between, from its RSS less what it did
not hold privately at the last such read.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Optional

REFRESH_FACTOR = 20

TreeReader = Callable[[int], Optional[int]]


# libzmq names its I/O threads so; they never start a process, so their children files (a read
# each, ~13 µs) are not read. Python's threads carry the process's name and are all read.
NO_CHILDREN_THREADS = b"ZMQbg/"


def _read(path: str) -> bytes:
    # os.open and os.read: less than half what open() costs with its buffered file object.
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, 65536)
    finally:
        os.close(fd)


def _children(pid: int, tasks: list[str] | None = None) -> list[int]:
    if tasks is None:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return []
    found: list[int] = []
    for task in tasks:
        try:
            found.extend(int(word) for word in _read(f"/proc/{pid}/task/{task}/children").split())
        except (OSError, ValueError):
            continue
    return found


class ForkingThreads:
    """The threads of one process that may start processes: all but libzmq's, each told apart
    by its name once (a thread's name stays; an ended thread's entry goes at the next read)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._may_fork: dict[str, bool] = {}

    def read(self) -> list[str]:
        """The thread ids whose children files are worth reading now."""
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return []
        known = {task: self._may_fork.get(task) for task in tasks}
        for task, may_fork in known.items():
            if may_fork is None:
                try:
                    name = _read(f"/proc/{self.pid}/task/{task}/comm")
                except OSError:
                    name = b""
                known[task] = not name.startswith(NO_CHILDREN_THREADS)
        self._may_fork = {task: bool(may_fork) for task, may_fork in known.items()}
        return [task for task, may_fork in self._may_fork.items() if may_fork]


def descendants(pid: int, threads: ForkingThreads | None = None) -> dict[int, int] | None:
    """`pid`'s descendants, each with its parent, from the threads' ``children`` files
    (microseconds, where psutil scans every process on the machine: 20 ms at 150 processes);
    None where there are none. `threads`, kept between calls for the same `pid`, skips the
    threads that start none."""
    if not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
        return None
    found: dict[int, int] = {}
    pending = [(child, pid) for child in _children(pid, threads.read() if threads else None)]
    while pending:
        child, parent = pending.pop(0)
        if child not in found:
            found[child] = parent
            pending.extend((grandchild, child) for grandchild in _children(child))
    return found


def _in_parents_memory(pid: int, parent: int) -> bool:
    """Whether `pid` was made by vfork (subprocess's way, and posix_spawn's) and has not exec'd
    yet: it runs in its parent's memory then, whose pages its smaps_rollup shows as its own."""
    try:
        return _read(f"/proc/{pid}/statm") == _read(f"/proc/{parent}/statm")
    except OSError:
        return False


class _Descendants:
    """The descendants' USS, estimated between reads of their smaps_rollup."""

    def __init__(self, psutil: Any, process: Any) -> None:
        self._psutil = psutil
        self._process = process
        self._threads = ForkingThreads(process.pid)
        # pid -> (the psutil process, resident bytes not private at the last read, when due)
        self._known: dict[int, tuple[Any, int, float]] = {}

    def private(self) -> int:
        """The sum of the descendants' USS now, in bytes."""
        pids = descendants(self._process.pid, self._threads)
        if pids is None:
            # Not Linux (or no children files): psutil scans every process for its parent.
            pids = {child.pid: child.ppid() for child in self._process.children(recursive=True)}
        self._known = {pid: known for pid, known in self._known.items() if pid in pids}
        return sum(self._one(pid, parent) for pid, parent in pids.items())

    def _one(self, pid: int, parent: int) -> int:
        known = self._known.get(pid)
        # Checked only until it has been read apart from its parent: a process never starts
        # sharing its parent's memory later.
        if known is None and _in_parents_memory(pid, parent):
            return 0
        try:
            child = known[0] if known is not None else self._psutil.Process(pid)
            resident = int(child.memory_info().rss)
            now = time.monotonic()
            # Less resident than it shared at the last read: it exec'd (or let go of shared
            # pages) since, and the estimate from that read no longer holds.
            if known is not None and now < known[2] and resident >= known[1]:
                return max(0, resident - known[1])
            private = int(child.memory_full_info().uss)
        except Exception:  # noqa: BLE001  (it ended, or its memory is not ours to read)
            return 0
        cost = time.monotonic() - now
        self._known[pid] = (child, max(0, resident - private), now + REFRESH_FACTOR * cost)
        return private


def tree_reader(pid: int) -> TreeReader | None:
    """A reader of the tree of the local kernel process `pid`, given the kernel's own RSS;
    None without psutil (the tree then shows as the kernel alone)."""
    try:
        import psutil  # noqa: PLC0415  (the server's way to list a process's descendants)

        descendants = _Descendants(psutil, psutil.Process(pid))
    except Exception:  # noqa: BLE001  (ImportError, or no such process)
        return None

    def read(kernel: int) -> int | None:
        try:
            return kernel + descendants.private()
        except Exception:  # noqa: BLE001  (the kernel ended meanwhile)
            return None

    return read

"""The kernel's descendants (workers, subprocesses, a JVM) and the memory they add to it.

The tree's figure is the kernel's RSS plus each descendant's private memory (USS: the
``Private_*`` lines of ``/proc/<pid>/smaps_rollup``). Pages a forked worker shares with the kernel
are in the kernel's RSS once and in no worker's USS, so they are counted once, as with PSS; unlike
PSS this never reads the kernel's own ``smaps_rollup``, whose cost grows with the kernel's size
(benchmarks/README.md, "The process tree"), and it is never below the kernel-only figure, so the
tree's figure does not drop when a worker starts. Pages that only descendants share among
themselves (a forkserver's with its workers) are in no USS: they are not counted.

With no descendants nothing but the kernel's task list and ``children`` files is read.
Stdlib only; nothing here touches a user object.
"""

from __future__ import annotations

import os

# The breakdown names at most this many descendants (the largest); the figures count them all.
MAX_LISTED = 32
_NAME_LENGTH = 60

Sizes = dict[int, int]


def _read(path: str, size: int = 65536) -> bytes:
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def children_of(pid: int) -> list[int]:
    """The direct children of `pid`: each of its threads lists those it started."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(word) for word in _read(f"/proc/{pid}/task/{task}/children").split())
        except (OSError, ValueError):
            continue
    return found


def descendants_of(pid: int) -> list[int]:
    """Every descendant of `pid`, parents before their children."""
    found: list[int] = []
    pending = children_of(pid)
    while pending:
        child = pending.pop(0)
        if child in found:
            continue
        found.append(child)
        pending.extend(children_of(child))
    return found


def private_memory(pid: int) -> int | None:
    """The process's private resident memory (USS), in bytes; None once it has gone."""
    try:
        data = _read(f"/proc/{pid}/smaps_rollup", 4096)
    except OSError:
        return _statm_private(pid)
    total = 0
    for line in data.splitlines():
        if line.startswith(b"Private_"):
            total += int(line.split()[1]) * 1024
    return total


def _statm_private(pid: int) -> int | None:
    """Without smaps_rollup (kernels before 4.14): resident minus file-backed and shared pages,
    which counts anonymous pages still shared with the kernel after a fork."""
    try:
        fields = _read(f"/proc/{pid}/statm", 256).split()
        return max(0, int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def command_line(pid: int) -> list[str]:
    try:
        data = _read(f"/proc/{pid}/cmdline")
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in data.split(b"\0") if part]


def _comm(pid: int) -> str:
    try:
        return _read(f"/proc/{pid}/comm", 64).decode("utf-8", "replace").strip()
    except OSError:
        return ""


# Worker kinds that their command line shows, first match wins.
_KINDS = (
    ("loky", "loky worker"),
    ("multiprocessing.resource_tracker", "multiprocessing resource tracker"),
    ("multiprocessing.forkserver", "multiprocessing forkserver"),
    ("multiprocessing", "multiprocessing worker"),
)


def process_name(pid: int, kernel_cmdline: list[str]) -> str:
    """A short readable name: what kind of worker it is where that shows, else its command."""
    argv = command_line(pid)
    if not argv:
        return _comm(pid) or "process"
    joined = " ".join(argv)
    kind = next((name for marker, name in _KINDS if marker in joined), None)
    if kind is None and argv == kernel_cmdline:
        # A fork that did not exec: multiprocessing's default start on Linux before 3.14.
        kind = "forked worker"
    if kind is None and os.path.basename(argv[0]) == "java":
        kind = "java"
    if kind is not None:
        return kind
    text = " ".join([os.path.basename(argv[0]), *argv[1:]])
    return text if len(text) <= _NAME_LENGTH else text[: _NAME_LENGTH - 1] + "…"


class Reading:
    """One reading of the tree: the kernel's RSS and each descendant's private memory."""

    __slots__ = ("children", "kernel")

    def __init__(self, kernel: int, children: Sizes) -> None:
        self.kernel = kernel
        self.children = children

    @property
    def added(self) -> int:
        return sum(self.children.values())

    @property
    def total(self) -> int:
        return self.kernel + self.added


def read_tree(pid: int, kernel_rss: int) -> Reading:
    """The tree of `pid` now, given the kernel's RSS read by the caller."""
    sizes: Sizes = {}
    for child in descendants_of(pid):
        size = private_memory(child)
        if size is not None:
            sizes[child] = size
    return Reading(kernel_rss, sizes)

"""The kernel's descendants (workers, subprocesses, a JVM) and the memory they add to it.

The tree's figure is the kernel's RSS plus each descendant's private memory (USS: the
``Private_*`` lines of ``/proc/<pid>/smaps_rollup``, see `PrivateMemory`). Pages a forked worker
shares with the kernel are in the kernel's RSS once and in no worker's USS, so they are counted
once, as with PSS; unlike PSS this never reads the kernel's own ``smaps_rollup``, whose cost
grows with the kernel's size (benchmarks/README.md, "The process tree"), and it is never below
the kernel-only figure, so the tree's figure does not drop when a worker starts. Pages that only
descendants share among themselves (a forkserver's with its workers) are in no USS: they are not
counted.

With no descendants nothing but the kernel's task list and ``children`` files is read.
Stdlib only; nothing here touches a user object.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from .procmem import read_holding_gil

# The breakdown names at most this many descendants (the largest); the figures count them all.
MAX_LISTED = 32
_NAME_LENGTH = 60
# The name of the probe's thread that reads the tree while a cell runs (treewatch.py).
SAMPLER_THREAD = "memory-inspector-tree"

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


class OwnChildren:
    """This process's children, from its threads' ``children`` files.

    Read at each end of every cell, so with no children this is the tree's whole cost: the
    files stay open and are read through `read_holding_gil`, since a call that lets go of the
    GIL right after a cell starts or ends waits for the kernel's IOPub thread (procmem.py).
    The threads are Python's own (a thread that ends hands its children to another one), less
    the kernel's machinery (its IOPub, heartbeat, control and shell-channel threads, IPython's
    history saver, this probe's sampler), which starts no process: 9 threads cost 23 µs a
    reading in a kernel, the main thread alone 3 µs.
    """

    _MACHINERY = ("ipykernel.", "IPython.", "zmq.", "jupyter_client.", "tornado.")

    def __init__(self) -> None:
        self.pid = os.getpid()
        # thread id -> its open children file, or None for a thread of the machinery
        self._files: dict[int, int | None] = {}

    def read(self) -> list[int]:
        """The pids of this process's children now."""
        found: list[int] = []
        tids = set()
        for thread in threading.enumerate():
            tid = thread.native_id
            if tid is None:
                continue
            tids.add(tid)
            if tid not in self._files:
                self._files[tid] = self._open(tid, thread)
            fd = self._files[tid]
            if fd is None:
                continue
            try:
                found.extend(int(word) for word in read_holding_gil(fd, 4096).split())
            except (OSError, ValueError):
                continue
        for tid in [tid for tid in self._files if tid not in tids]:
            fd = self._files.pop(tid)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        return found

    def _open(self, tid: int, thread: threading.Thread) -> int | None:
        target = getattr(thread, "_target", None)
        module = getattr(target, "__module__", None) or type(thread).__module__ or ""
        if module.startswith(self._MACHINERY) or thread.name == SAMPLER_THREAD:
            return None
        try:
            return os.open(f"/proc/{self.pid}/task/{tid}/children", os.O_RDONLY)
        except OSError:
            return None

    def close(self) -> None:
        """Close the files kept open."""
        for fd in self._files.values():
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._files = {}


def descendants_of(pid: int, children: list[int]) -> dict[int, int]:
    """Every descendant of `pid`, whose own `children` are given, with its parent; parents
    before children."""
    found: dict[int, int] = {}
    pending = [(child, pid) for child in children]
    while pending:
        child, parent = pending.pop(0)
        if child in found:
            continue
        found[child] = parent
        pending.extend((grandchild, child) for grandchild in children_of(child))
    return found


def _statm(pid: int) -> bytes | None:
    try:
        return _read(f"/proc/{pid}/statm", 256)
    except OSError:
        return None


def _statm_bytes(statm: bytes, field: int) -> int | None:
    """A field of a ``statm`` line in bytes: 1 is resident, 2 file-backed or shared resident."""
    try:
        return int(statm.split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, IndexError):
        return None


def _rollup_private(pid: int) -> int | None:
    """The process's private resident memory (USS) from its ``smaps_rollup``."""
    try:
        data = _read(f"/proc/{pid}/smaps_rollup", 4096)
    except OSError:
        return None
    total = 0
    for line in data.splitlines():
        if line.startswith(b"Private_"):
            total += int(line.split()[1]) * 1024
    return total


class PrivateMemory:
    """Each descendant's USS, cheaply.

    Reading ``smaps_rollup`` walks the process's page tables: tens of milliseconds a GiB on the
    development machine (benchmarks/README.md). Between two such reads a descendant's USS is
    estimated from ``statm`` (microseconds): its RSS now minus what it did not hold privately at
    the last read. What a worker adds is its own, and what it shares with the kernel changes
    slowly. A descendant's ``smaps_rollup`` is read when it is first seen, and again (`refresh`)
    no sooner than `REFRESH_FACTOR` times that read's duration after it, so these reads take at
    most a twentieth of a core. Without ``smaps_rollup`` (Linux before 4.14), the USS is taken as
    the anonymous resident memory, which counts pages still shared with the kernel after a fork.
    """

    REFRESH_FACTOR = 20

    def __init__(self) -> None:
        # pid -> (resident bytes that were not private at the last read, when to read again)
        self._known: dict[int, tuple[int, float]] = {}

    def read(self, pid: int, parent: int, *, refresh: bool) -> int | None:
        """`pid`'s USS in bytes (estimated between reads of its smaps_rollup); None once gone."""
        statm = _statm(pid)
        resident = None if statm is None else _statm_bytes(statm, 1)
        if statm is None or resident is None:
            return None
        known = self._known.get(pid)
        # Checked only until it has been read apart from its parent: a process never starts
        # sharing its parent's memory later.
        if known is None and statm == _statm(parent):
            # Made by vfork (subprocess's way, and posix_spawn's) and not yet exec'd: it runs in
            # its parent's memory, whose pages its smaps_rollup would show as its own private
            # ones (a 2 GiB kernel running commands in a loop showed a 4.2 GiB tree).
            return 0
        now = time.monotonic()
        # Less resident than it shared at the last read: it exec'd (or let go of shared pages)
        # since, and the estimate from that read no longer holds, even where a read of its
        # smaps_rollup is not otherwise due (a cell's hooks).
        if known is not None and resident >= known[0] and (not refresh or now < known[1]):
            return max(0, resident - known[0])
        private = _rollup_private(pid)
        if private is None:
            return max(0, resident - (_statm_bytes(statm, 2) or 0))
        cost = time.monotonic() - now
        self._known[pid] = (max(0, resident - private), now + self.REFRESH_FACTOR * cost)
        return private

    @property
    def known(self) -> bool:
        """Whether any descendant is remembered."""
        return bool(self._known)

    def keep_only(self, pids: dict[int, int]) -> None:
        """Forget the processes that have gone (their pids may be reused)."""
        if any(pid not in pids for pid in self._known):
            self._known = {pid: known for pid, known in self._known.items() if pid in pids}


def command_line(pid: int) -> list[str]:
    try:
        data = _read(f"/proc/{pid}/cmdline")
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in data.split(b"\0") if part]


def _parent(pid: int) -> int:
    """`pid`'s parent, 0 where it cannot be read."""
    try:
        # The fields after the command's name, which may itself hold ") ".
        return int(_read(f"/proc/{pid}/stat", 1024).rpartition(b")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _comm(pid: int) -> str:
    try:
        return _read(f"/proc/{pid}/comm", 64).decode("utf-8", "replace").strip()
    except OSError:
        return ""


# Worker kinds that their command line shows, first match wins: the modules they run, so that a
# path that merely contains "loky" (a notebook's, a test file's) names nothing. joblib's loky
# runs its workers as "-m joblib.externals.loky.backend.popen_loky_posix" and, beside them, its
# own resource tracker ("-c from joblib.externals.loky.backend.resource_tracker import main");
# multiprocessing's spawned workers run "-c from multiprocessing.spawn import spawn_main".
_KINDS = (
    ("loky.backend.resource_tracker", "loky resource tracker"),
    ("loky.backend.popen_loky", "loky worker"),
    ("multiprocessing.resource_tracker", "multiprocessing resource tracker"),
    ("multiprocessing.forkserver", "multiprocessing forkserver"),
    ("multiprocessing.spawn", "multiprocessing worker"),
)


def process_name(pid: int, kernel_cmdline: list[str]) -> str:
    """A short readable name: what kind of worker it is where that shows, else its command."""
    argv = command_line(pid)
    if not argv:
        return _comm(pid) or "process"
    if argv == kernel_cmdline:
        # A fork that did not exec (multiprocessing's default start on Linux before 3.14);
        # first, since the kernel's own command line may hold any of the markers.
        return "forked worker"
    joined = " ".join(argv)
    kind = next((name for marker, name in _KINDS if marker in joined), None)
    if kind == "multiprocessing forkserver" and argv == command_line(_parent(pid)):
        # The forkserver forks its workers without exec (multiprocessing's default start on
        # Linux since 3.14): they show its command line.
        kind = "multiprocessing worker"
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


def read_tree(
    own: OwnChildren, kernel_rss: int, private: PrivateMemory, *, refresh: bool
) -> Reading:
    """This process's tree now, given its RSS read by the caller."""
    sizes: Sizes = {}
    children = own.read()
    if not children and not private.known:
        return Reading(kernel_rss, sizes)
    descendants = descendants_of(own.pid, children)
    private.keep_only(descendants)
    for child, parent in descendants.items():
        size = private.read(child, parent, refresh=refresh)
        if size is not None:
            sizes[child] = size
    return Reading(kernel_rss, sizes)

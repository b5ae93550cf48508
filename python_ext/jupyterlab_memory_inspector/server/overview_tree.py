"""A kernel's process tree in the overview: its own RSS plus its descendants' USS, the figure
the kernel's records and live timeline count (``proctree.py``).

The overview stays cheap: the descendants are listed from /proc only, from the children files
of the kernel's threads that may start processes (``ForkingThreads``); a kernel
without any costs nothing more, and the USS of those it has is read through one tree reader
per kernel process, which re-reads a descendant's smaps_rollup only now and then.
"""

from __future__ import annotations

from .proctree import ForkingThreads, TreeReader, descendants, tree_reader


class KernelTree:
    """The tree of one local kernel process, kept between overviews."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._threads = ForkingThreads(pid)
        self._reader: TreeReader | None = None

    def read(self, kernel: int) -> tuple[int, int | None]:
        """The tree's bytes given the kernel's own RSS, and how many descendants it has (None
        where /proc cannot list them: the kernel alone is counted then)."""
        pids = descendants(self.pid, self._threads)
        if not pids:
            return kernel, None if pids is None else 0
        if self._reader is None:
            self._reader = tree_reader(self.pid)
        tree = self._reader(kernel) if self._reader is not None else None
        return (kernel if tree is None else tree), len(pids)

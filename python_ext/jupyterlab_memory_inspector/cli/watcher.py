"""The command line's out-of-memory guard: the guard's watch (`guard_watch`) around each cell.

nbclient runs each cell on the run's event loop; while it waits for the cell's messages, the
watch reads the kernel process's memory group at the guard's period and interrupts the kernel
through nbclient's kernel manager when the guard says so. The server feeds the same watch
(server/guard.py). Each reading also takes the kernel's own memory and its process tree's (the
server's live reader, ``server/proctree.py``: the kernel's RSS plus its descendants' USS, as
the probe counts them), so that a cell that kills the kernel gets a record whose tree counts
the workers and subprocesses that held memory until then.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from ..fatal_record import CellReadings
from ..guard_watch import GuardWatch
from ..memory_group import GroupReader, MemoryReading
from ..oom_guard import GuardSettings
from ..server.live import process_reader
from ..server.proctree import tree_reader


class CellWatcher(GuardWatch):
    """The guard around each cell of the kernel process `pid`; `interrupt` interrupts it."""

    def __init__(self, pid: int, interrupt: Callable[[], Any], settings: GuardSettings) -> None:
        super().__init__(GroupReader(pid), interrupt, settings)
        self._kernel = process_reader(pid)
        self._tree = tree_reader(pid)
        # The kernel's own readings during the cell that runs (or ran last): should the kernel
        # die, the fatal cell's record is made from them (`fatal_record`).
        self.cell = CellReadings(msg_id=None, start=time.time())

    def start(self) -> None:
        """A cell starts: its own readings begin anew."""
        self.cell = CellReadings(msg_id=None, start=time.time())
        super().start()

    def read(self) -> MemoryReading | None:
        """The group's reading, taking the kernel's own memory and its tree's at the same
        moment (a new descendant's USS costs milliseconds a GiB once, then rarely again)."""
        memory = self._kernel() if self._kernel is not None else None
        if memory is not None:
            tree = self._tree(memory) if self._tree is not None else None
            self.cell.add(time.time(), memory, tree)
        return super().read()

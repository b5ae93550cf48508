"""The command line's out-of-memory guard: the guard's watch (`guard_watch`) around each cell.

nbclient runs each cell on the run's event loop; while it waits for the cell's messages, the
watch reads the kernel process's memory group at the guard's period and interrupts the kernel
through nbclient's kernel manager when the guard says so. The server feeds the same watch
(server/guard.py).
"""

from __future__ import annotations

from typing import Any, Callable

from ..guard_watch import GuardWatch
from ..memory_group import GroupReader
from ..oom_guard import GuardSettings


class CellWatcher(GuardWatch):
    """The guard around each cell of the kernel process `pid`; `interrupt` interrupts it."""

    def __init__(self, pid: int, interrupt: Callable[[], Any], settings: GuardSettings) -> None:
        super().__init__(GroupReader(pid), interrupt, settings)

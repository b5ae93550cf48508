"""Watches the kernel's memory group while a cell runs: the command line's out-of-memory guard.

A task on the run's event loop reads the group every `period` seconds while nbclient waits for
the cell's messages; when the guard says so it interrupts the kernel through nbclient's kernel
manager. It also keeps the cell's fullest reading and the group's OOM-kill counter from the
cell's start: the evidence for naming the cause should the kernel die anyway, and the kernel's
own memory at each reading: the fatal cell's record is made from them (`fatal_record`).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from typing import Any, Callable

from ..fatal_record import CellReadings
from ..memory_group import GroupReader, MemoryReading
from ..oom_guard import GuardSettings, OomGuard
from ..server.live import process_reader

PERIOD = 0.1
"""Seconds between readings while a cell runs (see benchmarks/README.md: guard)."""


class CellWatcher:
    """The guard around each cell of one kernel (`pid`); `interrupt` interrupts the kernel."""

    def __init__(
        self,
        pid: int,
        interrupt: Callable[[], Any],
        settings: GuardSettings,
        period: float = PERIOD,
    ) -> None:
        self._reader = GroupReader(pid)
        self._kernel = process_reader(pid)
        # The kernel's own readings during the cell that runs (or ran last).
        self.cell = CellReadings(msg_id=None, start=time.time())
        self._interrupt = interrupt
        self.guard = OomGuard(settings)
        self.period = period
        # The fullest reading during the cell: after a kill the group reads nearly empty.
        self.highest: MemoryReading | None = None
        self.oom_kills_before: int | None = None
        self._task: asyncio.Task[None] | None = None

    def read(self) -> MemoryReading | None:
        """A reading now (also after the cell, for the evidence of a death)."""
        return self._reader.read()

    def start(self) -> None:
        """A cell starts: take the baseline and watch until `stop`."""
        self.cell = CellReadings(msg_id=None, start=time.time())
        self._read_kernel()
        self.highest = self.read()
        self.guard.cell_started(self.highest)
        self.oom_kills_before = self.highest.oom_kills if self.highest else None
        self._task = asyncio.ensure_future(self._watch())

    async def stop(self) -> dict[str, Any] | None:
        """The cell ended: stop watching; what the guard did in it (schema: OomGuard)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        return self.guard.outcome()

    def _read_kernel(self) -> None:
        memory = self._kernel() if self._kernel is not None else None
        if memory is not None:
            self.cell.add(time.time(), memory)

    async def _watch(self) -> None:
        while True:
            self._read_kernel()
            reading = self.read()
            if reading is not None:
                if self.highest is None or reading.usage > self.highest.usage:
                    self.highest = reading
                if self.guard.observe(reading):
                    interrupted = self._interrupt()
                    if inspect.isawaitable(interrupted):
                        await interrupted
            await asyncio.sleep(self.period)

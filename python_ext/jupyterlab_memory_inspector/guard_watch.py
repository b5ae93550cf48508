"""Reads a kernel's memory group at the guard's period while a cell runs, and feeds the guard.

The one path by which the out-of-memory guard sees memory, in the server (server/guard.py) and
on the command line (cli/watcher.py): a task on the event loop reads the group every `period`
seconds from the cell's start to its end, `OomGuard` decides, and `interrupt` interrupts the
kernel the caller's way. The period is the guard's own, not the live timeline's: a reading costs
tens of microseconds, and the slower the readings, the more memory a cell adds unseen between
two of them (benchmarks/README.md, the guard). It also keeps the cell's fullest reading and the
group's OOM-kill counter at the cell's start: the evidence for naming the cause should the
kernel die anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from typing import Any, Callable

from .memory_group import GroupReader, MemoryReading
from .oom_guard import GuardSettings, OomGuard


class GuardWatch:
    """The guard around each cell of one kernel, whose memory `reader` reads."""

    def __init__(
        self, reader: GroupReader, interrupt: Callable[[], Any], settings: GuardSettings
    ) -> None:
        self._reader = reader
        self._interrupt = interrupt
        self.guard = OomGuard(settings)
        self.period = settings.period
        # The fullest reading during the cell: after a kill the group reads nearly empty.
        self.highest: MemoryReading | None = None
        self.latest: MemoryReading | None = None
        self.oom_kills_before: int | None = None
        self._task: asyncio.Task[None] | None = None

    def read(self) -> MemoryReading | None:
        """A reading now (also after the cell, for the evidence of a death), kept as the latest."""
        reading = self._reader.read()
        if reading is not None:
            self.latest = reading
        return reading

    def start(self) -> None:
        """A cell starts: take the baseline and, where a limit is known, watch until `end`."""
        self.end()
        self.highest = self.read()
        self.guard.cell_started(self.highest)
        self.oom_kills_before = self.highest.oom_kills if self.highest else None
        if self.highest is not None and self.highest.limit > 0:
            self._task = asyncio.ensure_future(self._watch())

    def end(self) -> dict[str, Any] | None:
        """The cell ended: stop reading; what the guard did in it (schema: OomGuard), once."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        outcome = self.guard.outcome()
        self.guard.cell_started()
        return outcome

    async def stop(self) -> dict[str, Any] | None:
        """`end`, once the reading task has finished: no interrupt is sent after this returns."""
        task = self._task
        outcome = self.end()
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        return outcome

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.period)
            reading = self.read()
            if reading is None:
                continue
            if self.highest is None or reading.usage > self.highest.usage:
                self.highest = reading
            if self.guard.observe(reading):
                interrupted = self._interrupt()
                if inspect.isawaitable(interrupted):
                    await interrupted

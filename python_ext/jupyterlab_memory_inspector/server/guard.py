"""The server's out-of-memory guard of one kernel, and the evidence of its death.

Fed by the live sampler: at each reading while a cell runs it reads the kernel's memory group
(or the host), and interrupts the kernel through its manager when the guard says so (see
`oom_guard`). What it did goes into the interrupted cell's record (``oom_guard``); should the
kernel die anyway, `death()` names the cause from the group's OOM-kill counter and the process's
exit status, with the fullest reading of the cell that was running.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Iterable
from typing import Any

from jupyter_client.manager import KernelManager

from ..death_cause import death_cause
from ..memory_group import GroupReader, MemoryReading
from ..oom_guard import GuardSettings, OomGuard


class KernelGuard:
    """Watches one kernel process (`pid`) while its cells run."""

    def __init__(
        self, kernel_manager: KernelManager, pid: int, settings: GuardSettings, log: logging.Logger
    ) -> None:
        self._kernel_manager = kernel_manager
        self._reader = GroupReader(pid)
        self._guard = OomGuard(settings)
        self._log = log
        # The request that runs now (from its busy status), and what the guard saw during it.
        self.msg_id: str | None = None
        self.execution_count: int | None = None
        self.highest: MemoryReading | None = None
        self.latest: MemoryReading | None = None
        self._oom_kills_before: int | None = None
        # What the guard did, by the msg_id of the request it interrupted, until its record comes.
        self._outcomes: dict[str, dict[str, Any]] = {}
        self._interrupting: asyncio.Future[Any] | None = None

    def read(self) -> MemoryReading | None:
        """The group's (or host's) memory now; kept as the latest reading."""
        reading = self._reader.read()
        if reading is not None:
            self.latest = reading
        return reading

    def status(self, state: str, msg_id: str | None) -> None:
        """The kernel's status about a cell's request (`msg_id`): busy, then idle."""
        if state == "busy":
            self.cell_started(msg_id)
        else:
            self.cell_ended()

    def executing(self, msg_id: str | None, execution_count: Any) -> None:
        """The kernel announced the code of request `msg_id` and its execution count."""
        if msg_id == self.msg_id and isinstance(execution_count, int):
            self.execution_count = execution_count

    def cell_started(self, msg_id: str | None) -> None:
        """A cell's request made the kernel busy."""
        self._finish()
        self.msg_id = msg_id
        self.execution_count = None
        self.highest = self.read()
        self._guard.cell_started(self.highest)
        self._oom_kills_before = self.highest.oom_kills if self.highest else None

    def cell_ended(self) -> None:
        """The kernel is idle again."""
        self._finish()
        self.msg_id = None

    def sampled(self, busy: bool) -> dict[str, Any] | None:
        """A live reading was taken: read the group too; interrupt if the guard says so.

        Returns the group's reading for the sample (schema: GroupMemory), or None.
        """
        reading = self.read()
        if reading is None:
            return None
        if busy and self.msg_id is not None:
            if self.highest is None or reading.usage > self.highest.usage:
                self.highest = reading
            if self._guard.observe(reading):
                self._interrupt()
        return reading.as_json()

    def annotate(self, record: dict[str, Any]) -> dict[str, Any]:
        """The cell's record, with what the guard did in it (``oom_guard``) if anything."""
        msg_id = record.get("msg_id")
        if msg_id == self.msg_id:
            # The cell has ended: readings until the idle status must not interrupt again.
            self._finish()
            self.msg_id = None
        outcome = self._outcomes.pop(str(msg_id), None)
        return {**record, "oom_guard": outcome} if outcome is not None else record

    def death(self) -> dict[str, Any]:
        """Why the kernel died, from the evidence (schema: KernelDeath)."""
        process = getattr(getattr(self._kernel_manager, "provisioner", None), "process", None)
        returncode = process.poll() if process is not None else None
        after = self._reader.read()
        death = death_cause(
            returncode,
            self.highest if self.msg_id is not None else self.latest,
            self._oom_kills_before,
            after.oom_kills if after is not None else None,
        )
        death.update(msg_id=self.msg_id, execution_count=self.execution_count)
        return death

    def _finish(self) -> None:
        outcome = self._guard.outcome()
        if outcome is not None and self.msg_id is not None:
            self._outcomes[self.msg_id] = outcome
        self._guard.cell_started()

    def _interrupt(self) -> None:
        self._log.warning(
            "memory-inspector: the memory group is nearly full: interrupting the running cell"
        )
        interrupted = self._kernel_manager.interrupt_kernel()
        if inspect.isawaitable(interrupted):
            self._interrupting = asyncio.ensure_future(interrupted)


def local_guard(
    kernel_manager: KernelManager, pid: int, settings: GuardSettings, log: logging.Logger
) -> KernelGuard | None:
    """A guard for a kernel that runs on this machine as `pid`; None for one that does not (its
    pid belongs to another machine or namespace, and so does its memory group)."""
    process = getattr(getattr(kernel_manager, "provisioner", None), "process", None)
    if getattr(process, "pid", None) != pid:
        return None
    return KernelGuard(kernel_manager, pid, settings, log)


def last_death(lifecycle: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The cause of the kernel's latest death in a monitor's lifecycle, if it died."""
    deaths = [event["death"] for event in lifecycle if "death" in event]
    return deaths[-1] if deaths else None

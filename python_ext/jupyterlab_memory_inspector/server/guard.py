"""The server's out-of-memory guard of one kernel, and the evidence of its death.

From each cell's busy status to its idle one, the guard's watch (`guard_watch`, shared with the
command line) reads the kernel's memory group (or the host) at the guard's period, not at the
live timeline's, and the kernel is interrupted through its manager when the guard says so (see
`oom_guard`). What it did goes into the interrupted cell's record (``oom_guard``); should the
kernel die anyway, `death()` names the cause from the group's OOM-kill counter and the process's
exit status, with the fullest reading of the cell that was running.
"""

from __future__ import annotations

import logging
from typing import Any

from jupyter_client.manager import KernelManager

from ..death_cause import death_cause
from ..guard_watch import GuardWatch
from ..memory_group import GroupReader, MemoryReading
from ..oom_guard import GuardSettings


class KernelGuard:
    """Watches one kernel process (`pid`) while its cells run."""

    def __init__(
        self, kernel_manager: KernelManager, pid: int, settings: GuardSettings, log: logging.Logger
    ) -> None:
        self._kernel_manager = kernel_manager
        self._watch = GuardWatch(GroupReader(pid), self._interrupt, settings)
        self._log = log
        # The request that runs now (from its busy status).
        self.msg_id: str | None = None
        self.execution_count: int | None = None
        # What the guard did, by the msg_id of the request it interrupted, until its record comes.
        self._outcomes: dict[str, dict[str, Any]] = {}

    @property
    def latest(self) -> MemoryReading | None:
        """The latest reading of the group (or host)."""
        return self._watch.latest

    @property
    def highest(self) -> MemoryReading | None:
        """The fullest reading during the running (or last) cell."""
        return self._watch.highest

    def read(self) -> MemoryReading | None:
        """The group's (or host's) memory now; kept as the latest reading."""
        return self._watch.read()

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
        self._watch.start()

    def cell_ended(self) -> None:
        """The kernel is idle again."""
        self._finish()
        self.msg_id = None

    def sampled(self) -> dict[str, Any] | None:
        """A live reading was taken: the group's reading for it (schema: GroupMemory), or None."""
        reading = self.read()
        return None if reading is None else reading.as_json()

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
        before = self._watch.oom_kills_before
        during = self.highest if self.msg_id is not None else self.latest
        after = self.read()
        death = death_cause(
            returncode,
            during,
            before,
            after.oom_kills if after is not None else None,
        )
        death.update(msg_id=self.msg_id, execution_count=self.execution_count)
        return death

    def close(self) -> None:
        """The kernel is gone or restarting: stop reading (the evidence read so far is kept)."""
        self._watch.end()

    def _finish(self) -> None:
        outcome = self._watch.end()
        if outcome is not None and self.msg_id is not None:
            self._outcomes[self.msg_id] = outcome

    def _interrupt(self) -> Any:
        self._log.warning(
            "memory-inspector: the memory group is nearly full: interrupting the running cell"
        )
        return self._kernel_manager.interrupt_kernel()


def local_guard(
    kernel_manager: KernelManager, pid: int, settings: GuardSettings, log: logging.Logger
) -> KernelGuard | None:
    """A guard for a kernel that runs on this machine as `pid`; None for one that does not (its
    pid belongs to another machine or namespace, and so does its memory group)."""
    process = getattr(getattr(kernel_manager, "provisioner", None), "process", None)
    if getattr(process, "pid", None) != pid:
        return None
    return KernelGuard(kernel_manager, pid, settings, log)

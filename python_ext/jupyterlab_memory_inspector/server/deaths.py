"""A kernel's deaths, as one monitor sees them: the cause, the cell, and the cell's record.

The kernel manager's restarter calls back when a kernel dies (and again should it give up
restarting it). The guard names the cause from evidence; this module follows the running cell
from IOPub (its request's busy status, the probe's start message with the cell's id, the
execution count) and the live readings taken while it ran, so that the death names its cell and
the cell gets a record made from those readings (`fatal_record`), kept in the history like any
other. The restarter can find the kernel dead before this server has read the kernel's last
IOPub messages (the start of the cell it died in among them): the cause is read at once, and
the death is noted once the messages already received are handled (or at once when the monitor
reconnects first).

A remote kernel (behind a kernel gateway) has no restarter here: the gateway's kernel websocket,
through which this server talks to it, says ``restarting`` (or ``dead``, when it gives up) on
IOPub instead (a restart the user asks for does not). With no process to read, the cause stays
unknown, saying why; the record comes from the kernel's own usage replies, and the monitor then
connects anew to the restarted kernel.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from ..death_cause import remote_death
from ..fatal_record import CellReadings, fatal_record
from ..protocol import CELL_START_MSG_TYPE, RECORD_MSG_TYPE

if TYPE_CHECKING:
    from .monitor import KernelMonitor

# The statuses a kernel websocket sends of its own when the kernel died (jupyter_server's
# restart callbacks): the gateway restarts it, or gives up.
REMOTE_RESTARTING = "restarting"
REMOTE_DEAD = "dead"


class DeathWatch:
    """Follows `monitor`'s running cell and records the kernel's deaths."""

    def __init__(self, monitor: KernelMonitor) -> None:
        self._monitor = monitor
        self._watching = False
        # The cell that runs now, and the probe's last record (its after is the next before).
        self.running: CellReadings | None = None
        self._previous: dict[str, Any] | None = None
        # A local death whose note waits for IOPub: what to do, and the task that will do it.
        self._pending: Callable[[], None] | None = None
        self._pending_task: asyncio.Future[None] | None = None

    def watch(self) -> None:
        """Listen to the restarter; it calls back only for a kernel that died (or that it
        gives up on): a restart the user asked for comes as a kernel action instead."""
        manager = self._monitor.kernel_manager
        if self._watching:
            return
        add = getattr(manager, "add_restart_callback", None)
        if add is None or getattr(manager, "_restarter", None) is None:
            return
        add(self._on_died, "restart")
        add(self._on_dead, "dead")
        self._watching = True

    def close(self) -> None:
        """Stop listening to the restarter (a death still waiting for IOPub is noted now)."""
        self.flush()
        if self._watching:
            manager = self._monitor.kernel_manager
            manager.remove_restart_callback(self._on_died, "restart")
            manager.remove_restart_callback(self._on_dead, "dead")
            self._watching = False

    def iopub(self, msg: dict[str, Any], cell_status: bool) -> None:
        """A message of the kernel's IOPub; `cell_status`: a status about running cells."""
        msg_type = msg.get("header", {}).get("msg_type")
        parent = msg.get("parent_header", {}).get("msg_id")
        content = msg.get("content", {})
        running = self.running
        if msg_type == RECORD_MSG_TYPE:
            # The cell has ended (a death before its idle status is not its own).
            self._previous = content
            if running is not None and parent == running.msg_id:
                self.running = None
        elif msg_type == "status" and cell_status:
            state = content.get("execution_state")
            if not self._watching and state in (REMOTE_RESTARTING, REMOTE_DEAD):
                self._on_remote_death(gave_up=state == REMOTE_DEAD)
                return
            busy = state == "busy"
            self.running = CellReadings(msg_id=parent, start=time.time()) if busy else None
        elif running is None or parent != running.msg_id:
            return
        elif msg_type == CELL_START_MSG_TYPE and isinstance(content.get("cell_id"), str):
            running.cell_id = content["cell_id"]
        elif msg_type == "execute_input" and isinstance(content.get("execution_count"), int):
            running.execution_count = content["execution_count"]

    def sampled(self, sample: dict[str, Any]) -> None:
        """A live reading (schema: Sample): one more of the running cell's."""
        if self.running is not None and isinstance(sample.get("memory"), int):
            self.running.add(float(sample["time"]), sample["memory"], sample.get("tree"))

    def flush(self) -> None:
        """Note now a death that still waits for IOPub: the monitor is about to reconnect."""
        action, self._pending = self._pending, None
        if self._pending_task is not None:
            self._pending_task.cancel()
            self._pending_task = None
        if action is not None:
            action()

    def _on_died(self) -> None:
        self._after_iopub(partial(self._note, self._local_death()))

    def _on_dead(self) -> None:
        death = self._local_death()

        def note_and_give_up() -> None:
            self._note(death)
            self._monitor.gave_up()

        self._after_iopub(note_and_give_up)

    def _local_death(self) -> dict[str, Any] | None:
        # Read now: once the restarter has started the new kernel, its process is the manager's.
        guard = self._monitor.guard
        return guard.death() if guard is not None else None

    def _after_iopub(self, action: Callable[[], None]) -> None:
        self.flush()
        self._pending = action

        async def when_read() -> None:
            await self._monitor.iopub_settled()
            self._pending_task = None
            self.flush()

        self._pending_task = asyncio.ensure_future(when_read())

    def _on_remote_death(self, *, gave_up: bool) -> None:
        # Said on IOPub itself, after every message the kernel sent before it.
        self._note(remote_death())
        if gave_up:
            self._monitor.gave_up()
        else:
            # No restart event reaches this server (the gateway restarts the kernel itself):
            # connect anew and install the probe into the new kernel, as after a local restart.
            # Not from within this message's own handler, which the reconnection stops.
            asyncio.get_running_loop().call_soon(self._monitor.restart)

    def _note(self, death: dict[str, Any] | None) -> None:
        monitor = self._monitor
        if death is None:
            monitor.note("died")
            return
        running, self.running = self.running, None
        if running is not None and death.get("msg_id") in (None, running.msg_id):
            death.update(msg_id=running.msg_id, cell_id=running.cell_id)
            if death.get("execution_count") is None:
                death["execution_count"] = running.execution_count
            record = self._record(running, death)
            if record is not None:
                monitor.add_record(record)
        monitor.note("died", death=death)

    def _record(self, running: CellReadings, death: dict[str, Any]) -> dict[str, Any] | None:
        monitor = self._monitor
        session = monitor.probe["probe_session"] if monitor.probe else None
        if session is None:
            return None
        return fatal_record(
            running,
            death,
            probe_session=session,
            previous=self._previous,
            sample_interval=monitor.sampler.sampling.busy,
            pid=int(monitor.probe["pid"]) if monitor.probe else None,
        )


def every_death(lifecycle: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each death of the kernel in a monitor's lifecycle, oldest first (schema: KernelDeath)."""
    return [event["death"] for event in lifecycle if "death" in event]

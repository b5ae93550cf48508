"""A death is noted once the dead kernel's last IOPub messages are handled.

The restarter polls the kernel every few seconds; when its poll comes just after the kill, the
start of the cell the kernel died in can still wait unread in this server's IOPub socket. The
death must still name that cell, and the cause must be read at once, before the restarter
replaces the kernel's process.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from jupyterlab_memory_inspector.protocol import CELL_START_MSG_TYPE
from jupyterlab_memory_inspector.server.deaths import DeathWatch

CELL_ID = "cell-that-died"
MSG_ID = "request-of-that-cell"


def iopub(msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "header": {"msg_type": msg_type},
        "parent_header": {"msg_id": MSG_ID, "msg_type": "execute_request"},
        "content": content,
    }


class Guard:
    """Reads the cause from the process: only right after the death is it the dead one's."""

    def __init__(self) -> None:
        self.process_replaced = False

    def death(self) -> dict[str, Any]:
        cause = "unknown" if self.process_replaced else "signal"
        return {"cause": cause, "msg_id": MSG_ID, "execution_count": 3}


class Monitor:
    """What DeathWatch uses of a KernelMonitor, with IOPub messages not yet read."""

    def __init__(self) -> None:
        self.guard = Guard()
        self.probe = {"probe_session": "session", "pid": 4242}
        self.sampler = SimpleNamespace(sampling=SimpleNamespace(busy=0.5))
        self.kernel_manager = SimpleNamespace(
            _restarter=object(),
            add_restart_callback=lambda callback, event: None,
            remove_restart_callback=lambda callback, event: None,
        )
        self.deaths = DeathWatch(self)  # type: ignore[arg-type]
        self.unread: list[dict[str, Any]] = []
        self.noted: list[tuple[str, dict[str, Any]]] = []
        self.records: list[dict[str, Any]] = []
        self.closed = False

    def note(self, event: str, **details: Any) -> None:
        self.noted.append((event, details))

    def add_record(self, record: dict[str, Any]) -> None:
        self.records.append(record)

    def gave_up(self) -> None:
        self.closed = True

    async def iopub_settled(self) -> None:
        # The reader catches up: the messages that arrived before the death are handled now.
        await asyncio.sleep(0)
        while self.unread:
            self.deaths.iopub(self.unread.pop(0), cell_status=False)


def running_cell_with_its_start_unread(monitor: Monitor) -> None:
    monitor.deaths.iopub(iopub("status", {"execution_state": "busy"}), cell_status=True)
    monitor.deaths.sampled({"time": 1.0, "memory": 100 * 2**20})
    monitor.unread.append(iopub(CELL_START_MSG_TYPE, {"cell_id": CELL_ID}))


async def wait_for_note(monitor: Monitor) -> None:
    for _ in range(100):
        if monitor.noted:
            return
        await asyncio.sleep(0)
    raise AssertionError("the death was never noted")


def test_a_death_names_the_cell_whose_start_was_still_unread():
    async def scenario() -> Monitor:
        monitor = Monitor()
        running_cell_with_its_start_unread(monitor)
        monitor.deaths._on_died()
        # The restarter starts the new kernel right after its callbacks.
        monitor.guard.process_replaced = True
        await wait_for_note(monitor)
        return monitor

    monitor = asyncio.run(scenario())
    [(event, details)] = monitor.noted
    assert event == "died"
    assert details["death"]["cell_id"] == CELL_ID
    assert details["death"]["cause"] == "signal"
    [record] = monitor.records
    assert record["cell_id"] == CELL_ID


def test_a_reconnection_notes_the_waiting_death_first_and_only_once():
    async def scenario() -> Monitor:
        monitor = Monitor()
        running_cell_with_its_start_unread(monitor)
        monitor.deaths._on_died()
        # The monitor reconnects before the reader caught up: the death is noted then.
        monitor.deaths.flush()
        assert [event for event, _ in monitor.noted] == ["died"]
        # The note that waited for IOPub was cancelled: let it end before counting again.
        others = asyncio.all_tasks() - {asyncio.current_task()}
        await asyncio.gather(*others, return_exceptions=True)
        return monitor

    monitor = asyncio.run(scenario())
    assert [event for event, _ in monitor.noted] == ["died"]
    assert len(monitor.records) == 1


def test_a_kernel_given_up_on_is_noted_dead_then_closed():
    async def scenario() -> Monitor:
        monitor = Monitor()
        running_cell_with_its_start_unread(monitor)
        monitor.deaths._on_dead()
        assert not monitor.closed
        await wait_for_note(monitor)
        return monitor

    monitor = asyncio.run(scenario())
    assert monitor.noted[0][1]["death"]["cell_id"] == CELL_ID
    assert monitor.closed

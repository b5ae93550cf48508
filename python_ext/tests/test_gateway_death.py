"""A remote kernel (behind a kernel gateway) that dies while a cell runs: the server has no
process to read, but the gateway's websocket says the kernel is restarting; the death names
its cell, says that no cause is known and why, and the cell gets a record from the live
readings the kernel's own usage replies gave; the monitor then follows the restarted kernel."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import uuid

from lab_client import (
    MiB,
    get_json,
    poll,
    report_text,
    start_kernel,
    wait_for_records,
    wait_for_state,
)
from test_gateway import (  # noqa: F401  (the gateway and the server that uses it)
    gateway_url,
    jp_server_config,
    run_through_websocket,
    send_through_websocket,
)

from jupyterlab_memory_inspector.death_cause import REMOTE
from jupyterlab_memory_inspector.protocol import CELL_START_MSG_TYPE

HELD = 300 * MiB

HOLD = f"""\
import time
held = bytearray({HELD})
held[::4096] = b"x" * len(held[::4096])
time.sleep(120)
"""


async def test_a_remote_kernels_death_names_its_cell_and_keeps_its_readings(
    jp_fetch, jp_ws_fetch, record_validator, api_validator
):
    kernel_id = await start_kernel(jp_fetch)
    stream = None
    try:
        monitor = await wait_for_state(jp_fetch, kernel_id, "active")
        # On this machine the gateway's kernel is a local process the test can kill; the
        # server still reaches it only through the gateway.
        assert monitor["live"]["source"] != "process"
        channels = await jp_ws_fetch("api", "kernels", kernel_id, "channels")
        try:
            await run_through_websocket(channels, "x = 1", str(uuid.uuid4()))
            (first,) = await wait_for_records(jp_fetch, kernel_id, 1)
            stream = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
            cell = str(uuid.uuid4())
            request = send_through_websocket(channels, HOLD, cell)
            # The probe names the running cell to the server (the page may be gone by the death).
            await asyncio.wait_for(message_of(channels, CELL_START_MSG_TYPE, request), 60)
            await asyncio.wait_for(reading_above(stream, first["rss_after"] + HELD - 50 * MiB), 60)
            pid = monitor["probe"]["pid"]
            os.kill(pid, signal.SIGKILL)
            monitor = await poll(
                lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
                lambda monitor: any(e["event"] == "died" for e in monitor["lifecycle"]),
                "the death",
                timeout=60,
            )
        finally:
            channels.close()
        api_validator("Monitor").validate(monitor)
        (death,) = [event["death"] for event in monitor["lifecycle"] if event["event"] == "died"]
        assert death == {
            "cause": "unknown",
            "evidence": REMOTE,
            "exit_code": None,
            "msg_id": request,
            "cell_id": cell,
            "execution_count": 2,
        }
        body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records")
        record = body["records"][-1]["record"]
        record_validator.validate(record)
        assert (record["cell_id"], record["msg_id"]) == (cell, request)
        assert record["death"] == death and record["from_live_readings"] is True
        assert record["tree"]["peak"] >= first["rss_after"] + HELD - 50 * MiB

        markdown = await report_text(jp_fetch, kernel_id, "markdown")
        # Markdown escapes the brackets.
        assert f"the kernel died while running cell \\[2\\]: {REMOTE}" in markdown

        # The gateway restarted the kernel: the monitor follows it, and its cells have records.
        restarted = await poll(
            lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
            lambda monitor: (
                [e["event"] for e in monitor["lifecycle"]][-2:] == ["died", "restarted"]
                and monitor["state"] == "active"
                and monitor["probe"]["pid"] != pid
            ),
            "the monitor of the restarted kernel",
            timeout=60,
        )
        channels = await jp_ws_fetch("api", "kernels", kernel_id, "channels")
        try:
            await run_through_websocket(channels, "y = 2", str(uuid.uuid4()))
        finally:
            channels.close()
        records = await wait_for_records(jp_fetch, kernel_id, 3)
        assert records[-1]["probe_session"] == restarted["probe"]["probe_session"]
    finally:
        if stream is not None:
            stream.close()
        await jp_fetch("api", "kernels", kernel_id, method="DELETE")


async def reading_above(stream, memory: int) -> None:
    """Read the monitor's stream until a live reading of at least `memory` bytes arrives."""
    while True:
        event = json.loads(await stream.read_message())
        if event["type"] == "samples" and any(
            sample["memory"] >= memory for sample in event["samples"]
        ):
            return


async def message_of(channels, msg_type: str, parent: str) -> None:
    """Read the kernel's websocket until a `msg_type` message of the request `parent` arrives."""
    while True:
        message = await channels.read_message()
        if isinstance(message, bytes):
            continue
        msg = json.loads(message)
        if msg.get("msg_type") == msg_type and msg["parent_header"].get("msg_id") == parent:
            return

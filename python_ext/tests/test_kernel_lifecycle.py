"""The monitor through a kernel's life: restart, interrupt, shutdown."""

from __future__ import annotations

import json
import os
import signal
import uuid

from lab_client import (
    LabLikeClient,
    get_json,
    poll,
    start_kernel,
    wait_for_records,
    wait_for_state,
)

from jupyterlab_memory_inspector.server.kernel_channels import own_client


async def test_after_a_restart_the_probe_is_back_and_records_keep_coming(
    jp_fetch, jp_serverapp, kernel
):
    kernel_id, client = kernel
    await client.run("before = 1")
    (first,) = await wait_for_records(jp_fetch, kernel_id, 1)
    await jp_fetch("api", "kernels", kernel_id, "restart", method="POST", body="")
    monitor = await wait_for_state(jp_fetch, kernel_id, "active")
    assert monitor["probe"]["probe_session"] != first["probe_session"]
    # The restarted kernel may listen on new ports: a client made before it may not reach it.
    again = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        cell = str(uuid.uuid4())
        await again.run("after = 2", cell)
        records = await wait_for_records(jp_fetch, kernel_id, 2)
    finally:
        again.close()
    assert records[0] == first
    assert records[1]["cell_id"] == cell
    assert records[1]["probe_session"] == monitor["probe"]["probe_session"]
    assert records[1]["execution_count"] == 1
    body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert body["history_id"] == monitor["history_id"]


async def test_a_cell_sent_as_soon_as_the_kernel_starts_gets_its_record(jp_fetch, jp_serverapp):
    kernel_id = await start_kernel(jp_fetch)
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        # No waiting for the monitor: JupyterLab runs cells as soon as it is connected.
        await client.handshake()
        first = client.send_cell("first = 1")
        await client.wait_replies([first])
        (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
        assert record["msg_id"] == first
    finally:
        client.close()
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)


async def test_cells_run_right_after_a_restart_get_their_records(jp_fetch, jp_serverapp, kernel):
    kernel_id, client = kernel
    await client.run("before = 1")
    await wait_for_records(jp_fetch, kernel_id, 1)
    await jp_fetch("api", "kernels", kernel_id, "restart", method="POST", body="")
    again = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        # As "Restart Kernel and Run All Cells" does: the cells follow the reconnection at once.
        await again.handshake()
        sent = [again.send_cell(f"cell_{n} = {n}") for n in range(3)]
        await again.wait_replies(sent)
        records = await wait_for_records(jp_fetch, kernel_id, 4)
    finally:
        again.close()
    assert [record["msg_id"] for record in records[1:]] == sent


async def wait_for_lifecycle(jp_fetch, kernel_id: str, events: list[str], timeout: float = 60):
    return await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: (
            [event["event"] for event in monitor["lifecycle"]][-len(events) :] == events
            and monitor["state"] == "active"
        ),
        f"the lifecycle ending {events} with the monitor active",
        timeout=timeout,
        interval=0.2,
    )


async def test_a_kernel_killed_mid_cell_is_shown_dead_then_restarted(
    jp_fetch, jp_serverapp, kernel
):
    kernel_id, client = kernel
    await client.run("kept = bytearray(2**20)")
    (before,) = await wait_for_records(jp_fetch, kernel_id, 1)
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    running = client.send_cell("import time; print('running', flush=True); time.sleep(60)")
    await client.wait_for_text(running, "running")
    os.kill(monitor["probe"]["pid"], signal.SIGKILL)
    after = await wait_for_lifecycle(jp_fetch, kernel_id, ["died", "restarted"])
    assert after["probe"]["probe_session"] != before["probe_session"]
    again = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        await again.handshake()
        cell = again.send_cell("alive = True")
        await again.wait_replies([cell])
        records = await wait_for_records(jp_fetch, kernel_id, 3)
    finally:
        again.close()
    # The record from before the death is kept; the cell that was running has one made from
    # the server's readings, with the death (a signal: SIGKILL far from any limit).
    assert records[0] == before
    assert records[1]["msg_id"] == running and records[1]["from_live_readings"] is True
    assert records[1]["death"]["cause"] == "signal"
    assert records[1]["probe_session"] == before["probe_session"]
    assert records[2]["msg_id"] == cell
    assert records[2]["probe_session"] == after["probe"]["probe_session"]


async def test_an_interrupted_cell_gets_its_record_and_the_interrupt_is_noted(jp_fetch, kernel):
    kernel_id, client = kernel
    running = client.send_cell(
        "import time\nkept = bytearray(8 * 2**20)\nprint('sleeping', flush=True)\ntime.sleep(60)"
    )
    await client.wait_for_text(running, "sleeping")
    await jp_fetch("api", "kernels", kernel_id, "interrupt", method="POST", body="")
    replies = await client.wait_replies([running])
    assert replies[running]["status"] == "error"
    (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
    assert record["msg_id"] == running and record["status"] == "error" and record["raised"]
    monitor = await wait_for_lifecycle(jp_fetch, kernel_id, ["interrupted"])
    assert [event["event"] for event in monitor["lifecycle"]] == ["started", "interrupted"]


async def test_a_dropped_stream_resumes_without_losing_or_repeating_records(
    jp_fetch, jp_ws_fetch, kernel
):
    kernel_id, client = kernel
    await client.run("a = 1")
    await wait_for_records(jp_fetch, kernel_id, 1)
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
    hello = json.loads(await ws.read_message())
    seen = json.loads(await ws.read_message())["records"]
    ws.close()
    for n in range(2):
        await client.run(f"b{n} = {n}")
    await wait_for_records(jp_fetch, kernel_id, 3)
    params = {"since": str(seen[-1]["seq"]), "history": hello["monitor"]["history_id"]}
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream", params=params)
    try:
        assert json.loads(await ws.read_message())["type"] == "monitor"
        missed = json.loads(await ws.read_message())
        assert [entry["seq"] for entry in missed["records"]] == [2, 3]
    finally:
        ws.close()
    # A `since` counted in another history (a restarted server) gets every record.
    ws = await jp_ws_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "stream",
        params={"since": "3", "history": "an-older-server"},
    )
    try:
        json.loads(await ws.read_message())
        everything = json.loads(await ws.read_message())
        assert [entry["seq"] for entry in everything["records"]] == [1, 2, 3]
    finally:
        ws.close()

"""The monitor through a kernel's life: restart, interrupt, shutdown."""

from __future__ import annotations

import uuid

from lab_client import LabLikeClient, get_json, start_kernel, wait_for_records, wait_for_state

from jupyterlab_memory_inspector.kernel_channels import own_client


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

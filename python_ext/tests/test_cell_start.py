"""The probe names a running cell to the server only once the cell has run a sampling period.

The server needs the cell's id should the kernel die in it (IOPub carries only the request's
msg_id); sending it from every cell's pre-run hook cost each short cell a publication, so the
tree's sampling thread sends it after the first period (probe/treewatch.py).
"""

from __future__ import annotations

import asyncio

from jupyterlab_memory_inspector.protocol import CELL_START_MSG_TYPE


async def _cell_starts(client, timeout: float = 3.0) -> list[tuple[str, str | None]]:
    """(cell_id, parent msg_id) of every cell-start message until IOPub is quiet."""
    found: list[tuple[str, str | None]] = []
    while True:
        try:
            msg = await asyncio.wait_for(client.client.get_iopub_msg(), timeout)
        except asyncio.TimeoutError:
            return found
        if msg["header"]["msg_type"] == CELL_START_MSG_TYPE:
            found.append((msg["content"]["cell_id"], msg["parent_header"].get("msg_id")))


async def test_only_a_cell_that_runs_a_period_is_announced(kernel):
    _, client = kernel
    short = client.send_cell("x = 1", cell_id="short-cell")
    long = client.send_cell("import time; time.sleep(0.5)", cell_id="long-cell")
    await client.wait_replies([short, long])
    assert await _cell_starts(client) == [("long-cell", long)]

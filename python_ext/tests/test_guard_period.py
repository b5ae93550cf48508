"""The server's out-of-memory guard reads the memory group at its own period while a cell runs
(0.1 s, as the command line's does), not at the live timeline's (0.5 s), with a real kernel held
to a real 700 MiB memory cgroup.

Measured on the shared 2-core machine (load 7-10), the cell below (25 MiB steps 0.1 s apart):
the guard at the live period stopped it at 545, 572, 572 and 597 MiB (the growth of half a
second, doubled by the lookahead, reached the limit early); at its own period at 642-647 MiB in 4
runs. The stop's figure depends on how fast the cell grows under load, so the test asserts on the
interval between the guard's real readings first, and on the figure with a margin on both sides.
"""

from __future__ import annotations

import statistics
import time
import uuid

from lab_client import LabLikeClient, poll, wait_for_record_of
from test_oom_guard_server import GROW, LIMIT, kernel_in_group

from jupyterlab_memory_inspector.text import MiB


async def evaluate(client: LabLikeClient, expression: str) -> str:
    """The expression's repr; sent again while the kernel aborts requests that came right after
    the interrupted cell (ipykernel's stop_on_error)."""

    async def send() -> dict:
        return await client.run(
            "", silent=True, store_history=False, user_expressions={"value": expression}
        )

    reply = await poll(send, lambda reply: reply["status"] != "aborted", "a reply not aborted")
    return reply["user_expressions"]["value"]["data"]["text/plain"]


async def test_the_server_guard_reads_at_its_own_period_not_the_live_samples(
    jp_fetch, jp_serverapp
):
    async with kernel_in_group(jp_fetch, jp_serverapp) as (kernel_id, client, _group):
        await client.run("kept = 'earlier state'\nchunks = []")
        sent = time.time()
        growing = client.send_cell(GROW, str(uuid.uuid4()))
        reply = (await client.wait_replies([growing]))[growing]
        replied = time.time()
        assert reply["ename"] == "KeyboardInterrupt"
        records = await wait_for_record_of(jp_fetch, kernel_id, growing)
        guard = records[-1]["oom_guard"]
        assert guard["stopped"] is True
        # The two readings the guard decided on were its period apart, not the live period.
        assert 0.05 <= guard["interval"] < 0.3
        assert 600 * MiB <= guard["usage"] < LIMIT
        assert await evaluate(client, "(kept, len(chunks) > 0)") == "('earlier state', True)"
        # The live samples sent to the page keep their own period (sample_interval).
        (app,) = jp_serverapp.extension_manager.extension_apps["jupyterlab_memory_inspector"]
        times = [
            sample["time"]
            for sample in app.registry.get(kernel_id).samples
            if sent <= sample["time"] <= replied
        ]
        assert len(times) >= 3
        assert statistics.median(b - a for a, b in zip(times, times[1:])) >= 0.45

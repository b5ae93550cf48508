"""Live memory while a cell runs: the timeline keeps moving during a long cell."""

from __future__ import annotations

import asyncio
import json

from lab_client import LabLikeClient, MiB, get_json, start_kernel, wait_for_state

from jupyterlab_memory_inspector.server import live as live_module
from jupyterlab_memory_inspector.server.kernel_channels import own_client

GROWING_CELL = (
    "import time\n"
    "grown = []\n"
    "for _ in range(12):\n"
    f"    grown.append(bytearray({16 * MiB}))\n"
    "    time.sleep(0.25)\n"
)


async def samples_during(jp_ws_fetch, client, kernel_id: str, code: str) -> tuple[list, dict]:
    """The samples streamed while `code` runs, and the monitor as the stream last described it."""
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
    samples: list[dict] = []
    monitor: dict = {}
    try:
        running = client.send_cell(code)

        async def listen() -> None:
            while True:
                event = json.loads(await ws.read_message())
                if event["type"] == "samples":
                    samples.extend(event["samples"])
                elif event["type"] == "monitor":
                    monitor.update(event["monitor"])
                elif event["type"] == "records" and any(
                    entry["record"]["msg_id"] == running for entry in event["records"]
                ):
                    return

        await asyncio.wait_for(listen(), 60)
    finally:
        ws.close()
    return samples, monitor


async def test_a_local_kernel_is_read_from_its_process_while_a_cell_runs(
    jp_fetch, jp_ws_fetch, kernel, api_validator
):
    kernel_id, client = kernel
    before = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    api_validator("Monitor").validate(before)
    samples, monitor = await samples_during(jp_ws_fetch, client, kernel_id, GROWING_CELL)
    assert monitor["live"] == {"source": "process", "metric": "rss", "note": "", "interval": 0.5}
    times = [sample["time"] for sample in samples]
    during = [t for t in times if t >= times[-1] - 3]
    # The cell runs about 3 s: at least one reading a second, at the 0.5 s default two.
    assert len(during) >= 4, times
    assert samples[-1]["memory"] - samples[0]["memory"] > 100 * MiB
    for sample in samples:
        api_validator("Sample").validate(sample)


async def test_a_kernel_that_is_not_local_is_read_through_usage_request(
    jp_fetch, jp_ws_fetch, jp_serverapp, monkeypatch
):
    # As behind a gateway: the probe's pid is not a process that this server launched.
    monkeypatch.setattr(live_module, "local_process_reader", lambda manager, pid: None)
    kernel_id = await start_kernel(jp_fetch)
    client = None
    try:
        await wait_for_state(jp_fetch, kernel_id, "active")
        client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
        samples, monitor = await samples_during(jp_ws_fetch, client, kernel_id, GROWING_CELL)
    finally:
        if client is not None:
            client.close()
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)
    assert monitor["live"] == {
        "source": "usage_request",
        "metric": "pss",
        "note": "",
        "interval": 0.5,
    }
    assert len(samples) >= 4
    assert max(s["memory"] for s in samples) - min(s["memory"] for s in samples) > 100 * MiB

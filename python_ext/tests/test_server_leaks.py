"""The server judges each re-run cell by the leak rule and sends the verdict with its record."""

from __future__ import annotations

import json
import uuid

from lab_client import MiB, get_json, wait_for_records

LEAK = f"kept.append(b'\\x01' * {50 * MiB})"
TEMPORARY = f"temporary = b'\\x02' * {200 * MiB}\ndel temporary"


async def test_a_cell_appending_50_mib_is_flagged_after_3_runs_and_a_temporary_never(
    jp_fetch, jp_ws_fetch, kernel, api_validator
):
    kernel_id, client = kernel
    await client.run("kept = []")
    leak, temporary = str(uuid.uuid4()), str(uuid.uuid4())
    for _ in range(3):
        await client.run(LEAK, leak)
        await client.run(TEMPORARY, temporary)
    await wait_for_records(jp_fetch, kernel_id, 7)
    body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records")
    for entry in body["records"]:
        api_validator("RecordEntry").validate(entry)
    leaks = [entry.get("leak") for entry in body["records"] if entry["record"]["cell_id"] == leak]
    assert leaks[0] is None  # one run says nothing
    assert [verdict["leaking"] for verdict in leaks[1:]] == [False, True]
    assert abs(leaks[-1]["keeps"] - 50 * MiB) < 2 * MiB
    assert leaks[-1]["holder"]["name"] == "kept"
    temporaries = [e.get("leak") for e in body["records"] if e["record"]["cell_id"] == temporary]
    assert [verdict["leaking"] for verdict in temporaries[1:]] == [False, False]
    assert all(verdict["growths"] == 0 for verdict in temporaries[1:])

    # A client that connects later gets the verdicts with the backlog, as the REST reply has them.
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
    try:
        message = json.loads(await ws.read_message())
        while message["type"] != "records":
            message = json.loads(await ws.read_message())
        assert message["records"][-2]["leak"] == leaks[-1]
        await client.run(LEAK, leak)
        live = json.loads(await ws.read_message())
        while live["type"] != "records":
            live = json.loads(await ws.read_message())
        assert live["records"][0]["leak"]["leaking"] is True
        assert live["records"][0]["leak"]["runs"] == 4
    finally:
        ws.close()

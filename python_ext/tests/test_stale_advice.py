"""Advice after a kernel restart: only names of the kernel process that runs now.

The records of the earlier process stay in the history (the timeline shows them), but the
names they list died with that process: `del` for one of them would raise a NameError.
"""

from __future__ import annotations

import json

from lab_client import get_json, json_report, wait_for_records, wait_for_state

BIG = "big_before_restart"
CELL = {"id": "c1", "source": f"{BIG} = bytearray(64 * 2**20)"}


async def test_a_report_exported_right_after_a_restart_names_no_variable_of_the_old_process(
    jp_fetch, kernel
):
    kernel_id, client = kernel
    await client.run(CELL["source"], CELL["id"])
    (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
    assert any(item["name"] == BIG for item in record["variables"]["items"])
    before = await json_report(jp_fetch, kernel_id, [CELL])
    # The test can fail: before the restart, the big variable is suggested.
    assert any(BIG in suggestion["code"] for suggestion in before["suggestions"])

    await jp_fetch("api", "kernels", kernel_id, "restart", method="POST", body="")
    monitor = await wait_for_state(jp_fetch, kernel_id, "active")
    assert monitor["probe"]["probe_session"] != record["probe_session"]

    after = await json_report(jp_fetch, kernel_id, [CELL])
    assert [s for s in after["suggestions"] if BIG in s["code"]] == []
    # The earlier process's cell run is still reported: only the advice forgets it.
    assert len(after["cells"]) == 1


async def test_advice_right_after_a_restart_names_no_variable_of_the_old_process(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run(CELL["source"], CELL["id"])
    await wait_for_records(jp_fetch, kernel_id, 1)
    await jp_fetch("api", "kernels", kernel_id, "restart", method="POST", body="")
    await wait_for_state(jp_fetch, kernel_id, "active")
    body = await get_json(
        jp_fetch,
        "memory-inspector",
        "kernels",
        kernel_id,
        "advice",
        method="POST",
        body=json.dumps({"cells": [CELL]}),
    )
    assert [s for s in body["suggestions"] if BIG in s["names"]] == []
    assert body["record_seq"] == 0

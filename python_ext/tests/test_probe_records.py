"""The probe's records from real kernels: accuracy, every kind of cell run, gc, limits, tracing."""

from __future__ import annotations

import json
import uuid

import pytest
import tornado.httpclient
from lab_client import (
    LabLikeClient,
    MiB,
    get_json,
    start_kernel,
    wait_for_record_of,
    wait_for_records,
    wait_for_state,
    wait_until_busy,
)

from jupyterlab_memory_inspector.probe.limits import memory_limit
from jupyterlab_memory_inspector.server.kernel_channels import own_client


async def one_record(jp_fetch, kernel_id: str, count: int) -> dict:
    return (await wait_for_records(jp_fetch, kernel_id, count))[count - 1]


async def test_a_kept_allocation_shows_as_its_delta(jp_fetch, kernel, record_validator):
    kernel_id, client = kernel
    await client.run("import numpy as np")
    await client.run(f"kept = np.ones({256 * MiB // 8})")
    record = await one_record(jp_fetch, kernel_id, 2)
    record_validator.validate(record)
    assert abs(record["rss_delta"] - 256 * MiB) < 0.05 * 256 * MiB
    assert record["peak"] >= record["rss_after"]


@pytest.mark.parametrize(
    "code",
    [
        # numpy frees the buffer before the cell ends.
        f"import numpy as np; np.ones({512 * MiB // 8}).sum()",
        # Made and freed while the GIL is held: a sampling thread never sees it.
        f"len(b'\\x01' * {512 * MiB})",
    ],
    ids=["numpy", "gil-held-bytes"],
)
async def test_a_freed_temporary_shows_in_the_peak_not_the_delta(jp_fetch, kernel, code):
    kernel_id, client = kernel
    await client.run(code)
    record = await one_record(jp_fetch, kernel_id, 1)
    assert record["peak_method"] == "vmhwm"
    # Linux batches RSS counters per CPU, so readings can lag by some dozens of pages.
    assert record["peak"] - record["rss_before"] >= 511 * MiB
    assert abs(record["rss_delta"]) < 32 * MiB


async def test_runs_that_do_not_run_code_are_recorded_as_such(jp_fetch, kernel, record_validator):
    kernel_id, client = kernel
    empty, syntax, error = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    await client.run("   ", empty)
    await client.run("x = (", syntax)
    await client.run("1 / 0", error)
    records = await wait_for_records(jp_fetch, kernel_id, 3)
    for record in records:
        record_validator.validate(record)
    by_cell = {record["cell_id"]: record for record in records}
    assert by_cell[empty]["status"] == "empty" and not by_cell[empty]["raised"]
    assert by_cell[empty]["rss_delta"] == 0 and by_cell[empty]["duration"] == 0
    assert by_cell[syntax]["status"] == "syntax_error" and by_cell[syntax]["raised"]
    assert by_cell[error]["status"] == "error" and by_cell[error]["raised"]


async def test_silent_and_aborted_runs_get_no_record(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run("hidden = 1", silent=True, store_history=False)
    failing = client.send_cell("raise ValueError('stop here')", str(uuid.uuid4()))
    aborted = client.send_cell("never = 1", str(uuid.uuid4()))
    replies = await client.wait_replies([failing, aborted])
    assert replies[aborted]["status"] == "aborted"
    # The record of a later run is the sign that any record of the runs before it has come.
    after = client.send_cell("after = 1")
    records = await wait_for_record_of(jp_fetch, kernel_id, after)
    assert [record["msg_id"] for record in records] == [failing, after]


async def test_gc_activity_during_the_cell(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run(
        "import gc\n"
        "class Node:\n    pass\n"
        "for _ in range(50_000):\n    a, b = Node(), Node(); a.other, b.other = b, a\n"
        "del a, b\n"
        "gc.collect()"
    )
    gc_report = (await one_record(jp_fetch, kernel_id, 1))["gc"]
    assert gc_report["collections"][2] >= 1
    assert gc_report["collected"] >= 100_000
    assert gc_report["pause"] > 0
    assert gc_report["enabled"] is True
    assert len(gc_report["thresholds"]) == 3 and len(gc_report["counts"]) == 3


async def test_the_memory_limit_comes_from_mem_limit_when_no_cgroup_sets_one(
    jp_fetch, jp_serverapp, jp_asyncio_loop, monkeypatch
):
    monkeypatch.setenv("MEM_LIMIT", str(3 * 2**30))
    kernel_id = await start_kernel(jp_fetch)
    try:
        await wait_for_state(jp_fetch, kernel_id, "active")
        client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
        await client.run("pass")
        record = await one_record(jp_fetch, kernel_id, 1)
        client.close()
    finally:
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)
    # Which case applies is the machine's, known before the run: the kernel is in this
    # process's cgroup, which no test can leave.
    here = memory_limit()
    if here["source"] in ("cgroup2", "cgroup1"):
        assert record["limit"] == here
    else:
        assert record["limit"] == {"bytes": 3 * 2**30, "source": "env"}
    host = record["host"]
    assert host["total"] > 0 and 0 < host["available"] <= host["total"]


async def test_the_probe_reports_its_own_time(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run("pass")
    record = await one_record(jp_fetch, kernel_id, 1)
    assert 0 < record["probe_time"] < 0.5


async def post_config(jp_fetch, kernel_id: str, body: object) -> tuple[int, dict]:
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "config",
        method="POST",
        body=json.dumps(body),
        raise_error=False,
    )
    return response.code, json.loads(response.body)


async def test_tracing_on_request_reports_the_heap_and_the_cells_lines(
    jp_fetch, kernel, api_validator, record_validator
):
    kernel_id, client = kernel
    await client.run("pass")
    assert (await one_record(jp_fetch, kernel_id, 1))["heap"] is None

    code, reply = await post_config(jp_fetch, kernel_id, {"tracing": True})
    assert code == 200, reply
    api_validator("ConfigReply").validate(reply)
    assert reply == {
        "applied": True,
        "config": {
            "tracing": True,
            "nframes": 1,
            "scan_budget": 0.05,
            "max_variables": 20,
            "sample_interval": 0.5,
        },
    }
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert monitor["probe"]["config"]["tracing"] is True

    await client.run(
        "small = 1\n"
        "words = [str(i) * 20 for i in range(200_000)]\n"
        "temporary = [bytes(1000) for _ in range(20_000)]; del temporary"
    )
    record = await one_record(jp_fetch, kernel_id, 2)
    record_validator.validate(record)
    heap = record["heap"]
    assert heap["nframes"] == 1
    assert heap["current"] - heap["start"] > 10 * MiB
    assert heap["peak"] - heap["start"] > heap["current"] - heap["start"] + 15 * MiB
    top = heap["top_lines"][0]
    assert top["line"] == 2 and top["source"].startswith("words = ")
    assert top["size"] > 10 * MiB and top["count"] >= 200_000
    assert 3 not in [line["line"] for line in heap["top_lines"]]

    code, reply = await post_config(jp_fetch, kernel_id, {"tracing": False})
    assert code == 200 and reply["config"]["tracing"] is False
    await client.run("pass")
    assert (await one_record(jp_fetch, kernel_id, 3))["heap"] is None


async def test_settings_wait_for_a_busy_kernel_then_apply(jp_fetch, kernel):
    kernel_id, client = kernel
    busy = client.send_cell("import time; time.sleep(8)")
    await wait_until_busy(jp_fetch, kernel_id)
    code, reply = await post_config(jp_fetch, kernel_id, {"tracing": True, "nframes": 2})
    assert code == 202
    assert reply == {
        "applied": False,
        "config": {
            "tracing": True,
            "nframes": 2,
            "scan_budget": 0.05,
            "max_variables": 20,
            "sample_interval": 0.5,
        },
    }
    await client.wait_replies([busy])
    await client.run("after = [0] * 1000")
    record = await one_record(jp_fetch, kernel_id, 2)
    assert record["heap"] is not None and record["heap"]["nframes"] == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"tracing": "yes"}, "tracing: 'yes' is not of type 'boolean'"),
        ({"nframes": 25}, "nframes: 25 is greater than the maximum of 3"),
        ({"nframes": True}, "nframes: True is not of type 'integer'"),
        ({"scan_budget": 0}, "scan_budget: 0 is less than or equal to the minimum of 0"),
        ({"max_variables": 0}, "max_variables: 0 is less than the minimum of 1"),
        ({"colour": "red"}, "Additional properties are not allowed ('colour' was unexpected)"),
        ({"sample_interval": 0.01}, "sample_interval: 0.01 is less than the minimum of 0.1"),
        ({"sample_interval": "1"}, "sample_interval: '1' is not of type 'number'"),
        ({}, "{} should be non-empty"),
        ([True], "the body must be a JSON object"),
    ],
)
async def test_bad_settings_are_400_with_a_message(jp_fetch, kernel, body, message):
    kernel_id, _ = kernel
    code, reply = await post_config(jp_fetch, kernel_id, body)
    assert (code, reply) == (400, {"code": 400, "message": message})


async def test_a_body_that_is_not_json_is_400(jp_fetch, kernel):
    kernel_id, _ = kernel
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "config",
        method="POST",
        body="{tracing: on",
        raise_error=False,
    )
    assert response.code == 400
    assert json.loads(response.body) == {"code": 400, "message": "the body is not valid JSON"}


async def test_settings_for_an_unknown_kernel_are_404(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch(
            "memory-inspector",
            "kernels",
            str(uuid.uuid4()),
            "config",
            method="POST",
            body=json.dumps({"tracing": True}),
        )
    assert error.value.code == 404


async def test_requests_still_get_replies_after_a_client_sharing_the_managers_session_ran(
    jp_fetch, jp_serverapp, kernel
):
    kernel_id, _ = kernel
    # jupyter_client's KernelManager.client() shares one session id among its clients, which
    # ipykernel 7 routes replies by: the monitor must not be one of them.
    shared = LabLikeClient(jp_serverapp.kernel_manager.get_kernel(kernel_id).client())
    try:
        await shared.run("ran = True")
        code, reply = await post_config(jp_fetch, kernel_id, {"scan_budget": 0.1})
        assert code == 200, reply
    finally:
        shared.close()


async def test_the_live_sampling_interval_is_a_per_kernel_setting(jp_fetch, kernel, api_validator):
    kernel_id, _ = kernel
    code, reply = await post_config(jp_fetch, kernel_id, {"sample_interval": 0.2})
    assert code == 200
    api_validator("ConfigReply").validate(reply)
    assert reply["config"]["sample_interval"] == 0.2
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    api_validator("Monitor").validate(monitor)
    assert monitor["live"]["interval"] == 0.2
    assert "sample_interval" not in monitor["probe"]["config"]


async def post_collect(jp_fetch, kernel_id: str) -> tuple[int, dict]:
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "collect",
        method="POST",
        body="",
        raise_error=False,
    )
    return response.code, json.loads(response.body)


async def test_collect_garbage_reports_what_it_freed(jp_fetch, kernel, api_validator):
    kernel_id, client = kernel
    await client.run(
        "import gc; gc.disable()\n"
        "class Node:\n    def __init__(self): self.payload = bytearray(10_000); self.me = self\n"
        "for _ in range(20_000):\n    Node()\n"
    )
    code, reply = await post_collect(jp_fetch, kernel_id)
    assert code == 200, reply
    api_validator("CollectReply").validate(reply)
    assert reply["collected"] >= 20_000
    assert reply["rss_before"] - reply["rss_after"] > 100 * MiB


async def test_collect_garbage_while_a_cell_runs_is_409(jp_fetch, kernel):
    kernel_id, client = kernel
    busy = client.send_cell("import time; time.sleep(5)")
    await wait_until_busy(jp_fetch, kernel_id)
    code, reply = await post_collect(jp_fetch, kernel_id)
    assert code == 409
    assert reply["message"] == "a cell is running: collect garbage when it has finished"
    assert reply["messages"]["message"] == {
        "id": "a cell is running: %1 when it has finished",
        "args": [{"id": "collect garbage", "args": []}],
    }
    await client.wait_replies([busy])

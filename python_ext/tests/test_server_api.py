"""The server extension against real kernels: it installs the probe, keeps records, serves them."""

from __future__ import annotations

import json
import uuid

import pytest
import tornado.httpclient
import tornado.websocket
from lab_client import MiB, get_json, wait_for_records


async def test_server_extension_is_enabled(jp_serverapp):
    assert "jupyterlab_memory_inspector" in jp_serverapp.extension_manager.extensions


async def test_records_carry_cell_ids_under_queued_execution(jp_fetch, kernel, record_validator):
    kernel_id, client = kernel
    sizes = [(i % 5 + 1) * 16 for i in range(20)]
    cells = {str(uuid.uuid4()): size for size in sizes}
    msg_ids = {
        client.send_cell(f"keep_{n} = bytearray({size} * {MiB})", cell_id): cell_id
        for n, (cell_id, size) in enumerate(cells.items())
    }
    replies = await client.wait_replies(list(msg_ids))
    assert {reply["status"] for reply in replies.values()} == {"ok"}

    records = await wait_for_records(jp_fetch, kernel_id, len(cells))
    for record in records:
        record_validator.validate(record)
    assert [record["cell_id"] for record in records] == list(cells)
    for record in records:
        assert msg_ids[record["msg_id"]] == record["cell_id"]
        expected = cells[record["cell_id"]] * MiB
        assert abs(record["rss_delta"] - expected) < 0.05 * expected
        assert record["peak"] >= record["rss_after"]
    counts = [record["execution_count"] for record in records]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)


async def test_peak_of_a_freed_temporary(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run(f"t = bytearray({512 * MiB}); del t")
    (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
    assert record["peak_method"] == "vmhwm"
    # Linux batches RSS counters per CPU, so readings can lag by some dozens of pages.
    assert record["peak"] - record["rss_before"] >= 511 * MiB
    assert abs(record["rss_delta"]) < 16 * MiB


async def test_probe_leaves_no_name_in_the_user_namespace(jp_fetch, kernel):
    _, client = kernel
    reply = await client.run(
        "pass",
        user_expressions={"names": "sorted(k for k in globals() if not k.startswith('_'))"},
    )
    names = reply["user_expressions"]["names"]["data"]["text/plain"]
    assert names == "['In', 'Out', 'exit', 'get_ipython', 'open', 'quit']"


async def test_records_since_resumes_after_a_sequence_number(jp_fetch, kernel):
    kernel_id, client = kernel
    for code in ("a = 1", "b = 2", "c = 3"):
        await client.run(code)
    await wait_for_records(jp_fetch, kernel_id, 3)
    body = await get_json(
        jp_fetch, "memory-inspector", "kernels", kernel_id, "records", params={"since": "2"}
    )
    assert [entry["seq"] for entry in body["records"]] == [3]
    assert body["monitor"]["last_seq"] == 3


async def test_stream_replays_then_pushes_live_records(jp_fetch, jp_ws_fetch, kernel):
    kernel_id, client = kernel
    await client.run("first = 1")
    await wait_for_records(jp_fetch, kernel_id, 1)
    ws = await jp_ws_fetch("memory-inspector", "kernels", kernel_id, "stream")
    try:
        hello = json.loads(await ws.read_message())
        assert hello["type"] == "monitor" and hello["monitor"]["state"] == "active"
        backlog = json.loads(await ws.read_message())
        assert backlog["type"] == "records"
        assert [entry["seq"] for entry in backlog["records"]] == [1]
        cell_id = str(uuid.uuid4())
        await client.run("second = 2", cell_id)
        live = json.loads(await ws.read_message())
        while live["type"] != "records":
            live = json.loads(await ws.read_message())
        assert live["records"][0]["record"]["cell_id"] == cell_id
    finally:
        ws.close()


async def test_kernels_lists_every_monitor(jp_fetch, kernel):
    kernel_id, _ = kernel
    body = await get_json(jp_fetch, "memory-inspector", "kernels")
    assert [monitor["kernel_id"] for monitor in body["kernels"]] == [kernel_id]


async def test_request_without_credentials_is_refused(jp_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("memory-inspector", "kernels", headers={"Authorization": ""})
    assert error.value.code == 403


async def test_stream_without_credentials_is_refused(jp_fetch, jp_ws_fetch, kernel):
    kernel_id, _ = kernel
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_ws_fetch(
            "memory-inspector", "kernels", kernel_id, "stream", headers={"Authorization": ""}
        )
    assert error.value.code == 403


async def test_unknown_kernel_is_404_with_a_json_message(jp_fetch):
    missing = str(uuid.uuid4())
    for parts in (("kernels", missing), ("kernels", missing, "records")):
        with pytest.raises(tornado.httpclient.HTTPClientError) as error:
            await jp_fetch("memory-inspector", *parts)
        assert error.value.code == 404
        body = json.loads(error.value.response.body)
        assert body == {"code": 404, "message": f"no running kernel has the id {missing}"}


async def test_unknown_kernel_stream_is_404(jp_ws_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_ws_fetch("memory-inspector", "kernels", str(uuid.uuid4()), "stream")
    assert error.value.code == 404
    assert "no running kernel" in json.loads(error.value.response.body)["message"]


@pytest.mark.parametrize(
    ("parts", "params", "message"),
    [
        (("kernels", "not-a-kernel"), None, "'not-a-kernel' is not a kernel id"),
        (("kernels", "x" * 500, "records"), None, "is not a kernel id"),
    ],
)
async def test_malformed_kernel_id_is_400(jp_fetch, parts, params, message):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("memory-inspector", *parts, params=params)
    assert error.value.code == 400
    body = json.loads(error.value.response.body)
    assert message in body["message"] and "Traceback" not in body["message"]


@pytest.mark.parametrize("since", ["-1", "abc", "1.5", ""])
async def test_malformed_since_is_400(jp_fetch, kernel, since):
    kernel_id, _ = kernel
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("memory-inspector", "kernels", kernel_id, "records", params={"since": since})
    assert error.value.code == 400
    assert (
        json.loads(error.value.response.body)["message"] == "'since' must be a non-negative integer"
    )

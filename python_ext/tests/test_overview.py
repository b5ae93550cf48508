"""The overview of every running kernel: one request, paths from the sessions, memory from the
live readers, and a stopped kernel that cannot hold it up."""

from __future__ import annotations

import json
import os
import signal

import psutil
import pytest
import tornado.httpclient
import tornado.websocket
from lab_client import (
    LabLikeClient,
    MiB,
    get_json,
    poll,
    start_kernel,
    wait_for_record_of,
    wait_for_state,
)

from jupyterlab_memory_inspector.server.kernel_channels import own_client


async def start_session(jp_fetch, path: str, kind: str) -> str:
    body = {"path": path, "name": path, "type": kind, "kernel": {"name": "python3"}}
    response = await jp_fetch("api", "sessions", method="POST", body=json.dumps(body))
    return json.loads(response.body)["kernel"]["id"]


def overview(jp_fetch):
    return get_json(jp_fetch, "memory-inspector", "overview")


def by_id(reply: dict) -> dict[str, dict]:
    return {kernel["kernel_id"]: kernel for kernel in reply["kernels"]}


@pytest.fixture
def three_kernels(jp_fetch, jp_serverapp, jp_asyncio_loop):
    """Two notebooks, a console, and the ids of their kernels; all shut down afterwards."""

    async def start() -> dict[str, str]:
        ids = {
            "a.ipynb": await start_session(jp_fetch, "a.ipynb", "notebook"),
            "b.ipynb": await start_session(jp_fetch, "b.ipynb", "notebook"),
            "console-1": await start_session(jp_fetch, "console-1", "console"),
        }
        for kernel_id in ids.values():
            await wait_for_state(jp_fetch, kernel_id, "active")
        return ids

    ids = jp_asyncio_loop.run_until_complete(start())
    yield ids
    manager = jp_serverapp.kernel_manager
    for kernel_id in ids.values():
        if kernel_id in manager:
            jp_asyncio_loop.run_until_complete(manager.shutdown_kernel(kernel_id))


async def test_the_overview_lists_notebooks_and_consoles_with_their_memory(
    jp_fetch, jp_serverapp, three_kernels, api_validator
):
    reply = await poll(
        lambda: overview(jp_fetch),
        lambda body: all(k["memory"] for k in body["kernels"]) and len(body["kernels"]) == 3,
        "three kernels with memory figures",
    )
    api_validator("OverviewReply").validate(reply)
    kernels = by_id(reply)
    for path, kernel_id in three_kernels.items():
        kernel = kernels[kernel_id]
        assert kernel["path"] == path
        assert kernel["type"] == ("console" if path.startswith("console") else "notebook")
        assert kernel["name"] == "python3"
        assert kernel["state"] == "idle"
        # A Python kernel with IPython loaded holds some tens of MiB.
        assert kernel["memory"] > 20 * MiB
        assert kernel["peak"] >= kernel["memory"]
        assert kernel["last_cell"] is None
    assert reply["total"] == sum(kernel["memory"] for kernel in reply["kernels"])


async def test_the_overview_shows_the_last_cell_its_peak_and_the_share(
    jp_fetch, jp_serverapp, three_kernels, api_validator
):
    kernel_id = three_kernels["console-1"]
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        await client.run(f"t = bytearray({256 * MiB}); del t")
        await client.run("x = 1")
    finally:
        client.close()
    reply = await poll(
        lambda: overview(jp_fetch),
        lambda body: (by_id(body)[kernel_id]["last_cell"] or {}).get("execution_count") == 2,
        "the console's second cell in the overview",
    )
    api_validator("OverviewReply").validate(reply)
    kernel = by_id(reply)[kernel_id]
    # The freed temporary's peak stays, though the memory now is back down.
    assert kernel["peak"] - kernel["memory"] > 200 * MiB
    assert kernel["last_cell"]["status"] == "ok"
    assert kernel["limit"] and kernel["limit_kind"] in ("limit", "host")
    assert kernel["share"] == pytest.approx(kernel["memory"] / kernel["limit"])
    assert reply["share"] == pytest.approx(reply["total"] / reply["limit"])


async def test_a_kernels_memory_counts_its_child_processes(
    jp_fetch, jp_serverapp, three_kernels, api_validator
):
    kernel_id = three_kernels["a.ipynb"]
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        await client.run(
            "import subprocess, sys\n"
            "child = subprocess.Popen([sys.executable, '-c', "
            f"'b = bytearray({300 * MiB}); import time; time.sleep(60)'])"
        )
        own = psutil.Process(jp_serverapp.kernel_manager.get_kernel(kernel_id).provisioner.pid)
        reply = await poll(
            lambda: overview(jp_fetch),
            lambda body: (
                (by_id(body)[kernel_id]["memory"] or 0) >= own.memory_info().rss + 250 * MiB
            ),
            "the kernel's subprocess counted in its memory",
        )
        await client.run("child.kill(); child.wait()")
    finally:
        client.close()
    api_validator("OverviewReply").validate(reply)
    kernel = by_id(reply)[kernel_id]
    assert kernel["kernel_memory"] > 20 * MiB
    assert kernel["child_processes"] == 1
    assert kernel["peak"] >= kernel["memory"]
    assert reply["total"] == sum(k["memory"] for k in reply["kernels"])
    others = [k for k in reply["kernels"] if k["kernel_id"] != kernel_id]
    assert [k["child_processes"] for k in others] == [0, 0]


# A child that holds 200 MiB and says so; the cell returns once both have said it.
TWO_CHILDREN = f"""\
import subprocess, sys, threading
HOLD = ("b = bytearray({200 * MiB}); b[::4096] = b'x' * len(b[::4096]); "
        "print('held', flush=True); import time; time.sleep(60)")

def start():
    return subprocess.Popen([sys.executable, '-c', HOLD], stdout=subprocess.PIPE, text=True)

children = [start()]
# The second from a thread of the user's that is still running: its own children file.
started = threading.Event()
def from_a_thread():
    children.append(start())
    started.set()
    finish.wait()
finish = threading.Event()
threading.Thread(target=from_a_thread, daemon=True).start()
started.wait()
assert [child.stdout.readline() for child in children] == ['held\\n'] * 2
"""


async def test_children_started_just_before_the_request_are_counted(
    jp_fetch, jp_serverapp, three_kernels
):
    kernel_id = three_kernels["b.ipynb"]
    # An overview before the children exist: nothing it read may hide them from the next one.
    assert by_id(await overview(jp_fetch))[kernel_id]["child_processes"] == 0
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        await client.run(TWO_CHILDREN)
        kernel = by_id(await overview(jp_fetch))[kernel_id]
        await client.run("finish.set()\nfor child in children: child.kill(); child.wait()")
    finally:
        client.close()
    assert kernel["child_processes"] == 2
    assert kernel["memory"] >= kernel["kernel_memory"] + 2 * 190 * MiB


async def test_each_console_prompt_gets_a_record(jp_fetch, jp_serverapp, three_kernels):
    """A console sends its prompts with no cell id: each still gets its record."""
    kernel_id = three_kernels["console-1"]
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        # jupyter_client's execute sends no metadata, as a console's prompt.
        first = client.client.execute(f"c = bytearray({64 * MiB})")
        second = client.client.execute("del c")
        records = await wait_for_record_of(jp_fetch, kernel_id, second)
    finally:
        client.close()
    assert [r["msg_id"] for r in records] == [first, second]
    assert [r["cell_id"] for r in records] == [None, None]
    assert [r["execution_count"] for r in records] == [1, 2]
    assert records[0]["rss_delta"] > 60 * MiB


async def test_a_kernel_without_a_session_is_listed_without_a_path(jp_fetch, jp_serverapp):
    kernel_id = await start_kernel(jp_fetch)
    try:
        reply = await poll(
            lambda: overview(jp_fetch),
            lambda body: kernel_id in by_id(body),
            "the kernel in the overview",
        )
        kernel = by_id(reply)[kernel_id]
        assert (kernel["path"], kernel["type"]) == (None, None)
    finally:
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)


async def test_a_stopped_kernel_shows_as_not_answering(jp_fetch, jp_serverapp, three_kernels):
    kernel_id = three_kernels["b.ipynb"]
    pid = jp_serverapp.kernel_manager.get_kernel(kernel_id).provisioner.process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        reply = await poll(
            lambda: overview(jp_fetch),
            lambda body: by_id(body)[kernel_id]["state"] == "not answering",
            "the stopped kernel as not answering",
        )
        # The others are still read, and the stopped one's memory still shows.
        assert by_id(reply)[three_kernels["a.ipynb"]]["state"] == "idle"
        assert by_id(reply)[kernel_id]["memory"] > 0
    finally:
        os.kill(pid, signal.SIGCONT)
    await poll(
        lambda: overview(jp_fetch),
        lambda body: by_id(body)[kernel_id]["state"] == "idle",
        "the resumed kernel as idle",
    )


async def test_a_shut_down_kernel_leaves_the_overview(jp_fetch, three_kernels):
    kernel_id = three_kernels["a.ipynb"]
    await jp_fetch("api", "kernels", kernel_id, method="DELETE")
    reply = await overview(jp_fetch)
    assert kernel_id not in by_id(reply)
    assert set(by_id(reply)) == {three_kernels["b.ipynb"], three_kernels["console-1"]}


async def test_the_overview_stream_sends_the_overview_and_its_changes(
    jp_fetch, jp_ws_fetch, jp_serverapp, api_validator
):
    ws = await jp_ws_fetch("memory-inspector", "overview", "stream")
    kernel_id = None
    try:
        first = json.loads(await ws.read_message())
        api_validator("StreamEvent").validate(first)
        assert first["type"] == "overview"
        kernel_id = await start_kernel(jp_fetch)
        while True:
            event = json.loads(await ws.read_message())
            api_validator("OverviewEvent").validate(event)
            if kernel_id in by_id(event["overview"]):
                break
    finally:
        ws.close()
        if kernel_id is not None:
            await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)


async def test_the_overview_needs_credentials(jp_fetch, jp_ws_fetch):
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_fetch("memory-inspector", "overview", headers={"Authorization": ""})
    assert error.value.code == 403
    with pytest.raises(tornado.httpclient.HTTPClientError) as error:
        await jp_ws_fetch("memory-inspector", "overview", "stream", headers={"Authorization": ""})
    assert error.value.code == 403

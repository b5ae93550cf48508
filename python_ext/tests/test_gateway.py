"""Kernels behind a kernel gateway: the probe works through the messaging protocol alone, and
what needs the kernel's local process (reading it while a cell runs) says it is unavailable."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from jupyter_server.gateway.gateway_client import GatewayClient
from jupyter_server.gateway.managers import GatewayMappingKernelManager
from lab_client import get_json, poll, start_kernel, wait_for_records, wait_for_state

GATEWAY = [sys.executable, "-m", "kernel_gateway"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory):
    """A jupyter_kernel_gateway on loopback, as a cluster would run it."""
    port = free_port()
    log = (tmp_path_factory.mktemp("gateway") / "gateway.log").open("w")
    process = subprocess.Popen(
        [
            *GATEWAY,
            "--KernelGatewayApp.ip=127.0.0.1",
            f"--KernelGatewayApp.port={port}",
            "--JupyterWebsocketPersonality.list_kernels=True",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/kernelspecs", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(30)
    log.close()


@pytest.fixture
def jp_server_config(jp_server_config, gateway_url):
    # GatewayClient is a singleton: one that an earlier test made, without a URL, would keep
    # this server's kernels local.
    GatewayClient.clear_instance()
    jp_server_config["GatewayClient"] = {"url": gateway_url}
    yield jp_server_config
    GatewayClient.clear_instance()


async def test_a_gateway_kernel_gets_records_and_says_live_memory_is_unavailable(
    jp_fetch, jp_ws_fetch, jp_serverapp, record_validator
):
    assert isinstance(jp_serverapp.kernel_manager, GatewayMappingKernelManager)
    kernel_id = await start_kernel(jp_fetch)
    try:
        monitor = await wait_for_state(jp_fetch, kernel_id, "active")
        assert monitor["probe"]["peak_method"] == "vmhwm"
        ws = await jp_ws_fetch("api", "kernels", kernel_id, "channels")
        try:
            cell = str(uuid.uuid4())
            await run_through_websocket(ws, "kept = bytearray(32 * 2**20)", cell)
            (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
        finally:
            ws.close()
        record_validator.validate(record)
        assert record["cell_id"] == cell
        assert abs(record["rss_delta"] - 32 * 2**20) < 0.1 * 32 * 2**20
        live = await decided_live_source(jp_fetch, kernel_id)
        # No local process to read: the kernel's own usage_request (it has psutil here).
        assert live["source"] == "usage_request" and live["metric"] == "pss"
    finally:
        await jp_fetch("api", "kernels", kernel_id, method="DELETE")


async def decided_live_source(jp_fetch, kernel_id: str) -> dict:
    """The monitor's live source once it has chosen one (or said why there is none)."""
    monitor = await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: monitor["live"]["source"] is not None or bool(monitor["live"]["note"]),
        "the monitor never chose how to read live memory",
        timeout=10,
        interval=0.1,
    )
    return monitor["live"]


async def run_through_websocket(ws, code: str, cell_id: str) -> None:
    """Run a cell as JupyterLab does through the server's kernel websocket."""
    msg_id = send_through_websocket(ws, code, cell_id)
    while True:
        message = await ws.read_message()
        if isinstance(message, bytes):
            continue
        msg = json.loads(message)
        if msg.get("msg_type") == "execute_reply" and msg["parent_header"].get("msg_id") == msg_id:
            return


def send_through_websocket(ws, code: str, cell_id: str) -> str:
    """Send a cell's execute request as JupyterLab does; its msg_id."""
    msg_id = uuid.uuid4().hex
    ws.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "msg_type": "execute_request",
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {"cellId": cell_id},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "buffers": [],
                "channel": "shell",
            }
        )
    )
    return msg_id

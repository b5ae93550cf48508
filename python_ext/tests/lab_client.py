"""Drives a kernel the way JupyterLab does: execute requests carrying the cell's id."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from jupyter_client.asynchronous import AsyncKernelClient

MiB = 2**20
T = TypeVar("T")


class LabLikeClient:
    """A second client of a kernel, sending cells with ``metadata.cellId`` like JupyterLab."""

    def __init__(self, client: AsyncKernelClient) -> None:
        self.client = client
        self.client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=False)

    def close(self) -> None:
        self.client.stop_channels()

    async def handshake(self) -> None:
        """What JupyterLab does on (re)connecting before it sends queued cells: a kernel_info
        round trip."""
        msg_id = self.client.kernel_info()
        while True:
            msg = await self.client.get_shell_msg()
            if msg["parent_header"].get("msg_id") == msg_id:
                return

    def send_cell(self, code: str, cell_id: str | None = None, **content: Any) -> str:
        """Queue one cell; returns the request's msg_id."""
        body = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        body.update(content)
        msg = self.client.session.msg(
            "execute_request", body, metadata={"cellId": cell_id or str(uuid.uuid4())}
        )
        self.client.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    async def wait_replies(self, msg_ids: list[str], timeout: float = 120) -> dict[str, dict]:
        """Wait for the execute replies of `msg_ids`; returns their contents by msg_id."""
        replies: dict[str, dict] = {}

        async def collect() -> None:
            while len(replies) < len(msg_ids):
                msg = await self.client.get_shell_msg()
                parent = msg["parent_header"].get("msg_id")
                if parent in msg_ids:
                    replies[parent] = msg["content"]

        await asyncio.wait_for(collect(), timeout)
        return replies

    async def run(self, code: str, cell_id: str | None = None, **content: Any) -> dict:
        msg_id = self.send_cell(code, cell_id, **content)
        return (await self.wait_replies([msg_id]))[msg_id]

    async def evaluate(self, expression: str) -> str:
        """The text/plain repr of `expression`, evaluated silently in the kernel."""
        reply = await self.run(
            "", silent=True, store_history=False, user_expressions={"value": expression}
        )
        value = reply["user_expressions"]["value"]
        assert value["status"] == "ok", value
        return value["data"]["text/plain"]

    async def stream_output(self, msg_id: str, timeout: float = 30) -> str:
        """Everything the request `msg_id` printed, up to its idle status."""
        text: list[str] = []

        async def collect() -> None:
            while True:
                msg = await self.client.get_iopub_msg()
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    text.append(msg["content"]["text"])
                elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return

        await asyncio.wait_for(collect(), timeout)
        return "".join(text)

    async def wait_for_text(self, msg_id: str, marker: str, timeout: float = 30) -> None:
        """Wait until the request `msg_id` has printed `marker`: its cell is running its code."""
        text: list[str] = []

        async def collect() -> None:
            while marker not in "".join(text):
                msg = await self.client.get_iopub_msg()
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                    text.append(msg["content"]["text"])

        await asyncio.wait_for(collect(), timeout)


async def start_kernel(jp_fetch, name: str = "python3") -> str:
    response = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": name}))
    return json.loads(response.body)["id"]


async def get_json(jp_fetch, *parts: str, **kwargs: Any) -> Any:
    response = await jp_fetch(*parts, **kwargs)
    return json.loads(response.body)


async def post_report(jp_fetch, kernel_id: str, raise_error: bool = True, **body: Any):
    """The response to the kernel's report request with `body` (ReportRequest's fields)."""
    return await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        "report",
        method="POST",
        body=json.dumps(body),
        raise_error=raise_error,
    )


async def report_text(
    jp_fetch, kernel_id: str, report_format: str, cells: list[dict] | None = None
) -> str:
    """The kernel's report in `report_format`, for a notebook nb.ipynb of `cells` (none by
    default)."""
    response = await post_report(
        jp_fetch, kernel_id, format=report_format, notebook_path="nb.ipynb", cells=cells or []
    )
    return response.body.decode()


async def json_report(jp_fetch, kernel_id: str, cells: list[dict] | None = None) -> dict:
    """The kernel's report as JSON, for a notebook nb.ipynb of `cells` (none by default)."""
    return json.loads(await report_text(jp_fetch, kernel_id, "json", cells))


async def poll(
    read: Callable[[], Awaitable[T]],
    done: Callable[[T], bool],
    what: str,
    timeout: float = 30,
    interval: float = 0.05,
) -> T:
    """Read until `done` holds for the value read; past `timeout`, fail saying `what` never came."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await read()
        if done(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} within {timeout} s; last seen: {value!r}")
        await asyncio.sleep(interval)


async def wait_until_busy(jp_fetch, kernel_id: str, timeout: float = 30) -> dict:
    """Poll the monitor until it has seen the kernel start a request."""
    return await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: monitor["execution_state"] == "busy",
        "the kernel never reported a running cell",
        timeout,
    )


async def wait_for_record_of(jp_fetch, kernel_id: str, msg_id: str, timeout: float = 60) -> list:
    """Poll until the record of request `msg_id` has arrived; returns all records held then.

    Records come in the order the kernel ran the requests, so any record of an earlier request
    has arrived by then too: what is missing then never came."""
    body = await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records"),
        lambda body: msg_id in [entry["record"]["msg_id"] for entry in body["records"]],
        f"no record of {msg_id}",
        timeout,
    )
    return [entry["record"] for entry in body["records"]]


async def wait_for_state(jp_fetch, kernel_id: str, state: str, timeout: float = 60) -> dict:
    """Poll the monitor until it reaches `state`."""
    return await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: monitor["state"] == state,
        f"the monitor never became {state!r}",
        timeout,
        interval=0.1,
    )


async def wait_for_records(jp_fetch, kernel_id: str, count: int, timeout: float = 60) -> list[dict]:
    """Poll until the server holds at least `count` records of the kernel."""
    body = await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records"),
        lambda body: len(body["records"]) >= count,
        f"{count} records never arrived",
        timeout,
        interval=0.1,
    )
    return [entry["record"] for entry in body["records"]]

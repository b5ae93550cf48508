"""The headless run's requests to its kernel and to the probe in it, each with a deadline: the
kernel's info, the probe's install, its settings, and the facts for the advice at the end."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient

from ..probe_client.call import ProbeTimeout, SilentRequest, call_probe
from ..probe_client.injector import ProbeCallError, install_code
from ..protocol import CLOSING_FACTS_CALL, CONFIGURE_CALL, PROBE_MSG_TYPE
from .messages import NO_TRACING_CONTROL
from .notebook import NotebookRunError

PROBE_TIMEOUT = 60.0


async def kernel_info(client: AsyncKernelClient) -> dict[str, Any]:
    """The kernel's ``kernel_info_reply`` content."""
    return await _shell_reply(client, client.kernel_info(), _deadline())


async def enable_allocation_tracing(
    client: AsyncKernelClient, probe: Mapping[str, Any], nframes: int = 1
) -> None:
    """Turn tracemalloc on in the kernel through the probe's settings, before any cell runs.

    The probe takes settings through ``active().configure_json(...)``, evaluated as a user
    expression of a silent request (as the server does); a probe that announces no ``config``
    has no such control, and tracing is then refused rather than started behind its back.
    """
    if not isinstance(probe.get("config"), Mapping):
        raise NotebookRunError(NO_TRACING_CONTROL)
    changes = json.dumps({"tracing": True, "nframes": nframes})
    refused = "the probe did not turn allocation tracing on"
    try:
        config = await probe_answer(client, CONFIGURE_CALL, changes)
    except ProbeCallError as err:
        raise NotebookRunError(f"{refused}: {err}") from None
    if not isinstance(config, dict) or config.get("tracing") is not True:
        raise NotebookRunError(refused)


async def closing_facts(client: AsyncKernelClient) -> dict[str, Any] | None:
    """What the advisor needs from the kernel at the end of the run; None if the probe
    cannot say (the report then has no suggestions rather than wrong ones)."""
    try:
        # The kernel ends after this: the facts may be found by changing it, much faster.
        facts = await probe_answer(client, CLOSING_FACTS_CALL)
    except ProbeCallError:
        return None
    return facts if isinstance(facts, dict) else None


async def install_probe(client: AsyncKernelClient) -> dict[str, Any]:
    """Install the probe before the first cell; its announcement (ProbeInfo)."""
    deadline = _deadline()
    # The install code is one expression: as a user expression, IPython evaluates it as it
    # is, where as a cell's code its 200 KB went through the cell's transformations and
    # compiled twice (about 50 ms).
    msg_id = client.execute(
        "",
        silent=True,
        store_history=False,
        user_expressions={"install": install_code()},
        stop_on_error=False,
    )
    reply = await _shell_reply(client, msg_id, deadline)
    installed = reply.get("user_expressions", {}).get("install", reply)
    if reply.get("status") != "ok" or installed.get("status") != "ok":
        raise NotebookRunError(
            f"the probe could not be installed: {installed.get('ename', 'error')}: "
            f"{installed.get('evalue', installed.get('status'))}"
        )
    probe: dict[str, Any] | None = None
    while True:
        msg = await _iopub_message(client, deadline)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == PROBE_MSG_TYPE:
            probe = msg["content"]
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    if probe is None:
        raise NotebookRunError("the probe was installed but did not announce itself")
    return probe


def _deadline() -> float:
    return time.monotonic() + PROBE_TIMEOUT


def _silent_request(client: AsyncKernelClient) -> SilentRequest:
    async def request(expressions: dict[str, str]) -> dict[str, Any]:
        msg_id = client.execute(
            "", silent=True, store_history=False, user_expressions=expressions, stop_on_error=False
        )
        return await _shell_reply(client, msg_id, _deadline())

    return request


async def probe_answer(client: AsyncKernelClient, method: str, *args: str) -> Any:
    """The probe's answer, through the guarded call that the server uses too."""
    try:
        return await call_probe(_silent_request(client), method, *args, timeout=PROBE_TIMEOUT)
    except ProbeTimeout:
        raise NotebookRunError(_no_answer()) from None


def _no_answer() -> str:
    return f"the kernel did not answer within {PROBE_TIMEOUT:.0f} s"


async def _shell_reply(client: AsyncKernelClient, msg_id: str, deadline: float) -> dict[str, Any]:
    while True:
        try:
            msg = await client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        except Empty:
            raise NotebookRunError(_no_answer()) from None
        if msg["parent_header"].get("msg_id") == msg_id:
            content: dict[str, Any] = msg["content"]
            return content


async def _iopub_message(client: AsyncKernelClient, deadline: float) -> dict[str, Any]:
    try:
        msg: dict[str, Any] = await client.get_iopub_msg(
            timeout=max(0.0, deadline - time.monotonic())
        )
    except Empty:
        raise NotebookRunError(
            f"the kernel went quiet while the probe was installed ({PROBE_TIMEOUT:.0f} s)"
        ) from None
    return msg

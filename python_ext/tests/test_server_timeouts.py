"""Nothing waits forever on a kernel: a stopped kernel's requests answer within the time limit
(MemoryInspectorApp.kernel_timeout), the server and other kernels keep working, and once the
kernel resumes the same requests answer 200 again."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from typing import Any, Callable

import pytest
from lab_client import get_json, poll, start_kernel, wait_for_records, wait_for_state

from jupyterlab_memory_inspector.server import monitor as monitor_module
from jupyterlab_memory_inspector.server.install import install_probe

LIMIT = 2.0
# What the time limit may be overrun by on a loaded machine: the handler's own work.
SLACK = 3.0

NO_ANSWER = f"the kernel did not answer in {LIMIT:g} s; it may be busy in native code"
# The same words for the panel's translator.
NO_ANSWER_MESSAGE = {
    "id": "the kernel did not answer in %1 s; it may be busy in native code",
    "args": [f"{LIMIT:g}"],
}
NO_ANSWER_REPLY = {"code": 504, "message": NO_ANSWER, "messages": {"message": NO_ANSWER_MESSAGE}}

REQUESTS: dict[str, dict[str, Any]] = {
    "advice": {"cells": []},
    "collect": {},
    "report": {"format": "json", "notebook_path": "stuck.ipynb", "cells": [], "save": False},
    "config": {"tracing": True},
}


# The tasks that live as long as a kernel's monitor: they read, and never wait for an answer.
LONG_LIVED = {
    "KernelChannels._read_replies",
    "KernelChannels._read_iopub",
    "KernelChannels._watch_replies",
    "LiveSampler._run",
}


def our_tasks() -> set[str]:
    """The functions that this package's pending tasks run."""
    return {
        coro.__qualname__
        for coro in (task.get_coro() for task in asyncio.all_tasks())
        if "jupyterlab_memory_inspector"
        in getattr(getattr(coro, "cr_code", None), "co_filename", "")
    }


@pytest.fixture
def jp_server_config(jp_server_config):
    return {**jp_server_config, "MemoryInspectorApp": {"kernel_timeout": LIMIT}}


async def post(jp_fetch, kernel_id: str, resource: str) -> tuple[int, Any, float]:
    """Status, body and seconds taken of one request."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    response = await jp_fetch(
        "memory-inspector",
        "kernels",
        kernel_id,
        resource,
        method="POST",
        body=json.dumps(REQUESTS[resource]),
        raise_error=False,
        request_timeout=60,
    )
    return response.code, json.loads(response.body), loop.time() - started


async def until_200(jp_fetch, kernel_id: str, resource: str, within: float = 60) -> Any:
    """The first 200 answer of `resource`, asked again while it is anything else."""
    _, body, _ = await poll(
        lambda: post(jp_fetch, kernel_id, resource),
        lambda answer: answer[0] == 200 and (resource != "config" or answer[1]["applied"]),
        f"a 200 from {resource}",
        timeout=within,
        interval=0.2,
    )
    return body


async def test_a_stopped_kernel_answers_within_the_limit_then_recovers(
    jp_fetch, jp_serverapp, kernel, api_validator
):
    kernel_id, _ = kernel
    other = await start_kernel(jp_fetch)
    await wait_for_state(jp_fetch, other, "active")
    pid = jp_serverapp.kernel_manager.get_kernel(kernel_id).provisioner.process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        answers = {resource: await post(jp_fetch, kernel_id, resource) for resource in REQUESTS}
        # The server and the other kernel work on while this one is stopped.
        assert (await post(jp_fetch, other, "collect"))[0] == 200
        listed = await get_json(jp_fetch, "memory-inspector", "kernels")
        assert {monitor["kernel_id"] for monitor in listed["kernels"]} >= {kernel_id, other}
        # Nothing of ours is left waiting on the stopped kernel (and the readers are seen).
        assert "KernelChannels._read_iopub" in our_tasks()
        deadline = asyncio.get_running_loop().time() + LIMIT + SLACK
        while (
            waiting := our_tasks() - LONG_LIVED
        ) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        assert waiting == set()
    finally:
        os.kill(pid, signal.SIGCONT)
    for resource, (_, _, took) in answers.items():
        assert took < LIMIT + SLACK, (resource, took)
    assert answers["advice"][:2] == (504, NO_ANSWER_REPLY)
    assert answers["collect"][:2] == (504, NO_ANSWER_REPLY)
    api_validator("ErrorReply").validate(answers["advice"][1])
    # A report is still worth having: without suggestions, which need the kernel.
    assert answers["report"][0] == 200 and answers["report"][1]["suggestions"] == []
    # Settings are kept and applied once the kernel answers.
    assert answers["config"][0] == 202 and answers["config"][1]["applied"] is False
    assert answers["config"][1]["config"]["tracing"] is True

    for resource in REQUESTS:
        await until_200(jp_fetch, kernel_id, resource)
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert monitor["state"] == "active" and monitor["probe"]["config"]["tracing"] is True
    await jp_serverapp.kernel_manager.shutdown_kernel(other)


async def test_settings_sent_behind_a_cell_longer_than_the_limit_apply_after_it(jp_fetch, kernel):
    kernel_id, client = kernel
    running = client.send_cell(f"import time; time.sleep({3 * LIMIT})")
    await until(jp_fetch, kernel_id, lambda monitor: monitor["execution_state"] == "busy")
    code, body, took = await post(jp_fetch, kernel_id, "config")
    assert (code, body["applied"]) == (202, False) and took < LIMIT + SLACK
    await client.wait_replies([running])
    # Applied between that cell and the next one.
    await client.run("kept = [0] * 1000")
    records = await wait_for_records(jp_fetch, kernel_id, 2)
    assert records[1]["heap"] is not None
    await until(jp_fetch, kernel_id, lambda monitor: monitor["probe"]["config"]["tracing"])


async def until(jp_fetch, kernel_id: str, condition: Callable[[dict], bool]) -> None:
    """Poll the kernel's monitor until `condition` holds."""
    await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        condition,
        "the monitor never got there",
    )


async def test_an_install_that_times_out_is_said_and_the_probe_starts_when_it_runs(
    jp_fetch, jp_serverapp, monkeypatch
):
    # As a kernel busy in native code from its start: the install reaches it only later.
    release = asyncio.Event()
    held: list[asyncio.Task] = []  # kept: the loop holds its tasks only weakly

    async def held_install(channels):
        async def when_released():
            await release.wait()
            await install_probe(channels)

        held.append(asyncio.ensure_future(when_released()))
        await asyncio.Event().wait()

    monkeypatch.setattr(monitor_module, "install_probe", held_install)
    kernel_id = await start_kernel(jp_fetch)
    try:
        await until(jp_fetch, kernel_id, lambda monitor: monitor["detail"] == NO_ANSWER)
        monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
        assert monitor["state"] == "installing"
        code, body, took = await post(jp_fetch, kernel_id, "advice")
        assert (code, body["message"]) == (504, NO_ANSWER) and took < LIMIT + SLACK
        release.set()
        await wait_for_state(jp_fetch, kernel_id, "active")
        await until_200(jp_fetch, kernel_id, "advice")
    finally:
        release.set()
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)

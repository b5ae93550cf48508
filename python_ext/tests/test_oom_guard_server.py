"""The out-of-memory guard and the cause of death in the server, with a real kernel held to a
real 700 MiB memory cgroup: the kernel process is started inside it, as in a container."""

from __future__ import annotations

import uuid

import pytest
from lab_client import get_json, json_report, poll, wait_for_record_of
from memory_cgroup import GROW, LIMIT, kernel_in_group, oom_kills
from traitlets.config import Config

from jupyterlab_memory_inspector.report.schema import report_validator


@pytest.fixture
def jp_server_config(jp_server_config, request):
    """The suite's server configuration, with this test's MemoryInspectorApp settings."""
    return Config({**jp_server_config, "MemoryInspectorApp": getattr(request, "param", {})})


async def test_the_guard_interrupts_the_growing_cell_and_the_variables_survive(
    jp_fetch, jp_serverapp, api_validator
):
    async with kernel_in_group(jp_fetch, jp_serverapp) as (kernel_id, client, group):
        monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
        assert monitor["group"]["scope"] == "group"
        assert monitor["group"]["limit"] == LIMIT
        await client.run("kept = 'earlier state'\nchunks = []")
        cell = str(uuid.uuid4())
        growing = client.send_cell(GROW, cell)
        reply = (await client.wait_replies([growing]))[growing]
        assert reply["ename"] == "KeyboardInterrupt"
        records = await wait_for_record_of(jp_fetch, kernel_id, growing)
        guard = records[-1]["oom_guard"]
        assert records[-1]["cell_id"] == cell
        assert guard["action"] == "interrupted" and guard["stopped"] is True
        assert guard["scope"] == "group" and guard["limit"] == LIMIT
        assert guard["usage"] < LIMIT
        assert await client.evaluate("(kept, len(chunks) > 0)") == "('earlier state', True)"
        monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
        api_validator("Monitor").validate(monitor)
        assert "died" not in [event["event"] for event in monitor["lifecycle"]]
        assert oom_kills(group) == 0


@pytest.mark.parametrize("jp_server_config", [{"oom_guard": False}], indirect=True)
async def test_without_the_guard_the_death_is_named_out_of_memory_with_its_cell(
    jp_fetch, jp_serverapp, api_validator
):
    async with kernel_in_group(jp_fetch, jp_serverapp) as (kernel_id, client, group):
        await client.run("chunks = []")
        running = client.send_cell(GROW, str(uuid.uuid4()))
        monitor = await poll(
            lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
            lambda monitor: "died" in [event["event"] for event in monitor["lifecycle"]],
            "the kernel's death",
            timeout=120,
            interval=0.2,
        )
        api_validator("Monitor").validate(monitor)
        (died,) = [event for event in monitor["lifecycle"] if event["event"] == "died"]
        death = died["death"]
        assert death["cause"] == "oom_kill"
        assert death["msg_id"] == running
        assert death["limit"] == LIMIT
        assert death["usage"] > LIMIT * 0.8
        assert death["execution_count"] == 2
        assert oom_kills(group) == 1
        # A report exported after the death holds the cells before it, and the death.
        report = await json_report(jp_fetch, kernel_id)
        report_validator().validate(report)
        assert [cell["execution_count"] for cell in report["cells"]] == [1, 2]
        assert report["cells"][1]["record"]["death"] == death
        assert report["death"]["cause"] == "oom_kill"
        assert report["death"]["msg_id"] == running

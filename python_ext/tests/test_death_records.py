"""The cell the kernel died in gets a record made from the last live readings; every death of a
session stays in the history and the reports; the death names its cell from the probe's start
message, so that a page loaded after it still finds the cell."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import uuid

import pytest
from lab_client import LabLikeClient, get_json, json_report, poll
from memory_cgroup import GROW, LIMIT, kernel_in_group
from traitlets.config import Config

from jupyterlab_memory_inspector.fatal_record import CellReadings, fatal_record
from jupyterlab_memory_inspector.report import FORMATS, KernelInfo, build_report
from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.server.history import RecordHistory
from jupyterlab_memory_inspector.text import MiB

SESSION = "session-1"

DEATH = {
    "cause": "oom_kill",
    "evidence": "the group's oom_kill counter went up",
    "exit_code": -9,
    "scope": "group",
    "usage": 651 * MiB,
    "limit": LIMIT,
    "oom_kills": 0,
    "cell_id": "cell-b",
    "execution_count": 2,
    "msg_id": "request-2",
}


def probe_record(count: int, cell_id: str, rss_after: int) -> dict:
    """A record as the probe sends it, in the fewest fields the schema allows."""
    return {
        "schema_version": 1,
        "probe_session": SESSION,
        "cell_id": cell_id,
        "execution_count": count,
        "msg_id": f"request-{count}",
        "status": "ok",
        "raised": False,
        "start": 1000.0 + count,
        "end": 1000.5 + count,
        "duration": 0.5,
        "rss_before": 100 * MiB,
        "rss_after": rss_after,
        "rss_delta": rss_after - 100 * MiB,
        "peak": rss_after,
        "peak_method": "vmhwm",
        "probe_time": 0.001,
        "gc": {
            "enabled": True,
            "thresholds": [700, 10, 10],
            "counts": [1, 0, 0],
            "frozen": 0,
            "collections": [0, 0, 0],
            "collected": 0,
            "uncollectable": 0,
            "pause": 0.0,
        },
        "heap": None,
        "limit": {"bytes": LIMIT, "source": "cgroup1"},
        "host": {"total": 8 * 1024 * MiB, "available": 4 * 1024 * MiB},
        "variables": {
            "items": [],
            "partial": False,
            "scanned": 1,
            "total": 1,
            "elapsed": 0.001,
            "budget": 0.05,
        },
    }


def readings(*kernel: int, tree: tuple[int, ...] = ()) -> CellReadings:
    cell = CellReadings(msg_id="request-2", start=1003.0, cell_id="cell-b", execution_count=2)
    for n, memory in enumerate(kernel):
        cell.add(1003.0 + 0.5 * n, memory * MiB, tree[n] * MiB if tree else None)
    return cell


def test_the_fatal_record_comes_from_the_cells_readings(record_validator):
    previous = probe_record(1, "cell-a", 120 * MiB)
    record = fatal_record(
        readings(130, 400, 620, 610, tree=(130, 450, 640, 630)),
        DEATH,
        probe_session=SESSION,
        previous=previous,
        sample_interval=0.5,
        pid=4242,
    )
    assert record is not None
    record_validator.validate(record)
    assert record["from_live_readings"] is True
    assert record["death"] == DEATH
    assert (record["cell_id"], record["execution_count"]) == ("cell-b", 2)
    assert (record["rss_before"], record["peak"], record["rss_after"]) == (
        130 * MiB,
        620 * MiB,
        610 * MiB,
    )
    assert record["rss_delta"] == 480 * MiB
    assert (record["tree"]["before"], record["tree"]["peak"]) == (130 * MiB, 640 * MiB)
    assert record["tree"]["method"] == "rss_uss"
    assert record["tree"]["processes"][0]["at_peak"] == 620 * MiB
    assert record["duration"] == pytest.approx(1.5)
    # What the probe knew of the kernel's limit, and nothing it could not measure.
    assert record["limit"] == previous["limit"]
    assert record["variables"]["items"] == []
    assert record["heap"] is None


def test_without_a_reading_the_previous_records_after_stands_for_the_cell():
    record = fatal_record(
        readings(),
        DEATH,
        probe_session=SESSION,
        previous=probe_record(1, "cell-a", 120 * MiB),
        sample_interval=0.5,
    )
    assert record is not None
    assert record["rss_before"] == record["peak"] == 120 * MiB
    assert record["tree"]["processes"] == []


def test_nothing_read_and_nothing_before_makes_no_record():
    assert (
        fatal_record(readings(), DEATH, probe_session=SESSION, previous=None, sample_interval=1)
        is None
    )
    # A record of the session before a restart says nothing of this one.
    earlier = probe_record(1, "cell-a", 120 * MiB)
    assert (
        fatal_record(
            readings(), DEATH, probe_session="session-2", previous=earlier, sample_interval=1
        )
        is None
    )


def two_deaths_report():
    second = {**DEATH, "usage": 690 * MiB, "msg_id": "request-4", "execution_count": 2}
    second["cell_id"] = "cell-b"
    fatal = fatal_record(
        readings(130, 620), DEATH, probe_session=SESSION, previous=None, sample_interval=0.5
    )
    assert fatal is not None
    return build_report(
        notebook="nb.ipynb",
        kernel=KernelInfo("python3", "Python 3", "python"),
        probe=None,
        records=[probe_record(1, "cell-a", 120 * MiB), fatal],
        sources={"cell-a": "chunks = []", "cell-b": "grow()"},
        death=second,
        deaths=[DEATH, second],
    )


def test_every_format_has_the_fatal_row_and_every_death():
    report = two_deaths_report()
    data = json.loads(FORMATS["json"][0](report))
    report_validator().validate(data)
    assert [cell["status"] for cell in data["cells"]] == ["ok", "killed"]
    assert [death["usage"] for death in data["deaths"]] == [651 * MiB, 690 * MiB]
    row = "killed at 651 MiB of 700 MiB while running [2]: out of memory"
    rows_of = {"markdown": row.replace("[2]", "\\[2\\]"), "html": row}
    for name, text_of_row in rows_of.items():
        text = FORMATS[name][0](report)
        assert text_of_row in text, name
        assert text.count("out of memory: the kernel was killed at") == 2, name
    rows = list(csv.DictReader(io.StringIO(FORMATS["csv"][0](report))))
    # The first death is told in its cell's row; the second had no readings of its cell.
    assert [(r["run"], r["status"]) for r in rows] == [
        ("1", "ok"),
        ("2", "killed"),
        ("3", "killed"),
    ]
    assert "killed at 651 MiB of 700 MiB while running cell [2]" in rows[1]["note"]
    assert rows[1]["gc_collected"] == ""
    assert rows[1]["peak"] == str(620 * MiB)
    assert "at 690 MiB" in rows[2]["note"]
    # The variables are the probe's last: the fatal record has none to tell.
    assert report.variables.partial is False
    assert report.summary.errors == 0


def runs_then_death() -> list[dict]:
    """A cell that grew by 200 MiB twice, then killed the kernel in its third run."""
    runs = [probe_record(n, "cell-a", (100 + 200 * n) * MiB) for n in (1, 2)]
    for n, run in enumerate(runs):
        run["rss_before"] = (100 + 200 * n) * MiB
        run["rss_delta"] = 200 * MiB
    cell = CellReadings(msg_id="request-3", start=1004.0, cell_id="cell-a", execution_count=3)
    cell.add(1004.5, 500 * MiB)
    cell.add(1005.0, 690 * MiB)
    fatal = fatal_record(cell, DEATH, probe_session=SESSION, previous=runs[-1], sample_interval=1)
    assert fatal is not None
    return [*runs, fatal]


def test_the_leak_rule_leaves_the_run_the_kernel_died_in_out():
    history = RecordHistory(10)
    entries = [history.add(record) for record in runs_then_death()]
    assert entries[1]["leak"]["runs"] == 2
    assert "leak" not in entries[2]
    report = build_report(
        notebook="nb.ipynb",
        kernel=KernelInfo("python3", "Python 3", "python"),
        probe=None,
        records=runs_then_death(),
        sources={},
    )
    assert [leak.verdict.runs for leak in report.leaks] == [2]


@pytest.fixture
def jp_server_config(jp_server_config):
    """The guard off: the kernel is killed."""
    return Config({**jp_server_config, "MemoryInspectorApp": {"oom_guard": False}})


async def die_in(client: LabLikeClient, jp_fetch, kernel_id: str) -> tuple[str, str]:
    """Run the growing cell (with a cell id, as JupyterLab sends it) until the kernel is killed."""
    await client.run("chunks = []", str(uuid.uuid4()))
    cell = str(uuid.uuid4())
    running = client.send_cell(GROW, cell)
    await poll(
        lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
        lambda monitor: "died" in [e["event"] for e in monitor["lifecycle"]],
        "the kernel's death",
        timeout=120,
        interval=0.2,
    )
    return cell, running


async def test_each_death_names_its_cell_and_leaves_a_record_in_the_history_and_report(
    jp_fetch, jp_serverapp, api_validator, record_validator
):
    async with kernel_in_group(jp_fetch, jp_serverapp) as (kernel_id, client, _group):
        before = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
        killed = before["probe"]["pid"]
        first_cell, first_request = await die_in(client, jp_fetch, kernel_id)
        # Until the restarter has started the new kernel, the monitor still shows the old one.
        monitor = await poll(
            lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
            lambda monitor: monitor["state"] == "active" and monitor["probe"]["pid"] != killed,
            "the restarted kernel's probe",
            timeout=120,
        )
        # The restarted kernel is the server's child outside the group: killed by a signal.
        await client.handshake()
        await client.run("after = 1", str(uuid.uuid4()))
        second_cell = str(uuid.uuid4())
        second_request = client.send_cell("import time\nprint('on')\ntime.sleep(60)", second_cell)
        await client.wait_for_text(second_request, "on")
        os.kill(monitor["probe"]["pid"], signal.SIGKILL)
        await poll(
            lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
            lambda monitor: [e["event"] for e in monitor["lifecycle"]].count("died") == 2,
            "the second death",
            timeout=60,
        )

        monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
        api_validator("Monitor").validate(monitor)
        deaths = [event["death"] for event in monitor["lifecycle"] if event["event"] == "died"]
        # The server names the cell from the probe's start message, not from the page.
        assert [(d["cell_id"], d["msg_id"]) for d in deaths] == [
            (first_cell, first_request),
            (second_cell, second_request),
        ]
        body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records")
        fatal = [entry for entry in body["records"] if "death" in entry["record"]]
        assert [entry["record"]["cell_id"] for entry in fatal] == [first_cell, second_cell]
        for entry, death in zip(fatal, deaths):
            record = entry["record"]
            record_validator.validate(record)
            assert record["death"] == death
            assert record["from_live_readings"] is True
            assert record["execution_count"] == 2
        # The readings of a cell that grew by 25 MiB steps until the kill.
        assert fatal[0]["record"]["peak"] > fatal[0]["record"]["rss_before"] + 200 * MiB
        assert [death["cause"] for death in deaths] == ["oom_kill", "signal"]

        report = await json_report(jp_fetch, kernel_id)
        report_validator().validate(report)
        assert [cell["status"] for cell in report["cells"]] == ["ok", "killed", "ok", "died"]
        assert [death["msg_id"] for death in report["deaths"]] == [first_request, second_request]
        assert report["death"]["msg_id"] == second_request

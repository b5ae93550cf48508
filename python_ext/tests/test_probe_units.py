"""The probe's parts on their own: peak fallbacks, limits, settings, gc, the scan's bookkeeping,
the summary line."""

from __future__ import annotations

import ctypes
import gc
import json
import os
import sys
import time

import numpy as np
import pytest
from test_probe_variables import fresh_shell, run

from jupyterlab_memory_inspector.ipython_summary import format_bytes, summary_line
from jupyterlab_memory_inspector.probe import (
    check_config,
    install,
    limits,
    procmem,
    size_of_all,
    uninstall,
)
from jupyterlab_memory_inspector.probe.facts import cyclic_garbage
from jupyterlab_memory_inspector.probe.gcwatch import GcWatch
from jupyterlab_memory_inspector.probe.scanorder import rotation
from jupyterlab_memory_inspector.probe.usernames import ToolNames

MiB = 2**20


def test_the_exact_peak_is_used_where_the_kernel_allows_the_reset():
    memory = procmem.ProcessMemory()
    try:
        assert memory.peak_method == procmem.PEAK_VMHWM
        before = memory.start_cell()
        spike = np.ones(128 * MiB // 8)
        del spike
        peak, after = memory.end_cell(before)
        assert peak - before >= 127 * MiB
        # The RSS comes from the same read of /proc/self/status as the peak: it is statm's.
        assert abs(memory.rss() - after) <= MiB
    finally:
        memory.close()


def test_the_cells_peak_and_rss_are_read_without_releasing_the_gil(monkeypatch):
    # Right after a cell starts and ends, the kernel's IOPub thread waits for the GIL: a call
    # that released it would make the hook wait for that thread's work. os.pread and os.write
    # release it; libc's functions called through ctypes.PyDLL keep it.
    files = procmem._FILES
    for function in (files._pread, files._write):
        assert function is not None
        assert function._flags_ & ctypes._FUNCFLAG_PYTHONAPI

    def releases_the_gil(*args: object) -> None:
        raise AssertionError("a call that releases the GIL")

    memory = procmem.ProcessMemory()
    try:
        monkeypatch.setattr(os, "pread", releases_the_gil)
        monkeypatch.setattr(os, "write", releases_the_gil)
        assert memory.peak_method == procmem.PEAK_VMHWM
        before = memory.start_cell()
        peak, after = memory.end_cell(before)
        assert 0 < before <= peak and 0 < after == memory.rss()
    finally:
        memory.close()
    # A failed read raises, as os.pread does.
    with pytest.raises(OSError):
        files.read(-1, 128)


def test_without_ctypes_the_files_are_read_with_the_os_calls(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctypes", None)
    files = procmem._Files()
    fd = os.open("/proc/self/statm", os.O_RDONLY)
    try:
        assert files.read(fd, 128).split()[0] == os.pread(fd, 128, 0).split()[0]
        with pytest.raises(OSError):
            files.write(fd, b"5")
    finally:
        os.close(fd)


def test_a_refused_reset_falls_back_to_sampling_and_says_so(monkeypatch):
    real_open = procmem._open

    def refuse_the_reset(path: str, flags: int) -> int | None:
        return None if "clear_refs" in path else real_open(path, flags)

    monkeypatch.setattr(procmem, "_open", refuse_the_reset)
    memory = procmem.ProcessMemory()
    try:
        assert memory.peak_method == procmem.PEAK_SAMPLING
        before = memory.start_cell()
        spike = np.ones(128 * MiB // 8)
        # Sleeping releases the GIL, so that the sampling thread can take its readings.
        deadline = time.monotonic() + 10
        while memory._sampler.peak - before < 120 * MiB and time.monotonic() < deadline:
            time.sleep(0.001)
        del spike
        assert memory.end_cell(before)[0] - before >= 120 * MiB
    finally:
        memory.close()


def test_without_any_rss_source_only_the_endpoints_are_known(monkeypatch):
    monkeypatch.setattr(procmem, "_statm_reader", lambda page: None)
    monkeypatch.setattr(procmem, "_psutil_reader", lambda: None)
    memory = procmem.ProcessMemory()
    assert memory.peak_method == procmem.PEAK_ENDPOINTS
    assert memory.available is False
    assert memory.end_cell(memory.start_cell()) == (0, 0)


def fake_files(monkeypatch, files: dict[str, str]) -> None:
    monkeypatch.setattr(limits, "_read", files.get)


def test_cgroup2_limit_is_the_tightest_on_the_way_to_the_root(monkeypatch):
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    fake_files(
        monkeypatch,
        {
            "/proc/self/cgroup": "0::/user.slice/jupyter/kernel\n",
            "/sys/fs/cgroup/user.slice/jupyter/kernel/memory.max": "max",
            "/sys/fs/cgroup/user.slice/jupyter/memory.max": str(4 * 2**30),
            "/sys/fs/cgroup/user.slice/memory.max": str(8 * 2**30),
        },
    )
    assert limits.memory_limit() == {"bytes": 4 * 2**30, "source": "cgroup2"}


def test_cgroup1_limit_and_its_unlimited_value(monkeypatch):
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    cgroup = "4:memory:/docker/abc\n0::/\n"
    path = "/sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes"
    fake_files(monkeypatch, {"/proc/self/cgroup": cgroup, path: str(2 * 2**30)})
    assert limits.memory_limit() == {"bytes": 2 * 2**30, "source": "cgroup1"}
    fake_files(monkeypatch, {"/proc/self/cgroup": cgroup, path: "9223372036854771712"})
    assert limits.memory_limit() == {"bytes": None, "source": None}


def test_mem_limit_applies_when_no_cgroup_limits(monkeypatch):
    fake_files(monkeypatch, {"/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/memory.max": "max"})
    monkeypatch.setenv("MEM_LIMIT", "1073741824")
    assert limits.memory_limit() == {"bytes": 2**30, "source": "env"}
    monkeypatch.setenv("MEM_LIMIT", "lots")
    assert limits.memory_limit() == {"bytes": None, "source": None}


def test_host_memory_from_meminfo(monkeypatch):
    fake_files(
        monkeypatch,
        {"/proc/meminfo": "MemTotal:  1000 kB\nMemFree: 10 kB\nMemAvailable:   600 kB\n"},
    )
    assert limits.host_memory() == {"total": 1024000, "available": 614400}


def test_a_recent_reading_is_taken_again_once_it_is_old(monkeypatch):
    clock = [100.0]
    readings = iter([{"bytes": 1}, {"bytes": 2}])
    monkeypatch.setattr(limits.time, "monotonic", lambda: clock[0])
    recent = limits.Recent(lambda: next(readings), seconds=5.0)
    first = recent()
    assert first == {"bytes": 1}
    first["bytes"] = 99  # a record's copy: changing it changes no later record
    clock[0] += 4.9
    assert recent() == {"bytes": 1}
    clock[0] += 0.1
    assert recent() == {"bytes": 2}


def test_gc_watch_counts_the_collections_of_a_cell():
    watch = GcWatch()
    watch.install()
    try:
        watch.start_cell()
        for _ in range(1000):
            cycle: list = []
            cycle.append(cycle)
        del cycle
        gc.collect()
        report = watch.report()
    finally:
        watch.uninstall()
    assert report["collections"][2] >= 1
    assert report["collected"] >= 1000
    assert report["pause"] > 0
    assert watch._on_gc not in gc.callbacks


@pytest.fixture
def shell():
    yield from fresh_shell()


def test_the_published_json_is_the_record_the_listeners_get(shell):
    sent: list[tuple[str, dict | bytes]] = []
    records: list[dict] = []

    class Publisher:
        connected = True

        def parent_msg_id(self) -> None:
            return None

        def send(self, msg_type: str, content: dict | bytes) -> None:
            sent.append((msg_type, content))

    probe = install(shell)
    try:
        probe.watch._publisher = Publisher()
        probe.watch.listeners.append(records.append)
        run(shell, "text = 'é' * 5000\nnumbers = [1, 2, 3]")
        run(shell, "numbers.append(4)")
        run(shell, "")
    finally:
        uninstall()
    assert len(sent) == len(records) == 3
    for (msg_type, content), record in zip(sent, records):
        assert msg_type == "memory_inspector_record"
        assert type(content) is bytes
        assert json.loads(content) == record
        assert record["variables"]["items"]


def test_the_collector_is_paused_only_while_the_probe_scans_and_publishes(shell):
    during_scan: list[bool] = []
    after_hook: list[tuple[bool, bool]] = []

    class Scanner:
        items_json = None
        tool_names = ToolNames()

        def scan(self, shell: object, budget: float, max_items: int, touched: object) -> dict:
            during_scan.append(gc.isenabled())
            return {
                "items": [],
                "partial": False,
                "scanned": 0,
                "total": 0,
                "elapsed": 0.0,
                "budget": budget,
            }

    probe = install(shell)
    try:
        probe.watch._scanner = Scanner()
        probe.watch.listeners.append(
            lambda record: after_hook.append((record["gc"]["enabled"], gc.isenabled()))
        )
        run(shell, "x = 1")
        run(shell, "import gc\ngc.disable()")
        run(shell, "gc.enable()")
    finally:
        uninstall()
        gc.enable()
    assert during_scan == [False, False, False]
    # The record tells the user's setting, and the hook leaves it as the user set it.
    assert after_hook == [(True, True), (False, False), (True, True)]


def test_the_rotation_goes_round_from_where_it_stopped_skipping_visited_places():
    assert list(rotation(3, 8, [5, 1, 6])) == [3, 4, 7, 0, 2]
    assert list(rotation(0, 5, [])) == [0, 1, 2, 3, 4]
    assert list(rotation(2, 6, [2, 5, 0, 5])) == [3, 4, 1]
    assert list(rotation(0, 0, [])) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tracing": 1}, "tracing must be true or false"),
        ({"nframes": 4}, "nframes must be an integer from 1 to 3"),
        ({"scan_budget": -1}, "scan_budget must be a number of seconds in (0, 10]"),
        ({"max_variables": 5000}, "max_variables must be an integer from 1 to 1000"),
        ({"bogus": True}, "unknown probe settings: bogus"),
    ],
)
def test_bad_settings_are_refused_with_a_message(changes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_config(changes)


def test_good_settings_are_normalised():
    assert check_config({"tracing": True, "nframes": 3, "scan_budget": 1}) == {
        "tracing": True,
        "nframes": 3,
        "scan_budget": 1.0,
    }


def test_summary_line():
    record = {
        "status": "ok",
        "rss_before": 100 * MiB,
        "rss_delta": 412 * MiB,
        "peak": 1124 * MiB,
        "peak_method": "vmhwm",
        "variables": {
            "items": [
                {"name": "old", "type": "builtins.bytes", "size": 900 * MiB, "new": False},
                {"name": "df", "type": "pandas.DataFrame", "size": 78 * MiB, "new": True},
            ]
        },
    }
    assert summary_line(record) == (
        "memory: +412 MiB; peak +1.00 GiB above start; largest new: df (pandas.DataFrame, 78.0 MiB)"
    )
    assert format_bytes(-3.2 * MiB) == "-3.20 MiB"


def test_cyclic_garbage_is_found_and_sized_without_collecting_it():
    class Node:
        pass

    def pending():
        yield 1

    gc.collect()
    gc.disable()
    try:
        node = Node()
        node.me = node
        node.data = np.ones(10 * MiB // 8)
        node.steps = pending()
        next(node.steps)
        alive = Node()
        alive.me = alive
        alive.data = np.ones(5 * MiB // 8)
        del node
        found = cyclic_garbage(size_of_all, budget=10.0)
        assert found["complete"] is True
        assert 10 * MiB <= found["bytes"] < 10 * MiB + 256 * 1024
        assert gc.collect() >= found["objects"] > 0
    finally:
        gc.enable()
    assert alive.data.nbytes == 5 * MiB

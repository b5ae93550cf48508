"""The probe never breaks the user's kernel: hostile objects, references, interrupts."""

from __future__ import annotations

import asyncio

from lab_client import get_json, poll, wait_for_records

HOSTILE = """
calls = []

class Sneaky:
    def __sizeof__(self):
        calls.append("__sizeof__"); raise RuntimeError("no size for you")
    def __len__(self):
        calls.append("__len__"); raise RuntimeError("no len for you")
    def __repr__(self):
        calls.append("__repr__"); raise RuntimeError("no repr for you")
    def __eq__(self, other):
        calls.append("__eq__"); raise RuntimeError("no eq for you")
    __hash__ = object.__hash__

class Proxy:
    def __getattribute__(self, name):
        calls.append("__getattribute__ " + name); raise RuntimeError("proxy " + name)
    def __getattr__(self, name):
        calls.append("__getattr__ " + name); raise RuntimeError("proxy " + name)

class Forever:
    def __len__(self):
        calls.append("Forever.__len__")
        while True:
            pass

class Lazy:
    @property
    def data(self):
        calls.append("Lazy.data"); raise RuntimeError("computed on touch")

sneaky, proxy, forever, lazy = Sneaky(), Proxy(), Forever(), Lazy()
loop = []; loop.append(loop)
knot = {}; knot["self"] = knot
huge = {i: i for i in range(1_000_000)}
"""


async def test_hostile_objects_break_neither_the_cells_nor_the_records(
    jp_fetch, kernel, record_validator
):
    kernel_id, client = kernel
    reply = await client.run(HOSTILE)
    assert reply["status"] == "ok"
    reply = await client.run("result = 6 * 7")
    assert reply["status"] == "ok"
    assert await client.evaluate("result") == "42"
    records = await wait_for_records(jp_fetch, kernel_id, 2)
    for record in records:
        record_validator.validate(record)
    assert await client.evaluate("calls") == "[]"
    names = {item["name"] for item in records[-1]["variables"]["items"]}
    assert "huge" in names


async def test_the_probe_holds_no_reference_to_user_objects(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run("import numpy as np, weakref")
    await client.run("big = np.ones(32 * 2**20 // 8); ref = weakref.ref(big)")
    await client.run("view = big[::2]")
    await client.run("del big, view")
    assert await client.evaluate("ref() is None") == "True"
    records = await wait_for_records(jp_fetch, kernel_id, 4)
    assert "big" in {item["name"] for item in records[1]["variables"]["items"]}


async def test_an_interrupt_during_the_probes_own_work_leaves_the_kernel_working(
    jp_fetch, jp_serverapp, kernel, tmp_path
):
    kernel_id, client = kernel
    inside_the_probe = tmp_path / "inside-the-probe"
    # Make the probe's post-cell work long, so that the interrupt lands inside it.
    await client.run(
        "import time as _t, sys as _s, pathlib as _pl\n"
        f"_mark_path = {str(inside_the_probe)!r}\n"
        "_probe = _s.modules['_jupyterlab_memory_inspector_probe'].active()\n"
        "_scan = _probe.watch._scanner.scan\n"
        # Defaults keep what the wrapper needs after the names are deleted below.
        "def _slow(*args, _scan=_scan, _sleep=_t.sleep, _mark=_pl.Path(_mark_path)):\n"
        "    _mark.touch()\n"
        "    _sleep(3)\n"
        "    return _scan(*args)\n"
        "_probe.watch._scanner.scan = _slow\n"
        "del _probe, _scan, _slow, _t, _s, _pl, _mark_path",
    )
    # That cell's own post-cell work has run the wrapper already.
    inside_the_probe.unlink(missing_ok=True)
    slow = client.send_cell("inside = 1")
    await poll(
        lambda: asyncio.to_thread(inside_the_probe.exists),
        bool,
        "the probe never began its post-cell work",
    )
    await jp_serverapp.kernel_manager.interrupt_kernel(kernel_id)
    replies = await client.wait_replies([slow])
    assert replies[slow]["status"] == "ok"
    await client.run(
        "import sys as _s; _p = _s.modules['_jupyterlab_memory_inspector_probe'].active()\n"
        "_p.watch._scanner.scan = _p.watch._scanner.__class__.scan.__get__(_p.watch._scanner)\n"
        "del _p, _s"
    )
    after = client.send_cell("after = 2")
    await client.wait_replies([after])
    records = await wait_for_records(jp_fetch, kernel_id, 3)
    assert records[-1]["msg_id"] == after
    assert await client.evaluate("inside + after") == "3"
    monitor = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id)
    assert monitor["state"] == "active"
    errors = await client.evaluate(
        "__import__('sys').modules['_jupyterlab_memory_inspector_probe'].active().watch.errors"
    )
    assert errors == "1"

"""A long session: 5,000 cells in one kernel, and what the probe and the server keep.

Four kernels run the same cells, side by side:

- traced: tracemalloc (8 frames) started before the probe's install, so that every block the
  probe's code holds can be found (see `probe_memory.py`). The probe would see that tracing and
  switch to its tracing mode, listing each cell's top lines from a snapshot (20 to 33 s a cell
  at 8 frames, measured); its `heaptrace` module is given a `tracemalloc` that says tracing is
  off, so that the probe runs in its default mode, the one this soak is about;
- server-1000 and server-default: each watched by the server's own `KernelMonitor`, which
  installs the probe and keeps the records, with a history cap of 1,000 and with
  `MemoryInspectorApp.history_size`'s default;
- none: no probe, for the RSS of the same session without it.

The cells cycle through what a session does: rebinding names, growing and freeing lists,
arrays and frames, shown outputs, errors, empty cells. At each checkpoint: the probe's memory,
every kernel's RSS, and each monitor's history (length, `compacted`, bytes held by the records,
by a deep `sys.getsizeof` walk; at the end also by what tracemalloc in this process sees freed
when the history is emptied).

    python benchmarks/soak.py [--quick] [--probe-time-only]

`--probe-time-only` runs the server-default kernel alone and reports its `probe_time` only (the
memory figures need the four kernels side by side).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
import tracemalloc
from collections import deque
from pathlib import Path
from typing import IO, Any

# kernel_driver first: it puts this work tree's python_ext first on the path.
from kernel_driver import (
    Kernel,
    MiB,
    kernel_log,
    log,
    machine,
    median,
    shutdown_kernels,
    start_kernels,
    table,
    write_results,
)

from jupyterlab_memory_inspector.server.app import MemoryInspectorApp
from jupyterlab_memory_inspector.server.monitor import ACTIVE, FAILED, UNSUPPORTED, KernelMonitor

TRACED, SERVER_CAP, SERVER_DEFAULT, NONE = "traced", "server-1000", "server-default", "none"
SMALL_CAP = 1_000
DEFAULT_CAP: int = MemoryInspectorApp.class_traits()["history_size"].default_value
TRACE_FRAMES = 8
PROBE_MEMORY = Path(__file__).with_name("probe_memory.py")
TARGET_PROBE_BYTES = 5 * MiB
NAMES = 200

SETUP_CELL = "import numpy as np\nimport pandas as pd"

# Run in the traced kernel after the install: the probe's heaptrace module then sees tracing off
# (and everything else of tracemalloc as it is).
DEFAULT_MODE = """
import sys, tracemalloc, types

class Untraced(types.ModuleType):
    def is_tracing(self):
        return False

    def __getattr__(self, name):
        return getattr(tracemalloc, name)

sys.modules["_jupyterlab_memory_inspector_probe.heaptrace"].tracemalloc = Untraced("tracemalloc")
result = None
"""


def steady_names() -> str:
    """A cell binding the names the session holds from turn 200 on (the 200 ``s`` and the last
    100 ``x``, as turn 0's cells find them there): run after `SETUP_CELL`, the namespace has its
    steady size from the first cell, and the first cells bind, rebind and delete as the last do."""
    lines = [f"x{name} = list(range({100 + name}))" for name in range(NAMES // 2, NAMES)]
    lines += [f"s{name} = 'text ' * {name % 50}" for name in range(NAMES)]
    return "\n".join(lines)


def cell(index: int) -> str:
    """The index-th cell of the session: ten kinds in turn. Each turn binds the next of 200
    ``x`` and ``s`` names and deletes the ``x`` bound 100 turns before, so that from turn 200
    (cell 2,000) on the namespace keeps its size while its objects change."""
    kind, turn = index % 10, index // 10
    name = turn % NAMES
    cells = {
        0: "pass",
        1: f"x{name} = list(range({100 + index % 900}))",
        2: "d = {str(k): k for k in range(1000)}",
        3: f"s{name} = 'text ' * {index % 50}",
        4: f"if 'x{(turn + 100) % NAMES}' in globals():\n    del x{(turn + 100) % NAMES}",
        5: f"arr = np.ones({1000 + index % 10_000})",
        6: "list(range(5))",
        7: "1 / 0",
        8: "",
        9: f"frame = pd.DataFrame({{'a': range({index % 1000})}})",
    }
    return cells[kind]


def deep_size(root: Any) -> int:
    """Bytes of `root` and everything it holds, each object once (records are JSON: dicts,
    lists, strings, numbers)."""
    seen: set[int] = set()
    stack = [root]
    total = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if type(obj) is dict:
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif type(obj) in (list, tuple, deque):
            stack.extend(obj)
    return total


class Session:
    """The four kernels, their monitors, and what the checkpoints saw."""

    def __init__(self, kernels: list[Kernel], monitors: dict[str, KernelMonitor]) -> None:
        self.kernels = kernels
        self.monitors = monitors
        self.by_label = {kernel.label: kernel for kernel in kernels}
        self.probe_times: list[float] = []
        self.scan_times: list[float] = []
        """The namespace scan's own part of each probe_time (its report's `elapsed`)."""
        self.checkpoints: list[dict[str, Any]] = []

    async def run_cell(self, code: str) -> None:
        """One cell in every kernel at once: the soak measures memory, not time."""
        runs = await asyncio.gather(*(kernel.run(code) for kernel in self.kernels))
        for kernel, run in zip(self.kernels, runs):
            if kernel.label == SERVER_DEFAULT:
                self.probe_times.extend(record["probe_time"] for record in run.records)
                self.scan_times.extend(
                    (record["variables"] or {}).get("elapsed", 0.0) for record in run.records
                )

    async def checkpoint(self, cells: int) -> dict[str, Any]:
        """What the probe, the kernels and the server hold after `cells` cells."""
        traced = self.by_label[TRACED]
        probe = await traced.call(PROBE_MEMORY.read_text("utf-8") + "\nresult = measure(10)\n")
        point = {
            "cells": cells,
            "probe": probe,
            "rss": {kernel.label: kernel.rss() for kernel in self.kernels},
            "server": {label: _history(monitor) for label, monitor in self.monitors.items()},
            "probe_time_median": median(self.probe_times[-500:]) if self.probe_times else None,
        }
        self.checkpoints.append(point)
        log(
            f"{cells} cells: probe {probe['probe_bytes'] / MiB:.2f} MiB, "
            f"histories {[h['length'] for h in point['server'].values()]}"
        )
        return point


def _history(monitor: KernelMonitor) -> dict[str, Any]:
    history = monitor.history
    return {
        "cap": history._entries.maxlen,
        "length": len(history),
        "compacted": history.compacted,
        "last_seq": history.last_seq,
        "deep_bytes": deep_size(history._entries),
        "live_samples": len(monitor.samples),
    }


def freed_when_emptied(monitor: KernelMonitor) -> int:
    """Bytes that tracemalloc in this process sees freed when the history is emptied: the
    memory the records really held. Destroys the history: the last measurement."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    monitor.history._entries.clear()
    gc.collect()
    return before - tracemalloc.get_traced_memory()[0]


async def attach_monitor(kernel: Kernel, cap: int) -> KernelMonitor:
    """The server's monitor for `kernel`: it installs the probe and keeps the records."""
    monitor = KernelMonitor(kernel.label, kernel.manager, cap, logging.getLogger("soak"))
    monitor.start()
    deadline = time.monotonic() + 60
    while monitor.state != ACTIVE:
        if monitor.state in (FAILED, UNSUPPORTED) or time.monotonic() > deadline:
            raise RuntimeError(f"{kernel.label}: monitor {monitor.state}: {monitor.detail}")
        await asyncio.sleep(0.05)
    return monitor


async def open_session(stderr: IO[str]) -> Session:
    """Start the kernels, trace one, install the probe in three, attach the monitors."""
    kernels = await start_kernels([TRACED, SERVER_CAP, SERVER_DEFAULT, NONE], stderr)
    by_label = {kernel.label: kernel for kernel in kernels}
    traced = by_label[TRACED]
    await traced.execute_silently(f"__import__('tracemalloc').start({TRACE_FRAMES})")
    await traced.install_probe()
    await traced.call(DEFAULT_MODE)
    monitors = {
        SERVER_CAP: await attach_monitor(by_label[SERVER_CAP], SMALL_CAP),
        SERVER_DEFAULT: await attach_monitor(by_label[SERVER_DEFAULT], DEFAULT_CAP),
    }
    return Session(kernels, monitors)


async def soak(cells: int, every: int, stderr: IO[str]) -> dict[str, Any]:
    """Run the session and measure at each checkpoint; the kernels are stopped at the end."""
    session = await open_session(stderr)
    try:
        await session.run_cell(SETUP_CELL)
        await session.checkpoint(0)
        for index in range(1, cells + 1):
            await session.run_cell(cell(index))
            if index % every == 0:
                await session.checkpoint(index)
        freed = {label: freed_when_emptied(m) for label, m in session.monitors.items()}
        return {
            "checkpoints": session.checkpoints,
            "freed_when_emptied": freed,
            "probe_time_first_500": session.probe_times[:500],
            "probe_time_last_500": session.probe_times[-500:],
            "probe_times": session.probe_times,
            "scan_times": session.scan_times,
            "server_process_rss": _own_rss(),
        }
    finally:
        for monitor in session.monitors.values():
            monitor.close()
        await shutdown_kernels(session.kernels)


async def probe_time_soak(cells: int, stderr: IO[str]) -> dict[str, Any]:
    """The server-default kernel alone, for its probe_time: the same cells, no checkpoints."""
    [kernel] = await start_kernels([SERVER_DEFAULT], stderr)
    monitor = await attach_monitor(kernel, DEFAULT_CAP)
    session = Session([kernel], {SERVER_DEFAULT: monitor})
    try:
        await session.run_cell(SETUP_CELL)
        for index in range(1, cells + 1):
            await session.run_cell(cell(index))
        return {"probe_times": session.probe_times, "scan_times": session.scan_times}
    finally:
        monitor.close()
        await shutdown_kernels([kernel])


def print_probe_times(times: list[float], block: int, scans: list[float]) -> None:
    """The median probe_time (and the scan's part of it) of each block of cells, and the last
    block's over the first."""
    print(f"\n## probe_time (server-default kernel), median of each {block} cells, ms\n")
    rows = [
        [
            f"{start + 1}-{start + len(times[start : start + block])}",
            f"{median(times[start : start + block]) * 1e3:.2f}",
            f"{median(scans[start : start + block]) * 1e3:.2f}" if scans else "",
        ]
        for start in range(0, len(times), block)
    ]
    print(table(["cells", "probe_time", "of which the scan"], rows))
    first, last = median(times[:block]), median(times[-block:])
    print(f"\nLast {block} over first {block}: {last / first:.2f} (target <= 1.2).")


def _own_rss() -> int:
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _mib(value: float) -> str:
    return f"{value / MiB:.2f}"


def print_report(results: dict[str, Any]) -> None:
    """The tables, in Markdown."""
    soaked = results["soak"]
    points = soaked["checkpoints"]
    print("\n## The probe's own memory (tracemalloc in the traced kernel), MiB\n")
    rows = [
        [
            str(p["cells"]),
            _mib(p["probe"]["probe_bytes"]),
            str(p["probe"]["probe_blocks"]),
            _mib(p["probe"]["with_loader_bytes"]),
            str(p["probe"]["state"]["size_cache"]),
            str(p["probe"]["state"]["name_bindings"]),
            str(p["probe"]["state"]["cells_in_flight"]),
            str(p["probe"]["state"]["hook_errors"]),
        ]
        for p in points
    ]
    print(
        table(
            [
                "cells",
                "probe's code",
                "blocks",
                "with the loader",
                "size cache",
                "names",
                "in flight",
                "errors",
            ],
            rows,
        )
    )
    end = points[-1]["probe"]["probe_bytes"]
    verdict = "met" if end <= TARGET_PROBE_BYTES else "MISSED"
    print(f"\nTarget: under 5 MiB after {points[-1]['cells']} cells: {verdict} ({_mib(end)} MiB).")
    print("\nLargest lines of the probe's code at the end:\n")
    print(
        table(
            ["line", "KiB", "blocks"],
            [
                [f"{t['file']}:{t['line']}", f"{t['bytes'] / 1024:.1f}", str(t["blocks"])]
                for t in points[-1]["probe"]["top_lines"]
            ],
        )
    )
    print("\n## RSS of each kernel, MiB\n")
    labels = list(points[0]["rss"])
    print(
        table(
            ["cells", *labels, f"{SERVER_DEFAULT} - {NONE}"],
            [
                [str(p["cells"])]
                + [_mib(p["rss"][label]) for label in labels]
                + [_mib(p["rss"][SERVER_DEFAULT] - p["rss"][NONE])]
                for p in points
            ],
        )
    )
    print("\n## The server's record history\n")
    rows = []
    for p in points:
        for label, history in p["server"].items():
            rows.append(
                [
                    str(p["cells"]),
                    label,
                    str(history["cap"]),
                    str(history["length"]),
                    str(history["compacted"]),
                    _mib(history["deep_bytes"]),
                    f"{history['deep_bytes'] / max(1, history['length']) / 1024:.2f}",
                    str(history["live_samples"]),
                ]
            )
    print(
        table(
            [
                "cells",
                "monitor",
                "cap",
                "records",
                "compacted",
                "MiB held (deep getsizeof)",
                "KiB per record",
                "live samples",
            ],
            rows,
        )
    )
    last = points[-1]["server"][SERVER_DEFAULT]
    per_record = last["deep_bytes"] / max(1, last["length"])
    print(
        f"\nAt the default cap ({DEFAULT_CAP} records) the history would hold "
        f"{_mib(per_record * DEFAULT_CAP)} MiB of records like these."
    )
    freed = soaked["freed_when_emptied"]
    print(
        "Freed when emptied, tracemalloc in this process: "
        + ", ".join(f"{label} {_mib(value)} MiB" for label, value in freed.items())
        + f"; this process's RSS at the end {_mib(soaked['server_process_rss'])} MiB."
    )
    print_probe_times(
        soaked["probe_times"], 500 if results["mode"] == "full" else 50, soaked["scan_times"]
    )
    first, last_times = soaked["probe_time_first_500"], soaked["probe_time_last_500"]
    print(
        f"\nprobe_time (server-default kernel), median of the first 500 cells "
        f"{median(first) * 1e3:.2f} ms, of the last 500 {median(last_times) * 1e3:.2f} ms."
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 cells instead of 5,000")
    parser.add_argument(
        "--probe-time-only", action="store_true", help="the server-default kernel's probe_time only"
    )
    args = parser.parse_args()
    cells, every = (300, 100) if args.quick else (5_000, 500)
    if args.probe_time_only:
        started = time.perf_counter()
        with kernel_log() as stderr:
            timed = await probe_time_soak(cells, stderr)
        seconds = time.perf_counter() - started
        print_probe_times(timed["probe_times"], 50 if args.quick else 500, timed["scan_times"])
        path = write_results(
            "soak-probe-time" + ("-quick" if args.quick else ""),
            {"cells": cells, "machine": machine(), "seconds": seconds, **timed},
        )
        print(f"\nRun time {seconds:.0f} s; results in {path}")
        return
    # From the start, so that every record this process keeps is traced.
    tracemalloc.start(1)
    started = time.perf_counter()
    with kernel_log() as stderr:
        soaked = await soak(cells, every, stderr)
    results = {
        "mode": "quick" if args.quick else "full",
        "cells": cells,
        "trace_frames": TRACE_FRAMES,
        "machine": machine(),
        "soak": soaked,
        "seconds": time.perf_counter() - started,
    }
    print_report(results)
    path = write_results("soak-quick" if args.quick else "soak", results)
    print(f"\nRun time {results['seconds']:.0f} s; results in {path}")


if __name__ == "__main__":
    asyncio.run(main())

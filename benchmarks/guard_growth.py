"""How fast memory can grow between two readings, and what the out-of-memory guard makes of it.

1. The cost of one reading of the memory group (`memory_group.GroupReader.read`).
2. How fast a cell can grow: 25 MiB allocations (bytearray, numpy) back to back, and with a
   pause between them, as MiB per second and per reading at the guard's periods.
3. The guard at work: `jupyter memory-inspector run` inside a 700 MiB memory cgroup (cgroup v1,
   root), a cell growing by 25 MiB steps with pauses of 0, 20 and 100 ms; each trial ends with
   the cell interrupted (and how full the group was) or the kernel killed.

    python benchmarks/guard_growth.py            # about 2 minutes
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat

from jupyterlab_memory_inspector.memory_group import GroupReader
from jupyterlab_memory_inspector.text import MiB

LIMIT = 700 * MiB
PERIODS = (0.1, 0.2, 0.5)
TRIALS = 3

GROWTH = """
import time, sys
kind, pause = sys.argv[1], float(sys.argv[2])
if kind == "numpy":
    import numpy
    make = lambda: numpy.ones(25 * 2**20 // 8)
else:
    make = lambda: bytearray(25 * 2**20)
kept = []
start = time.perf_counter()
for _ in range(24):
    kept.append(make())
    if pause:
        time.sleep(pause)
print(600 / (time.perf_counter() - start))
"""


def reading_cost() -> float:
    reader = GroupReader()
    times = []
    for _ in range(20_000):
        start = time.perf_counter_ns()
        reader.read()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1000


def growth_rate(kind: str, pause: float) -> float:
    out = subprocess.run(
        [sys.executable, "-c", GROWTH, kind, str(pause)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def own_group() -> Path:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return Path("/sys/fs/cgroup/memory") / path.lstrip("/")
    raise SystemExit("no cgroup v1 memory controller")


def guard_trial(pause: float, folder: Path) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_code_cell("chunks = []"),
        nbformat.v4.new_code_cell(
            "import time\nfor _ in range(80):\n"
            f"    chunks.append(bytearray(25 * 2**20))\n    time.sleep({pause})"
        ),
    ]
    path = folder / "grow.ipynb"
    nbformat.write(notebook, path)
    group = own_group() / f"jmi-bench-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        (group / "memory.limit_in_bytes").write_text(str(LIMIT))
        result = subprocess.run(
            [
                *(sys.executable, "-m", "jupyterlab_memory_inspector.cli", "run", str(path)),
                *("--allow-errors", "--json", str(folder / "r.json")),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            preexec_fn=lambda: (group / "cgroup.procs").write_text(str(os.getpid())),
        )
    finally:
        deadline = time.monotonic() + 30
        while (group / "cgroup.procs").read_text().split() and time.monotonic() < deadline:
            time.sleep(0.1)
        group.rmdir()
    report = json.loads((folder / "r.json").read_text())
    if report["death"] is not None:
        return f"killed ({report['death']['cause']})"
    guard = report["cells"][1]["record"].get("oom_guard")
    if guard is None:
        return f"not stopped (exit {result.returncode})"
    at, after = guard["usage"] / MiB, guard["highest_after"] / MiB
    return f"interrupted at {at:.0f} MiB, highest after {after:.0f} MiB"


def main() -> None:
    print(f"one reading of the memory group: {reading_cost():.1f} µs (median of 20,000)\n")
    print("| growth | MiB/s | " + " | ".join(f"MiB per {p:g} s reading" for p in PERIODS) + " |")
    print("|---|---:|" + "---:|" * len(PERIODS))
    for kind, pause in (("bytearray", 0), ("numpy", 0), ("bytearray", 0.02), ("bytearray", 0.1)):
        rate = statistics.median(growth_rate(kind, pause) for _ in range(3))
        per = " | ".join(f"{rate * p:.0f}" for p in PERIODS)
        print(f"| 25 MiB {kind}, {pause * 1000:g} ms apart | {rate:.0f} | {per} |")
    print("\n| 25 MiB steps, pause | trials (700 MiB group, guard at its defaults) |")
    print("|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for pause in (0, 0.02, 0.1):
            outcomes = [guard_trial(pause, Path(folder)) for _ in range(TRIALS)]
            print(f"| {pause * 1000:g} ms | {'; '.join(outcomes)} |")


if __name__ == "__main__":
    main()

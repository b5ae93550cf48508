"""What counting the kernel's process tree costs (issue 19).

1. Reading ``/proc/<pid>/smaps_rollup`` (a process's PSS and USS) against ``statm`` (its RSS),
   for processes of 1, 4 and 12 GiB of touched anonymous memory: why the tree's figure is the
   kernel's RSS plus its descendants' USS, and never reads the kernel's own ``smaps_rollup``.
2. The time the probe's tree adds to a cell's hooks (``TreeWatch.start_cell`` + ``end_cell``),
   in this process standing for the kernel, with 0, 2 and 8 child processes (each holding
   100 MiB) and with this process holding 1, 4 and 12 GiB; and one reading of the tree, which
   the sampling thread takes every ``SAMPLE_INTERVAL`` while a cell runs.

    PYTHONPATH=python_ext python benchmarks/process_tree.py [--sizes 1 4 12] [--rounds 200]

Sizes are GiB; each process is made and freed in turn, so the largest one sets the memory needed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Callable

from jupyterlab_memory_inspector.probe import procmem
from jupyterlab_memory_inspector.probe.proctree import OwnChildren, PrivateMemory, read_tree
from jupyterlab_memory_inspector.probe.treewatch import SAMPLE_INTERVAL, TreeWatch

GiB = 1 << 30
MiB = 1 << 20
CHILD_MIB = 100
HOLDER = (
    "import sys, time\n"
    "block = bytearray(int(sys.argv[1]))\n"
    "block[::4096] = b'x' * len(block[::4096])\n"
    "print('ready', flush=True)\n"
    "time.sleep(3600)\n"
)


def holder(size: int) -> subprocess.Popen[str]:
    """A child process that holds `size` bytes of touched memory until killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(size)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def timed(call: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median and 90th percentile of `call`'s wall time, in microseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]


def read_file(path: str) -> Callable[[], bytes]:
    def read() -> bytes:
        with open(path, "rb") as handle:
            return handle.read()

    return read


def rollup_cost(sizes: list[int], rounds: int) -> None:
    print(f"\n1. reading a process's memory files ({rounds} reads each), median / p90")
    print("| process | statm (RSS) | smaps_rollup (PSS, USS) |")
    print("| ------- | ----------- | ----------------------- |")
    for size in sizes:
        child = holder(size * GiB)
        try:
            statm = timed(read_file(f"/proc/{child.pid}/statm"), rounds)
            rollup = timed(read_file(f"/proc/{child.pid}/smaps_rollup"), max(20, rounds // 10))
        finally:
            child.kill()
            child.wait()
        print(
            f"| {size} GiB | {statm[0]:.1f} / {statm[1]:.1f} µs "
            f"| {rollup[0] / 1000:.2f} / {rollup[1] / 1000:.2f} ms |"
        )


def hook_cost(watch: TreeWatch, memory: procmem.ProcessMemory, rounds: int) -> tuple[float, float]:
    def cell() -> None:
        rss = memory.start_cell()
        watch.start_cell(rss)
        peak, rss = memory.end_cell(rss)
        watch.end_cell(peak, rss)

    def bare() -> None:
        rss = memory.start_cell()
        memory.end_cell(rss)

    with_tree, without = timed(cell, rounds), timed(bare, rounds)
    return with_tree[0] - without[0], with_tree[1] - without[1]


def tree_cost(sizes: list[int], rounds: int) -> None:
    memory = procmem.ProcessMemory()
    watch = TreeWatch(memory.rss)
    own = OwnChildren()
    print(f"\n2. added to a cell's hooks by the tree ({rounds} cells), median / p90, and one")
    print("   reading of the tree: at a descendant's first sight (its smaps_rollup), then between")
    print(f"   two reads of its smaps_rollup (statm); the thread reads every {SAMPLE_INTERVAL:g} s")
    print("| kernel | children | added per cell | reading, first sight | reading, estimated |")
    print("| ------ | -------- | -------------- | -------------------- | ------------------ |")

    def row(label: str, children: int) -> None:
        added = hook_cost(watch, memory, rounds)
        first = timed(
            lambda: read_tree(own, memory.rss(), PrivateMemory(), refresh=True),
            max(5, rounds // 20),
        )
        known = PrivateMemory()
        read_tree(own, memory.rss(), known, refresh=True)
        estimated = timed(lambda: read_tree(own, memory.rss(), known, refresh=False), rounds)
        print(
            f"| {label} | {children} | {added[0]:.0f} / {added[1]:.0f} µs "
            f"| {first[0] / 1000:.2f} / {first[1] / 1000:.2f} ms "
            f"| {estimated[0]:.0f} / {estimated[1]:.0f} µs |"
        )

    for size in [0, *sizes]:
        ballast = bytearray(size * GiB)
        ballast[::4096] = b"x" * len(ballast[::4096])
        label = f"{memory.rss() / GiB:.2f} GiB"
        row(label, 0)
        if size == 0:
            for count in (2, 8):
                children = [holder(CHILD_MIB * MiB) for _ in range(count)]
                try:
                    row(label, count)
                finally:
                    for child in children:
                        child.kill()
                        child.wait()
        del ballast
    watch.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 12], help="GiB")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    rollup_cost(args.sizes, args.rounds)
    tree_cost(args.sizes, args.rounds)


if __name__ == "__main__":
    main()

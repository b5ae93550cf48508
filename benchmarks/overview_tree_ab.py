"""What listing a kernel's descendants costs the overview, this tree against another, in turns.

The overview reads each local kernel's tree on every build (``server/overview_tree.py``); most
of it is listing the descendants from the kernel's threads' ``children`` files. Real idle
kernels with the probe are started, and each code tree's ``KernelTree.read`` over all of them is
timed in alternating rounds in one process, so that the shared machine's drift falls on both
alike (the end-to-end ``overview_requests.py`` is dominated by it under load).

    python benchmarks/overview_tree_ab.py --before /path/to/older/checkout [--kernels 10]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
import time
from pathlib import Path
from typing import Any

from kernel_driver import (
    log,
    machine,
    median,
    quantile,
    shutdown_kernels,
    start_kernels,
    table,
    write_results,
)


def tree_class(python_ext: Path) -> Any:
    """`KernelTree` of the package under `python_ext`, imported apart from any other copy."""
    for name in [name for name in sys.modules if name.startswith("jupyterlab_memory_inspector")]:
        del sys.modules[name]
    sys.path.insert(0, str(python_ext))
    try:
        module = importlib.import_module("jupyterlab_memory_inspector.server.overview_tree")
        return module.KernelTree
    finally:
        sys.path.remove(str(python_ext))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="an older checkout")
    parser.add_argument("--kernels", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    this = Path(__file__).resolve().parents[1] / "python_ext"
    trees = {"before": tree_class(args.before / "python_ext"), "after": tree_class(this)}
    kernels = await start_kernels([f"k{n}" for n in range(args.kernels)])
    try:
        for kernel in kernels:
            await kernel.install_probe()
        readers = {
            label: [(cls(kernel.pid), kernel.rss()) for kernel in kernels]
            for label, cls in trees.items()
        }
        times: dict[str, list[float]] = {label: [] for label in readers}
        for round_ in range(args.rounds):
            order = list(readers) if round_ % 2 == 0 else list(reversed(readers))
            for label in order:
                start = time.perf_counter()
                for tree, rss in readers[label]:
                    tree.read(rss)
                times[label].append((time.perf_counter() - start) / len(kernels))
    finally:
        await shutdown_kernels(kernels)
    rows = [
        [
            label,
            f"{median(values) * 1e6:.0f} µs",
            f"{quantile(values, 0.9) * 1e6:.0f} µs",
        ]
        for label, values in times.items()
    ]
    ratio = median(times["before"]) / median(times["after"])
    print(table(["code", "per kernel: median", "p90"], rows))
    print(f"\nbefore / after: {ratio:.2f} x ({args.kernels} kernels, {args.rounds} rounds)")
    results = {"machine": machine(), "kernels": args.kernels, "seconds": times}
    log(f"raw figures: {write_results('overview_tree_ab', results)}")


if __name__ == "__main__":
    asyncio.run(main())

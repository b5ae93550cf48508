"""The round trip of a ``pass`` cell with this checkout's probe and with another's, side by side.

`probe_overhead.py` compares one probed kernel with one plain kernel; two kernels started alike
differ by up to 0.1 ms a cell here (which core, which addresses), as much as a change of the
probe may cost. So this one starts several kernels of each variant (no probe, the other
checkout's probe, this one's), interleaves their cells in a shuffled order each round, and
prints each kernel's median beside its variant's, so that the spread between two kernels of
one variant shows how far apart the variants must be to differ.

    python benchmarks/probe_ab.py --base ../old-checkout [--variables 100] [--copies 2]

`--base` is another checkout of this repository (for example a `git worktree` of an older
commit); each probe is installed with the request its own server sends.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from kernel_driver import (
    kernel_log,
    log,
    machine,
    median,
    shutdown_kernels,
    start_kernels,
    table,
    write_results,
)
from probe_overhead import variables_cell

NONE, BASE, THIS = "none", "base", "this"
WARMUP = 20

# Run with a checkout's python_ext first on the path: the install request its server sends.
_INSTALL_REQUEST = (
    "import json, sys\n"
    "from jupyterlab_memory_inspector.probe_client.injector import install_code\n"
    "from jupyterlab_memory_inspector.server.install import PROBE_INFO\n"
    "print(json.dumps({'code': install_code(), 'expressions': PROBE_INFO}))\n"
)


def install_request(checkout: Path) -> dict[str, Any]:
    """The code and user expressions that `checkout`'s server installs its probe with."""
    done = subprocess.run(
        [sys.executable, "-c", _INSTALL_REQUEST],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(checkout / "python_ext"), "PATH": ""},
    )
    return json.loads(done.stdout)


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    requests = {BASE: install_request(args.base), THIS: install_request(Path(__file__).parents[1])}
    labels = [
        f"{variant} {copy + 1}" for variant in (NONE, BASE, THIS) for copy in range(args.copies)
    ]
    with kernel_log() as stderr:
        kernels = await start_kernels(labels, stderr)
        try:
            for kernel in kernels:
                request = requests.get(kernel.label.split()[0])
                if request is not None:
                    await kernel.execute_silently(request["code"], request["expressions"])
                await kernel.run_ok(variables_cell(args.variables))
            round_trips: dict[str, list[float]] = {kernel.label: [] for kernel in kernels}
            probe_times: dict[str, list[float]] = {kernel.label: [] for kernel in kernels}
            rng = random.Random(args.seed)
            order = list(kernels)
            for round_index in range(WARMUP + args.rounds):
                rng.shuffle(order)
                for kernel in order:
                    run = await kernel.run_ok("pass")
                    if round_index < WARMUP:
                        continue
                    round_trips[kernel.label].append(run.round_trip)
                    probe_times[kernel.label].extend(r["probe_time"] for r in run.records)
        finally:
            await shutdown_kernels(kernels)
    return {"round_trips": round_trips, "probe_times": probe_times}


def report(figures: dict[str, Any], copies: int) -> None:
    round_trips, probe_times = figures["round_trips"], figures["probe_times"]
    medians = {label: median(values) * 1e3 for label, values in round_trips.items()}
    variants = {
        variant: [m for label, m in medians.items() if label.split()[0] == variant]
        for variant in (NONE, BASE, THIS)
    }
    floor = median(variants[NONE])
    rows = [
        [
            label,
            f"{medians[label]:.3f}",
            f"{medians[label] - floor:+.3f}",
            f"{median(probe_times[label]) * 1e3:.3f}" if probe_times[label] else "",
        ]
        for label in round_trips
    ]
    print("\n## Round trip of a `pass` cell, each kernel, ms (median)\n")
    print(table(["kernel", "median", "added vs no probe", "probe_time median"], rows))
    print(f"\n## Each variant: median of its {copies} kernels' medians, ms\n")
    summary = [
        [
            variant,
            f"{median(values):.3f}",
            f"{median(values) - floor:+.3f}",
            f"{max(values) - min(values):.3f}",
        ]
        for variant, values in variants.items()
    ]
    print(table(["variant", "median", "added", "spread between its kernels"], summary))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout")
    parser.add_argument("--variables", type=int, default=100, help="small variables bound")
    parser.add_argument("--copies", type=int, default=2, help="kernels of each variant")
    parser.add_argument("--rounds", type=int, default=500, help="cells each, after warm-up")
    parser.add_argument("--seed", type=int, default=1, help="seed of the interleaving order")
    args = parser.parse_args()
    log(f"{args.copies} kernels of each variant, {args.rounds} rounds")
    figures = await measure(args)
    report(figures, args.copies)
    results = {"machine": machine(), **vars(args), "base": str(args.base), **figures}
    path = write_results("probe_ab", results)
    print(f"\nResults in {path}")


if __name__ == "__main__":
    asyncio.run(main())

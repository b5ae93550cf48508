"""The soak's first 500 cells and its last 500, run in turn, so that both see the same load.

`soak.py` and `soak_scan.py` run the cells one after the other: on a shared machine the load
drifts over the run, and the first and last cells are measured minutes apart. Here two
processes each run the soak's cells in IPython's `InteractiveShell` with the probe installed:
one from the first cell, the other first runs the cells before the last `--block` unmeasured,
then the two run one cell each in turn. Each cell's `probe_time` (as the probe's hook measures
it, in its record) and the namespace scan's CPU time are kept; the medians of each process and
their ratio are printed. After each cell, a control that has nothing to do with the probe (the
same 2,000 small dicts made and dropped, the collector off) is timed too: how much slower the
process itself has become for code that allocates. A checkout given with `--tree` is measured
instead of this one.

The soak binds its names over its first 2,000 cells, so its first 500 see 20 to 120 names and its
last 500 about 305: the scan, which looks at names, has more to do late for that alone. With
`--full-namespace` both processes first bind the names the session holds from cell 2,000 on
(`soak.steady_names`): the two blocks then differ by the session's length only (IPython's
history and hidden names, the heap after thousands of cells), which is what "flat" asks about.

The run is repeated `--runs` times, in fresh processes, and the ratios' spread printed: from one
run to the next on this shared machine they move by more than most changes to the probe do.

    python benchmarks/soak_paired.py [--cells 5000] [--block 500] [--runs 1] [--tree ../older]
                                     [--full-namespace]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from soak import SETUP_CELL, cell, steady_names


def worker(tree: Path, first: int, full: bool, connection: Connection) -> None:
    """Run cells 1 to `first - 1` unmeasured, then one cell per message, measured."""
    # `soak` imported this tree's package: the one measured is imported afresh from `tree`.
    sys.path.insert(0, str(tree / "python_ext"))
    for name in [name for name in sys.modules if name.startswith("jupyterlab_memory_inspector")]:
        del sys.modules[name]
    probe = importlib.import_module("jupyterlab_memory_inspector.probe")
    namespace = importlib.import_module("jupyterlab_memory_inspector.probe.namespace")
    scan = namespace.NamespaceScanner.scan
    cpu = [0.0]

    def timed(self: object, *args: object, **kwargs: object) -> dict:
        started = time.process_time()
        try:
            return scan(self, *args, **kwargs)
        finally:
            cpu[0] = time.process_time() - started

    namespace.NamespaceScanner.scan = timed
    shell = InteractiveShell.instance()
    records: list[dict] = []
    watch = probe.install(shell).watch
    # Displayed values and tracebacks would flood the terminal.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        shell.run_cell(SETUP_CELL)
        if full:
            shell.run_cell(steady_names())
        for index in range(1, first):
            shell.run_cell(cell(index), store_history=True)
        # Listened to only now: the records of the cells run so far, kept, would make the later
        # process's heap tens of MiB larger than a kernel's, whose probe sends each record away.
        watch.listeners.append(records.append)
        connection.send(probe.__file__)
        while (index := connection.recv()) is not None:
            records.clear()
            shell.run_cell(cell(index), store_history=True)
            connection.send((records[-1]["probe_time"], cpu[0], control()))


def control() -> float:
    """Seconds to make and drop 2,000 small dicts, as any allocating code does."""
    gc.disable()
    try:
        started = time.perf_counter()
        made = [{"a": index, "b": (index, index)} for index in range(2_000)]
        del made
        return time.perf_counter() - started
    finally:
        gc.enable()


def paired(tree: Path, cells: int, block: int, full: bool) -> list[float]:
    """One paired run, printed as a table: the medians (probe_time, the scan's CPU time, the
    control) of the first `block` cells and of the last; their ratios, last over first."""
    context = multiprocessing.get_context("spawn")
    starts = (1, cells - block + 1)
    connections = []
    for first in starts:
        mine, theirs = context.Pipe()
        context.Process(target=worker, args=(tree, first, full, theirs)).start()
        connections.append(mine)
    for connection in connections:
        print(f"probe from {connection.recv()}", file=sys.stderr)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    measured: list[list[tuple[float, float, float]]] = [[], []]
    for step in range(block):
        for connection, first, found in zip(connections, starts, measured):
            connection.send(first + step)
            found.append(connection.recv())
    for connection in connections:
        connection.send(None)
    names = "the namespace full from the start" if full else "names bound as the soak goes"
    print(f"{started}, {tree}, {names}: medians of {block} cells, ms")
    print("| cells | probe_time | the scan's CPU time | the control |")
    print("| --- | --- | --- | --- |")
    medians = []
    for first, found in zip(starts, measured):
        probe_time, scan, control_time = (
            statistics.median(row[part] for row in found) * 1e3 for part in range(3)
        )
        medians.append((probe_time, scan, control_time))
        print(
            f"| {first}-{first + block - 1} | {probe_time:.3f} | {scan:.3f} | {control_time:.3f} |"
        )
    ratios = [late / early for early, late in zip(*medians)]
    print(f"\nLast over first: probe_time {ratios[0]:.2f}, ", end="")
    print(f"the scan's CPU time {ratios[1]:.2f}, ", end="")
    print(f"the control {ratios[2]:.2f}\n")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=5_000)
    parser.add_argument("--block", type=int, default=500)
    parser.add_argument("--tree", type=Path, default=Path(__file__).parents[1])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--full-namespace",
        action="store_true",
        help="bind the names the session holds from cell 2,000 on before the first cell",
    )
    args = parser.parse_args()
    ratios = [
        paired(args.tree.resolve(), args.cells, args.block, args.full_namespace)
        for _ in range(args.runs)
    ]
    if args.runs > 1:
        print(f"Over {args.runs} runs, last over first (lowest, mean, highest):")
        for part, label in enumerate(("probe_time", "the scan's CPU time", "the control")):
            found = [ratio[part] for ratio in ratios]
            print(f"- {label}: {min(found):.2f}, {statistics.mean(found):.2f}, {max(found):.2f}")


if __name__ == "__main__":
    main()

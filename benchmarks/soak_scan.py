"""The soak's cells in one process, the probe's namespace scan timed alone.

`soak.py` measures `probe_time` in real kernels, where the machine's load drifts over the run;
here IPython's `InteractiveShell` runs the same cells in this process with the probe installed,
and the scan's median CPU time of each block of cells is printed, with a count of its work that
the machine's load does not change: the objects it checked for a change, one by one (a name or
an output looked at alone) or in bulk (a signature read by `steady`'s check of many names).
A checkout given with `--tree` is measured instead of this one (its probe loaded from its
sources).

    python benchmarks/soak_scan.py [--cells 5000] [--tree ../older-checkout]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import statistics
import sys
import time
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell
from soak import SETUP_CELL, cell

BLOCK = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=5_000)
    parser.add_argument("--tree", type=Path, default=Path(__file__).parents[1])
    args = parser.parse_args()
    # `soak` imported this tree's package: the one measured is imported afresh from `--tree`.
    sys.path.insert(0, str(args.tree / "python_ext"))
    for name in [name for name in sys.modules if name.startswith("jupyterlab_memory_inspector")]:
        del sys.modules[name]
    probe = importlib.import_module("jupyterlab_memory_inspector.probe")
    scanner_class = importlib.import_module("jupyterlab_memory_inspector.probe.namespace")
    NamespaceScanner = scanner_class.NamespaceScanner
    steady = importlib.import_module("jupyterlab_memory_inspector.probe.steady")

    times: list[float] = []
    checks: list[int] = []
    checked = [0]
    scan = NamespaceScanner.scan

    def timed(self: object, *args: object, **kwargs: object) -> dict:
        checked[0] = 0
        started = time.process_time()
        try:
            return scan(self, *args, **kwargs)
        finally:
            times.append(time.process_time() - started)
            checks.append(checked[0])

    take_light = scanner_class.Scan.take_light

    def counted_take_light(self: object, *args: object, **kwargs: object) -> object:
        checked[0] += 1
        return take_light(self, *args, **kwargs)

    bulk_fingerprint = steady.bulk_fingerprint

    def counted_bulk_fingerprint(*args: object) -> object:
        found = bulk_fingerprint(*args)
        if found is None:
            return None

        def fingerprint(value: object) -> int:
            checked[0] += 1
            return found(value)

        return fingerprint

    NamespaceScanner.scan = timed
    scanner_class.Scan.take_light = counted_take_light
    steady.bulk_fingerprint = counted_bulk_fingerprint
    shell = InteractiveShell.instance()
    print(f"probe from {probe.__file__}", file=sys.stderr)
    probe.install(shell)
    # Displayed values and tracebacks would flood the terminal.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        shell.run_cell(SETUP_CELL)
        for index in range(1, args.cells + 1):
            shell.run_cell(cell(index), store_history=True)
    times, checks = times[1:], checks[1:]
    print(f"| cells | the scan's median CPU time, ms | objects checked ({args.tree}) |")
    print("| --- | --- | --- |")
    for start in range(0, len(times), BLOCK):
        block = slice(start, start + BLOCK)
        cpu, count = statistics.median(times[block]) * 1e3, statistics.median(checks[block])
        print(f"| {start + 1}-{start + len(times[block])} | {cpu:.2f} | {count:.0f} |")
    first, last = statistics.median(times[:BLOCK]), statistics.median(times[-BLOCK:])
    print(f"\nLast {BLOCK} over first {BLOCK}: {last / first:.2f}")
    first, last = statistics.median(checks[:BLOCK]), statistics.median(checks[-BLOCK:])
    print(f"Objects checked, last {BLOCK} over first {BLOCK}: {last / first:.2f}")


if __name__ == "__main__":
    main()

"""The soak's cells in one process, the probe's namespace scan timed alone.

`soak.py` measures `probe_time` in real kernels, where the machine's load drifts over the run;
here IPython's `InteractiveShell` runs the same cells in this process with the probe installed,
and the scan's median CPU time of each block of cells is printed. A checkout given with
`--tree` is measured instead of this one (its probe loaded from its sources).

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

    times: list[float] = []
    scan = NamespaceScanner.scan

    def timed(self: object, *args: object, **kwargs: object) -> dict:
        started = time.process_time()
        try:
            return scan(self, *args, **kwargs)
        finally:
            times.append(time.process_time() - started)

    NamespaceScanner.scan = timed
    shell = InteractiveShell.instance()
    print(f"probe from {probe.__file__}", file=sys.stderr)
    probe.install(shell)
    # Displayed values and tracebacks would flood the terminal.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        shell.run_cell(SETUP_CELL)
        for index in range(1, args.cells + 1):
            shell.run_cell(cell(index), store_history=True)
    times = times[1:]
    print(f"| cells | the scan's median CPU time, ms ({args.tree}) |\n| --- | --- |")
    for start in range(0, len(times), BLOCK):
        block = times[start : start + BLOCK]
        print(f"| {start + 1}-{start + len(block)} | {statistics.median(block) * 1e3:.2f} |")
    first, last = statistics.median(times[:BLOCK]), statistics.median(times[-BLOCK:])
    print(f"\nLast {BLOCK} over first {BLOCK}: {last / first:.2f}")


if __name__ == "__main__":
    main()

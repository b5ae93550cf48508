"""The namespace scan of two versions of the probe, in one process, on one shell, alternated.

Kernels started one after the other drift with the machine by more than a change of a few per
cent; here both scanners see the same namespace in the same process, in turns, and the CPU time
of each scan is compared, so that the noise falls on both alike. The two reports must be equal.

    python benchmarks/scan_ab.py --base ../old-checkout [--variables 100] [--dataframe]

`--base` is another checkout of this repository (for example a `git worktree` of an older
commit); its probe is loaded from its sources, this one's as the server injects it.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from IPython.core.interactiveshell import InteractiveShell
from probe_overhead import dataframe_cell, variables_cell

sys.path.insert(0, str(Path(__file__).parents[1] / "python_ext"))

from jupyterlab_memory_inspector.probe_client import probe_loader
from jupyterlab_memory_inspector.probe_client.injector import probe_sources

WARMUP = 20


def checkout_sources(root: Path) -> dict[str, str]:
    """The probe's modules of another checkout, with its protocol module where it has one."""
    package = root / "python_ext" / "jupyterlab_memory_inspector"
    sources = {path.stem: path.read_text("utf-8") for path in sorted(package.glob("probe/*.py"))}
    if (package / "protocol.py").exists():
        sources["protocol"] = (package / "protocol.py").read_text("utf-8")
    return sources


def scanner(package: str, sources: dict[str, str]) -> Any:
    probe_loader.load(package, sources)
    return sys.modules[package + ".namespace"].NamespaceScanner()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout")
    parser.add_argument("--variables", type=int, default=100, help="small variables to scan")
    parser.add_argument("--dataframe", action="store_true", help="and a 1M-row DataFrame")
    parser.add_argument("--rounds", type=int, default=300, help="scans of each, after warm-up")
    args = parser.parse_args()
    scanners = {
        "base": scanner("_probe_base", checkout_sources(args.base)),
        "this": scanner("_probe_this", dict(probe_sources())),
    }
    shell = InteractiveShell.instance()
    shell.run_cell(variables_cell(args.variables), store_history=True)
    if args.dataframe:
        shell.run_cell(dataframe_cell(1_000_000), store_history=True)
    times: dict[str, list[float]] = {name: [] for name in scanners}
    reports: dict[str, dict[str, Any]] = {}
    for turn in range(args.rounds + WARMUP):
        shell.run_cell("pass", store_history=True)
        order = list(scanners) if turn % 2 else list(scanners)[::-1]
        for name in order:
            gc.disable()
            started = time.thread_time()
            reports[name] = dict(scanners[name].scan(shell, 1.0, 20))
            spent = time.thread_time() - started
            gc.enable()
            if turn >= WARMUP:
                times[name].append(spent)
    for report in reports.values():
        report.pop("elapsed")
    assert reports["base"] == reports["this"], "the two probes report differently"
    base, this = (statistics.median(times[name]) * 1e6 for name in ("base", "this"))
    namespace = f"{args.variables:,} variables" + (" + DataFrame" if args.dataframe else "")
    print(f"| {namespace} | {base:.1f} µs | {this:.1f} µs | {this / base:.3f} |")


if __name__ == "__main__":
    main()

"""What ``run --repeat 3`` costs against one run: the repeats should cost no more than the runs.

Three commands, started as new processes as CI starts them, in turns (each round's order drawn
at random, so that drift of the shared machine falls on all alike):

- the fixed start-up: ``run`` of a one-cell notebook (Python, imports, kernel, probe);
- one run of ``examples/memory-tour.ipynb``;
- ``--repeat 3`` of it.

The target (issue 16): repeat 3 <= start-up + 3.3 x (one run - start-up), medians. The
runs' JSON reports also give the time the cells themselves took (the sum of their records'
durations), which the machine's start-up noise does not reach: repeat 3 against 3 x one run.

    python benchmarks/repeat_cost.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "memory-tour.ipynb"
TARGET = 3.3


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def cell_seconds(report: Path) -> float:
    """The time the cells took in a run, from its JSON report."""
    return sum(cell["duration"] for cell in json.loads(report.read_text())["cells"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO / "python_ext")}
    cli = [sys.executable, "-m", "jupyterlab_memory_inspector.cli", "run"]
    with tempfile.TemporaryDirectory() as folder:
        one_cell = Path(folder) / "one-cell.ipynb"
        notebook = new_notebook(cells=[new_code_cell("x = 1")])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(notebook, one_cell)
        one_json, three_json = Path(folder) / "one.json", Path(folder) / "three.json"
        commands = {
            "start-up (one-cell notebook)": [*cli, str(one_cell)],
            "memory-tour, one run": [*cli, str(TOUR), "--json", str(one_json)],
            "memory-tour, --repeat 3": [
                *cli,
                str(TOUR),
                "--repeat",
                "3",
                "--json",
                str(three_json),
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        cells: dict[str, list[float]] = {"one run": [], "repeat 3": []}
        for round_number in range(1, args.rounds + 1):
            order = list(commands)
            random.shuffle(order)
            for name in order:
                times[name].append(timed(commands[name], env))
            cells["one run"].append(cell_seconds(one_json))
            cells["repeat 3"].append(cell_seconds(three_json))
            print(f"round {round_number}: " + ", ".join(f"{n} {times[n][-1]:.1f} s" for n in order))
    start_up, one, three = (statistics.median(values) for values in times.values())
    ratio = (three - start_up) / (one - start_up)
    print("\n| command | median | runs |")
    print("| --- | --: | --- |")
    for name, values in times.items():
        runs = ", ".join(f"{value:.1f}" for value in values)
        print(f"| {name} | {statistics.median(values):.1f} s | {runs} |")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(
        f"\n--repeat 3 costs {ratio:.2f} x one run beyond the start-up "
        f"(target <= {TARGET}: {verdict})"
    )
    one_cells, three_cells = (statistics.median(values) for values in cells.values())
    rounds = "; ".join(
        f"{one:.1f} s / {three:.1f} s" for one, three in zip(cells["one run"], cells["repeat 3"])
    )
    print(
        f"the cells' own time: one run {one_cells:.1f} s, repeat 3 {three_cells:.1f} s: "
        f"{three_cells / one_cells:.2f} x (rounds, one / three: {rounds})"
    )


if __name__ == "__main__":
    main()

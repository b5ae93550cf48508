"""What ``run --repeat 3`` costs against one run: the repeats should cost no more than the runs.

Three commands, started as new processes as CI starts them, in turns (each round's order drawn
at random, so that drift of the shared machine falls on all alike):

- the fixed start-up: ``run`` of a one-cell notebook (Python, imports, kernel, probe);
- one run of ``examples/memory-tour.ipynb``;
- ``--repeat 3`` of it.

The target (issue 16): repeat 3 <= start-up + 3.3 x (one run - start-up), medians.

    python benchmarks/repeat_cost.py [--rounds 3]
"""

from __future__ import annotations

import argparse
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
        commands = {
            "start-up (one-cell notebook)": [*cli, str(one_cell)],
            "memory-tour, one run": [*cli, str(TOUR)],
            "memory-tour, --repeat 3": [*cli, str(TOUR), "--repeat", "3"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(1, args.rounds + 1):
            order = list(commands)
            random.shuffle(order)
            for name in order:
                times[name].append(timed(commands[name], env))
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


if __name__ == "__main__":
    main()

"""What ``jupyter memory-inspector run`` costs a notebook beyond ``jupyter execute`` of it.

The commands are started as new processes, as CI starts them, in turns (the order of each
round drawn at random), so that drift of the (shared) machine falls on all alike. Timing a run
inside an already warm Python process would leave out the imports, which are most of the
fixed cost. A third command is the CLI importing rfc3987_syntax first, as it did before it
learned not to (``jupyter execute`` still does): it shows what the probe and the reports cost
apart from that import. Two notebooks, written here: one cell, and 24 cells of everyday work
(lists, dicts, a class, magics, a shell escape, rich output, a cell that raises under
``--allow-errors``).

    python benchmarks/cli_overhead.py [--rounds 7] [--quick] [--notebook extra.ipynb]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
from kernel_driver import REPO, log, machine, table, write_results
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

BIN = Path(sys.executable).parent
CLI, EXECUTE = "jupyter memory-inspector run", "jupyter execute"
# The command as it was before it stopped importing rfc3987_syntax (which `jupyter execute`
# still imports, through jsonschema): what the probe and the reports cost, apart from that.
CLI_FULL = "… importing rfc3987_syntax"
WITH_RFC3987_SYNTAX = (
    "import sys, rfc3987_syntax\nfrom jupyterlab_memory_inspector.cli import main\nsys.exit(main())"
)

EVERYDAY_CELLS = (
    "import collections, json, math, random, statistics",
    "numbers = list(range(200_000))",
    "squares = {n: n * n for n in numbers}",
    "text = ' '.join(str(n) for n in numbers[:50_000])\nlen(text)",
    "words = collections.Counter(text.split())\nwords.most_common(3)",
    "blob = bytearray(30 * 2**20)",
    "del blob",
    "class Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n"
    "points = [Point(i, -i) for i in range(50_000)]",
    "statistics.mean(p.x for p in points)",
    "%time sum(math.sqrt(n) for n in numbers)",
    "%%timeit -n 3 -r 1\nsorted(numbers, reverse=True)",
    "!echo shell escape",
    "from IPython.display import HTML, Markdown, display\ndisplay(HTML('<b>rich</b>'))",
    "Markdown('*markdown* output')",
    "json.dumps(squares)[:40]",
    "print('\\n'.join(f'line {i}' for i in range(200)))",
    "matrix = [[random.random() for _ in range(300)] for _ in range(300)]",
    "total = sum(map(sum, matrix))\ntotal > 0",
    "raise ValueError('an expected error')",
    "del matrix, points",
    "import gc\ngc.collect()",
    "cache = {str(i): [i] * 10 for i in range(20_000)}",
    "len(cache)",
    "words.most_common(1)",
)


def write_notebooks(folder: Path) -> list[Path]:
    """The one-cell notebook and the everyday one, in `folder`."""
    one = new_notebook(cells=[new_code_cell("x = 1")])
    everyday = new_notebook(
        cells=[new_markdown_cell("# Everyday work")]
        + [new_code_cell(source) for source in EVERYDAY_CELLS]
    )
    paths = []
    for name, notebook in (("one-cell", one), ("everyday", everyday)):
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        path = folder / f"{name}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def commands(notebook: Path) -> dict[str, list[str]]:
    """Each command as its console script, as ``jupyter <subcommand>`` runs it."""
    runs = {
        CLI: [str(BIN / "jupyter-memory-inspector"), "run", str(notebook), "--allow-errors"],
        EXECUTE: [str(BIN / "jupyter-execute"), str(notebook), "--allow-errors"],
    }
    if importlib.util.find_spec("rfc3987_syntax") is not None:
        runs[CLI_FULL] = [sys.executable, "-c", WITH_RFC3987_SYNTAX, *runs[CLI][1:]]
    return runs


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from the process's start to its end; a failed run stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def measure(notebook: Path, rounds: int, env: dict[str, str]) -> dict[str, list[float]]:
    """`rounds` runs of each command, in rounds whose order is drawn at random."""
    runs = commands(notebook)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(rounds + 1):
        order = list(runs)
        random.shuffle(order)
        for name in order:
            elapsed = timed(runs[name], env)
            # The first round warms the file cache and the kernel's imports: not counted.
            if round_ > 0:
                times[name].append(elapsed)
        log(f"{notebook.name}: round {round_}/{rounds} done")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds per notebook")
    parser.add_argument("--quick", action="store_true", help="2 rounds, a smoke run")
    parser.add_argument("--notebook", type=Path, action="append", default=[])
    args = parser.parse_args()
    rounds = 2 if args.quick else args.rounds
    # Both commands run this work tree's package, also in their kernels.
    paths = [str(REPO / "python_ext"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    load_before = os.getloadavg()
    results: dict[str, Any] = {"machine": machine(), "rounds": rounds, "notebooks": {}}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        notebooks = write_notebooks(Path(folder)) + [p.resolve() for p in args.notebook]
        for notebook in notebooks:
            times = measure(notebook, rounds, env)
            cells = sum(c.cell_type == "code" for c in nbformat.read(notebook, 4).cells)
            plain = statistics.median(times[EXECUTE])
            results["notebooks"][notebook.name] = {"code_cells": cells, "seconds": times}
            code = "1 code cell" if cells == 1 else f"{cells} code cells"
            row = [f"{notebook.name} ({code})", f"{plain:.2f} s"]
            for name in (CLI, CLI_FULL):
                if name in times:
                    cli = statistics.median(times[name])
                    row += [f"{cli:.2f} s", f"{cli - plain:+.2f} s", f"{cli / plain:.2f}"]
            rows.append(row)
    results["load_average_before"] = load_before
    results["load_average_after"] = os.getloadavg()
    headers = ["notebook", f"`{EXECUTE}`", f"`{CLI}`", "difference", "ratio"]
    if len(rows[0]) > len(headers):
        headers += [CLI_FULL, "difference", "ratio"]
    print(f"Medians of {rounds} rounds, each command started as a new process, in turns.\n")
    print(table(headers, rows))
    load = ", ".join(f"{value:.2f}" for value in load_before)
    print(f"\nLoad average before the run: {load}.")
    log(f"wrote {write_results('cli_overhead', results)}")


if __name__ == "__main__":
    main()

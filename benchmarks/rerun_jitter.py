"""How much ordinary cells retain when they run again: the noise that the leak rule tolerates.

Builds a notebook of everyday cells that keep nothing from one run to the next (imports, a
comprehension rebound, a print, a 1 MiB temporary, a small DataFrame summary whose output the
cache keeps), runs it ``--repeat N`` times through ``jupyter memory-inspector run`` in one kernel,
and prints, per cell, what its runs after the first retained (RSS after minus before): the
figure beside ``leaks.rule.DEFAULT_TOLERANCE``.

    python benchmarks/rerun_jitter.py [--repeat 40]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
MiB = 2**20

CELLS = (
    "import json, math, collections",
    "squares = [i * i for i in range(10_000)]",
    "total = sum(math.sqrt(x) for x in squares)",
    'print(json.dumps({"total": total})[:40])',
    "scratch = bytearray(1 << 20)\ndel scratch",
    "counts = collections.Counter(str(i % 97) for i in range(20_000))",
    "import numpy as np\narr = np.random.rand(100_000)",
    "arr.mean()",
    'import pandas as pd\ndf = pd.DataFrame({"a": range(10_000), "b": 1.5})\ndf.describe()',
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        notebook = Path(folder) / "jitter.ipynb"
        report = Path(folder) / "jitter.json"
        nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, notebook)
        env = {**os.environ, "PYTHONPATH": str(REPO / "python_ext")}
        command = [sys.executable, "-m", "jupyterlab_memory_inspector.cli", "run", str(notebook)]
        command += ["--repeat", str(args.repeat), "--json", str(report)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        data = json.loads(report.read_text())
    print("| cell | runs | retained after the first run: max | p95 | mean |")
    print("| --- | --: | --: | --: | --: |")
    everything = []
    for leak in data["leaks"]:
        later = sorted(leak["verdict"]["retained"][1:])
        everything += later
        p95 = later[min(len(later) - 1, round(0.95 * (len(later) - 1)))]
        mean = sum(later) / len(later)
        print(
            f"| `{leak['source_line']}` | {leak['verdict']['runs']} | {later[-1] / MiB:.3f} MiB"
            f" | {p95 / MiB:.3f} MiB | {mean / MiB:.3f} MiB |"
        )
    everything.sort()
    print(f"\nall cells: max {everything[-1] / MiB:.3f} MiB, min {everything[0] / MiB:.3f} MiB")


if __name__ == "__main__":
    main()

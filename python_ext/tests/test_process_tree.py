"""A kernel's memory is its process tree: real workers and subprocesses, run by the CLI.

One notebook, run once (the machine has two cores: the cells run one at a time): worker processes
that hold memory, a subprocess, and forked workers that only read the kernel's array. Every child
starts and ends within its cell, so only the reading of the tree while the cell runs sees it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from polling import wait_for
from test_cli import run_cli

from jupyterlab_memory_inspector.probe.proctree import command_line, process_name
from jupyterlab_memory_inspector.text import MiB, format_bytes

SETUP = """\
import multiprocessing, subprocess, sys, time
import numpy as np

def hold(size):
    block = bytearray(size)
    block[::4096] = b"x" * len(block[::4096])
    time.sleep(1.5)
    return len(block)

def read(_):
    total = float(shared.sum())
    time.sleep(1.5)
    return total
"""
POOL = """\
with multiprocessing.get_context("fork").Pool(2) as pool:
    pool.map(hold, [400 << 20] * 2)
"""
SUBPROCESS = """\
subprocess.run(
    [sys.executable, "-c", "import time; b = bytearray(500 << 20); "
     "b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"],
    check=True,
)
"""
ARRAY = "shared = np.ones(600 << 20, dtype=np.uint8)"
READERS = """\
with multiprocessing.get_context("fork").Pool(2) as pool:
    pool.map(read, range(2))
"""
CELLS = (SETUP, POOL, SUBPROCESS, ARRAY, READERS)


@pytest.fixture(scope="module")
def tree_run(tmp_path_factory):
    """The notebook's CLI run with a peak budget that only the tree exceeds, and its records."""
    out = tmp_path_factory.mktemp("tree")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    path = out / "tree.ipynb"
    nbformat.write(notebook, path)
    result = run_cli("run", path, "--json", out / "tree.json", "--peak-budget", "550MiB")
    report = json.loads((out / "tree.json").read_text())
    return result, [cell["record"] for cell in report["cells"]]


def _descendants(record):
    return [process for process in record["tree"]["processes"] if not process["kernel"]]


def test_a_cell_without_children_has_the_kernels_figures_as_its_tree(tree_run):
    _, records = tree_run
    setup = records[0]
    assert setup["tree"]["method"] == "kernel"
    assert (setup["tree"]["before"], setup["tree"]["after"], setup["tree"]["peak"]) == (
        setup["rss_before"],
        setup["rss_after"],
        setup["peak"],
    )
    assert [process["kernel"] for process in setup["tree"]["processes"]] == [True]


def test_pool_workers_that_hold_memory_are_in_the_cells_peak(tree_run):
    _, records = tree_run
    pool = records[1]
    assert pool["tree"]["method"] == "rss_uss"
    assert pool["tree"]["peak"] >= pool["peak"] + 800 * MiB
    workers = _descendants(pool)
    assert [worker["name"] for worker in workers] == ["forked worker", "forked worker"]
    # Each holds its 400 MiB block. Between two reads of a worker's smaps_rollup its USS is
    # estimated, which misses what it copied on write or let go of since (PrivateMemory): CI
    # once found one under 400 MiB while the two held over 800 MiB together; 403 MiB and more
    # in 70 runs here, under load or not.
    assert all(worker["at_peak"] >= 390 * MiB for worker in workers), workers
    # The workers ended with the cell; the kernel's own figures keep their meaning.
    assert all(worker["memory"] is None for worker in workers)
    assert pool["peak"] < 400 * MiB


def test_a_subprocess_is_in_the_cells_peak(tree_run):
    _, records = tree_run
    child = records[2]
    assert child["tree"]["peak"] >= child["peak"] + 500 * MiB
    (process,) = _descendants(child)
    assert process["name"].startswith("python -c import time")


def test_forked_workers_that_only_read_the_kernels_array_add_little(tree_run):
    _, records = tree_run
    readers = records[4]
    assert readers["rss_before"] >= 600 * MiB
    workers = _descendants(readers)
    assert len(workers) == 2
    # Summing RSS would count the shared 600 MiB once per worker; PSS would count 200 MiB each.
    assert all(worker["at_peak"] < 100 * MiB for worker in workers)
    assert readers["tree"]["peak"] < readers["peak"] + 200 * MiB


def test_the_peak_budget_counts_the_tree(tree_run):
    result, _ = tree_run
    assert result.returncode == 1, result.stderr
    over = [line for line in result.stderr.splitlines() if "over the peak budget" in line]
    # The kernel alone stays under 100 MiB in both cells: only its children take them over.
    assert any("cell [2] " in line for line in over), result.stderr
    assert any("cell [3] " in line for line in over), result.stderr


def test_the_progress_line_shows_the_trees_peak(tree_run):
    result, records = tree_run
    line = next(line for line in result.stderr.splitlines() if line.startswith("[2/5]"))
    assert f"peak {format_bytes(records[1]['tree']['peak'])}" in line


def test_a_child_is_named_by_what_it_runs():
    kernel = command_line(os.getpid())
    long_arg = "x" * 100
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", long_arg])
    fork = os.fork()
    if fork == 0:
        # The forked copy only waits to be read, then leaves without running any cleanup.
        time.sleep(30)
        os._exit(0)
    try:
        # Until it has run exec, the child is a copy of this process; while it runs exec, its
        # command line is empty and it is named by its comm ("python").
        assert wait_for(lambda: process_name(sleeper.pid, kernel).endswith("…"))
        name = process_name(sleeper.pid, kernel)
        assert len(name) == 60 and name.startswith("python -c import time")
        assert process_name(fork, kernel) == "forked worker"
    finally:
        sleeper.kill()
        sleeper.wait()
        os.kill(fork, signal.SIGKILL)
        os.waitpid(fork, 0)

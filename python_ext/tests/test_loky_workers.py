"""joblib's loky workers (scikit-learn's n_jobs, joblib.Parallel) in the kernel's tree: real
worker processes started by a notebook that the command line runs; and names that come from the
module a worker runs, not from a path that mentions one.

loky keeps its workers after the call (a reusable executor, ended after 300 s idle), and starts
a resource tracker of its own beside them, and the multiprocessing one.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from polling import wait_for
from test_cli import run_cli

from jupyterlab_memory_inspector.probe.proctree import children_of, command_line, process_name
from jupyterlab_memory_inspector.text import MiB

SETUP = """\
import time
from joblib import Parallel, delayed

def hold(size):
    block = bytearray(size)
    block[::4096] = b"x" * len(block[::4096])
    time.sleep(1.5)
    return len(block)
"""
WORKERS = "sizes = Parallel(n_jobs=2)(delayed(hold)(250 << 20) for _ in range(2))"
AFTER = "sum(sizes)"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    out = tmp_path_factory.mktemp("loky")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (SETUP, WORKERS, AFTER)]
    path = out / "loky.ipynb"
    nbformat.write(notebook, path)
    result = run_cli("run", path, "--json", out / "loky.json")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "loky.json").read_text())
    return [cell["record"] for cell in report["cells"]]


def descendants(record):
    return [process for process in record["tree"]["processes"] if not process["kernel"]]


def test_loky_workers_are_counted_and_named(records):
    cell = records[1]
    workers = [process for process in descendants(cell) if process["name"] == "loky worker"]
    assert len(workers) == 2, descendants(cell)
    assert all(worker["at_peak"] >= 250 * MiB for worker in workers)
    assert len({worker["pid"] for worker in workers}) == 2
    # Each worker's 250 MiB is in the tree's peak; the kernel alone holds none of it.
    assert cell["tree"]["peak"] >= cell["peak"] + 500 * MiB
    assert cell["peak"] < 250 * MiB


def test_loky_resource_tracker_is_not_taken_for_a_worker(records):
    names = sorted(process["name"] for process in descendants(records[1]))
    assert names == [
        "loky resource tracker",
        "loky worker",
        "loky worker",
        "multiprocessing resource tracker",
    ]


def test_the_workers_kept_for_reuse_stay_in_the_tree_after_the_call(records):
    later = records[2]
    names = [process["name"] for process in descendants(later)]
    assert names.count("loky worker") == 2
    assert later["tree"]["after"] > later["rss_after"]


def test_a_command_that_only_mentions_loky_is_named_by_its_command():
    kernel = command_line(os.getpid())
    code = "import time; time.sleep(30)"
    # An argument as a notebook's or a test file's path could be, that names no module.
    child = subprocess.Popen([sys.executable, "-c", code, "loky/multiprocessing"])
    try:
        assert wait_for(lambda: command_line(child.pid)[-1:] == ["loky/multiprocessing"])
        assert process_name(child.pid, kernel) == f"python -c {code} loky/multiprocessing"
    finally:
        child.kill()
        child.wait()


def test_a_spawned_multiprocessing_worker_is_named_so():
    kernel = command_line(os.getpid())
    worker = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(30,))
    worker.start()
    try:
        assert wait_for(lambda: process_name(worker.pid, kernel) == "multiprocessing worker")
    finally:
        worker.kill()
        worker.join()


def test_a_forkserver_and_its_workers_are_told_apart():
    # A program of its own stands for the kernel: the forkserver outlives its workers.
    program = (
        "import multiprocessing, time; "
        "worker = multiprocessing.get_context('forkserver').Process(target=time.sleep, "
        "args=(30,)); worker.start(); print(worker.pid, flush=True); worker.join()"
    )
    kernel = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    worker = 0
    try:
        assert kernel.stdout is not None
        worker = int(kernel.stdout.readline())
        kernel_cmdline = command_line(kernel.pid)
        (forkserver,) = [pid for pid in children_of(kernel.pid) if worker in children_of(pid)]
        assert process_name(forkserver, kernel_cmdline) == "multiprocessing forkserver"
        assert process_name(worker, kernel_cmdline) == "multiprocessing worker"
    finally:
        if worker:
            os.kill(worker, signal.SIGKILL)
        kernel.kill()
        kernel.wait()

"""The fatal cell's record on the command line counts the kernel's process tree: a kernel killed
while its subprocess holds memory gets a record whose tree has the subprocess in it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
from polling import wait_for

from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.text import MiB

SOURCE_TREE = Path(__file__).parents[1]
HELD = 400 * MiB

# The child touches every page of 400 MiB, then says so and waits to be killed. The cell holds
# it for a second (ten periods of the watcher's readings, 0.1 s) before saying it is ready for
# the kill: the record is made from those readings, as a worker's memory would be.
CHILD = (
    "import sys, time; block = bytearray({size}); block[::4096] = b'x' * len(block[::4096]); "
    "print('held', flush=True); time.sleep(120)"
)
CELL = """\
import os, pathlib, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", {child!r}], stdout=subprocess.PIPE, text=True)
pathlib.Path({pids!r}).write_text(f"{{os.getpid()}} {{child.pid}}")
assert child.stdout.readline() == "held\\n"
time.sleep(1.0)
pathlib.Path({ready!r}).touch()
time.sleep(120)
"""


def test_a_kernel_killed_while_its_subprocess_holds_memory_has_a_record_counting_it(tmp_path):
    pids_file, ready, report = tmp_path / "pids", tmp_path / "ready", tmp_path / "report.json"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    cell = CELL.format(child=CHILD.format(size=HELD), pids=str(pids_file), ready=str(ready))
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell(cell)]
    path = tmp_path / "tree.ipynb"
    nbformat.write(notebook, path)
    paths = [str(SOURCE_TREE), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    command = [sys.executable, "-m", "jupyterlab_memory_inspector.cli", "run", str(path)]
    child = None
    with subprocess.Popen(
        [*command, "--json", str(report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as run:
        try:
            assert wait_for(lambda: ready.exists() or run.poll() is not None, timeout=120), (
                "the cell never got ready"
            )
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            kernel, child = (int(word) for word in pids_file.read_text().split())
            os.kill(kernel, signal.SIGKILL)
            stdout, stderr = run.communicate(timeout=120)
        finally:
            if child is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
    assert "Traceback" not in stdout + stderr, stderr
    assert run.returncode == 2, stderr
    assert "while running cell [2]" in stderr

    written = json.loads(report.read_text())
    report_validator().validate(written)
    assert [cell["execution_count"] for cell in written["cells"]] == [1, 2]
    record = written["cells"][1]["record"]
    assert record["from_live_readings"] is True
    assert record["death"]["cause"] == "signal"
    tree = record["tree"]
    assert tree["method"] == "rss_uss"
    # The kernel's own figures stay its own; the tree adds the subprocess's 400 MiB.
    assert tree["peak"] >= record["peak"] + HELD - 10 * MiB
    assert tree["after"] >= record["rss_after"] + HELD - 10 * MiB
    assert record["peak"] < HELD

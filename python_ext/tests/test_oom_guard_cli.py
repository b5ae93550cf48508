"""The out-of-memory guard and the cause of death in ``jupyter memory-inspector run``, under a
real 700 MiB memory cgroup: the command line and its kernel run inside it, as in a container."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from memory_cgroup import GROW, LIMIT, join, memory_cgroup, oom_kills
from test_cli import run_cli

from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.text import MiB


@pytest.fixture
def growing(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_code_cell("kept = 'earlier state'\nchunks = []"),
        nbformat.v4.new_code_cell(GROW),
        nbformat.v4.new_code_cell("print(kept, len(chunks) * 25, 'MiB')"),
    ]
    path = tmp_path / "grow.ipynb"
    nbformat.write(notebook, path)
    return path


def run_in_group(group: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command, started inside `group`: it and its kernel count against the group's limit."""
    return run_cli(*args, preexec_fn=lambda: join(group))


def test_the_guard_interrupts_the_cell_and_the_kernel_keeps_its_variables(growing, tmp_path):
    with memory_cgroup(LIMIT) as group:
        result = run_in_group(
            group,
            "run",
            growing,
            "--allow-errors",
            "--json",
            tmp_path / "report.json",
            "--output",
            tmp_path / "executed.ipynb",
        )
        assert oom_kills(group) == 0
    assert result.returncode == 0, result.stderr
    assert 'cell [2] "import time" stopped at ' in result.stderr
    assert "of a 700 MiB limit so that the kernel would not be killed" in result.stderr
    assert "your variables are kept" in result.stderr
    # Only the growing cell: the next one starts with the group nearly full, and must run.
    assert result.stderr.count(" stopped at ") == 1
    assert "to free memory: del chunks" in result.stderr
    executed = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    printed = "".join(output.get("text", "") for output in executed.cells[2].outputs)
    assert printed.startswith("earlier state ")
    report = json.loads((tmp_path / "report.json").read_text())
    report_validator().validate(report)
    guard = report["cells"][1]["record"]["oom_guard"]
    assert guard["action"] == "interrupted"
    assert guard["stopped"] is True
    assert guard["scope"] == "group"
    assert guard["limit"] == LIMIT
    assert report["death"] is None
    assert "oom_guard" not in report["cells"][2]["record"]
    assert len(report["cells"]) == 3


def test_without_the_guard_the_kernel_is_killed_and_the_cause_named(growing, tmp_path):
    with memory_cgroup(LIMIT) as group:
        result = run_in_group(
            group,
            "run",
            growing,
            "--no-oom-guard",
            "--json",
            tmp_path / "report.json",
            "--csv",
            tmp_path / "report.csv",
        )
        assert oom_kills(group) == 1
    assert result.returncode == 2
    error = result.stderr.splitlines()[-1]
    assert error.startswith("jupyter memory-inspector: error: out of memory: the kernel was killed")
    assert 'while running cell [2] "import time"' in error
    assert "the memory group counted an out-of-memory kill" in error
    report = json.loads((tmp_path / "report.json").read_text())
    report_validator().validate(report)
    death = report["death"]
    assert death["cause"] == "oom_kill"
    assert death["execution_count"] == 2
    assert death["limit"] == LIMIT
    assert death["usage"] > LIMIT * 0.8
    # The fatal cell's row: a record made from the watcher's last readings, with the death.
    assert [cell["execution_count"] for cell in report["cells"]] == [1, 2]
    fatal = report["cells"][1]
    assert fatal["status"] == "killed"
    assert fatal["record"]["death"] == death
    assert fatal["record"]["from_live_readings"] is True
    assert fatal["record"]["peak"] > fatal["record"]["rss_before"] + 200 * MiB
    assert report["right_size"]["peak"] == death["usage"]
    assert report["right_size"]["peak_of"] == "killed"
    assert "out of memory: the kernel was killed at" in result.stdout
    assert "memory needed: more than " in result.stdout
    last_row = (tmp_path / "report.csv").read_text().splitlines()[-1]
    assert ",killed," in last_row
    assert "while running cell [2]" in last_row

"""``jupyter memory-inspector run`` as CI runs it: a subprocess, real kernels, exit statuses."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest
from polling import wait_for

from jupyterlab_memory_inspector.cli.execute import enable_allocation_tracing
from jupyterlab_memory_inspector.cli.notebook import NotebookRunError
from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.text import MiB, format_bytes

SOURCE_TREE = Path(__file__).parents[1]
NOTEBOOKS = Path(__file__).parent / "notebooks"
SESSION = NOTEBOOKS / "session.ipynb"
RAISES = NOTEBOOKS / "raises.ipynb"
ERROR_PREFIX = "jupyter memory-inspector: error: "


def run_cli(
    *args: str | Path, timeout: float = 240, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command, run from the source tree (`preexec_fn` runs in its process before it
    starts); no output of it may ever hold a traceback."""
    paths = [str(SOURCE_TREE), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    result = subprocess.run(
        [sys.executable, "-m", "jupyterlab_memory_inspector.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a failed run."""
    errors = [line for line in result.stderr.splitlines() if line.startswith(ERROR_PREFIX)]
    assert len(errors) == 1, result.stderr
    return errors[0][len(ERROR_PREFIX) :]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """One run of session.ipynb within generous budgets, with every report and the notebook."""
    out = tmp_path_factory.mktemp("session")
    result = run_cli(
        "run",
        SESSION,
        "--html",
        out / "report.html",
        "--json",
        out / "report.json",
        "--csv",
        out / "report.csv",
        "--markdown",
        out / "report.md",
        "--output",
        out / "executed.ipynb",
        "--cell-budget",
        "100MiB",
        "--peak-budget",
        "4GiB",
    )
    return result, out


def test_within_budget_exits_0_with_progress_and_a_summary(session):
    result, _ = session
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line[:5] for line in progress] == ["[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"]
    assert "kept = bytearray(40 * 2**20)" in progress[0] and "peak" in progress[0]
    assert "memory stayed within its budgets" in result.stderr
    table = result.stdout.splitlines()
    assert table[0].split()[:3] == ["#", "cell", "source"]
    rows = [line.split() for line in table[1:] if line.strip()]
    assert [row[1] for row in rows[:-2]] == ["[1]", "[2]", "[3]", "[4]", "[5]"]
    assert table[-2].startswith("5 cell runs in ")
    # The right size, in one line that CI logs show.
    assert table[-1].startswith("memory needed: ")
    assert "runs it with 25% headroom" in table[-1]


def test_reports_are_written_and_well_formed(session, record_validator):
    _, out = session
    document = json.loads((out / "report.json").read_text())
    assert document["notebook"] == "session.ipynb"
    assert document["kernel"]["name"] == "python3"
    assert len(document["cells"]) == 5
    rows = list(csv.DictReader((out / "report.csv").open(newline="")))
    assert [int(row["execution_count"]) for row in rows] == [1, 2, 3, 4, 5]
    assert "| # | cell | source |" in (out / "report.md").read_text()
    page = (out / "report.html").read_text()
    assert "<svg" in page and "<script" not in page
    for cell in document["cells"]:
        record_validator.validate(cell["record"])
    report_validator().validate(document)


def test_reports_carry_the_advisors_suggestions_for_the_end_of_the_run(session):
    _, out = session
    document = json.loads((out / "report.json").read_text())
    by_code = {suggestion["code"]: suggestion for suggestion in document["suggestions"]}
    kept = by_code["del kept"]
    assert abs(kept["expected_bytes"] - 40 * MiB) < MiB
    assert "del kept" in (out / "report.md").read_text()
    assert "del kept" in (out / "report.html").read_text()


def test_output_notebook_carries_each_cells_record(session):
    _, out = session
    executed = nbformat.read(out / "executed.ipynb", as_version=4)
    nbformat.validate(executed)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    records = [cell.metadata["memory_inspector"] for cell in code]
    assert [record["cell_id"] for record in records] == [cell.id for cell in code]
    assert [record["execution_count"] for record in records] == [1, 2, 3, 4, 5]
    assert abs(records[0]["rss_delta"] - 40 * MiB) < 4 * MiB
    assert all("memory_inspector" not in c.metadata for c in executed.cells if c not in code)


def test_over_the_cell_budget_exits_1_and_names_the_cell(tmp_path):
    result = run_cli("run", SESSION, "--cell-budget", "20MiB")
    assert result.returncode == 1, result.stderr
    over = [line for line in result.stderr.splitlines() if "over budget" in line]
    assert len(over) == 1, result.stderr
    assert 'cell [1] "kept = bytearray(40 * 2**20)' in over[0]
    assert "MiB over the cell budget of 20.0 MiB" in over[0]


def test_over_the_peak_budget_exits_1_and_names_the_cell(session):
    _, out = session
    cells = json.loads((out / "report.json").read_text())["cells"]
    spike = cells[1]
    others = max(cell["peak"] for cell in cells if cell is not spike)
    budget = (others + spike["peak"]) // 2
    result = run_cli("run", SESSION, "--peak-budget", str(budget))
    assert result.returncode == 1, result.stderr
    over = [line for line in result.stderr.splitlines() if "over budget" in line]
    assert len(over) == 1, result.stderr
    assert 'cell [2] "spike = bytearray(60 * 2**20)' in over[0]
    assert f"over the peak budget of {format_bytes(budget)}" in over[0]


def test_a_raising_cell_stops_the_run_with_exit_2(tmp_path):
    report = tmp_path / "report.json"
    result = run_cli("run", RAISES, "--json", report)
    assert result.returncode == 2
    assert error_line(result) == (
        'cell [2] "raise ValueError("boom")" raised ValueError: boom (use --allow-errors to run on)'
    )
    # What ran is still reported.
    cells = json.loads(report.read_text())["cells"]
    assert [cell["status"] for cell in cells] == ["ok", "error"]


def test_allow_errors_runs_on(tmp_path):
    report = tmp_path / "report.json"
    result = run_cli("run", RAISES, "--allow-errors", "--json", report)
    assert result.returncode == 0, result.stderr
    cells = json.loads(report.read_text())["cells"]
    assert [cell["status"] for cell in cells] == ["ok", "error", "ok"]
    assert "raised" in result.stdout


def test_a_cell_that_outlives_the_timeout_exits_2():
    result = run_cli("run", NOTEBOOKS / "sleeps.ipynb", "--timeout", "2")
    assert result.returncode == 2
    assert error_line(result) == 'cell [2] "time.sleep(60)" did not finish within 2 s (--timeout)'


def test_missing_notebook_exits_2(tmp_path):
    result = run_cli("run", tmp_path / "nowhere.ipynb")
    assert result.returncode == 2
    assert error_line(result) == f"no such notebook: {tmp_path / 'nowhere.ipynb'}"
    assert result.stdout == ""


def test_invalid_notebook_json_exits_2(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [,]}')
    result = run_cli("run", broken)
    assert result.returncode == 2
    assert error_line(result).startswith(f"{broken} is not a notebook: invalid JSON at line 1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "it has no 'nbformat' version"),
        ('{"nbformat": 4, "nbformat_minor": 5, "cells": "x"}', "is not a valid notebook"),
    ],
)
def test_json_that_is_not_a_notebook_exits_2(tmp_path, content, message):
    path = tmp_path / "odd.ipynb"
    path.write_text(content)
    result = run_cli("run", path)
    assert result.returncode == 2
    assert message in error_line(result)


def test_unknown_kernel_exits_2():
    result = run_cli("run", SESSION, "--kernel", "no-such-kernel")
    assert result.returncode == 2
    line = error_line(result)
    assert line.startswith("no kernel named 'no-such-kernel'; installed kernels: ")
    assert "python3" in line


def test_unknown_kernel_named_by_the_notebook_points_to_the_option():
    result = run_cli("run", NOTEBOOKS / "unknown-kernel.ipynb")
    assert result.returncode == 2
    assert "choose another with --kernel" in error_line(result)


def test_kernel_option_overrides_the_notebooks_kernel(tmp_path):
    result = run_cli("run", NOTEBOOKS / "unknown-kernel.ipynb", "--kernel", "python3")
    assert result.returncode == 0, result.stderr


def test_a_notebook_without_cell_ids_gets_them(tmp_path):
    old = nbformat.read(SESSION, as_version=4)
    for cell in old.cells:
        del cell["id"]
    old.nbformat_minor = 4
    path = tmp_path / "old.ipynb"
    nbformat.write(old, path)
    report = tmp_path / "report.json"
    result = run_cli("run", path, "--json", report)
    assert result.returncode == 0, result.stderr
    cells = json.loads(report.read_text())["cells"]
    assert all(cell["cell_id"] and cell["source_line"] for cell in cells)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cell-budget", "500M"], "argument --cell-budget: unknown unit 'M' in '500M'"),
        (["--peak-budget", "lots"], "argument --peak-budget: 'lots' is not a size"),
        (["--timeout", "-3"], "argument --timeout: '-3' is not a positive whole number"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_usage_errors_exit_2_in_one_line(args, message):
    result = run_cli("run", SESSION, *args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr and "(see --help)" in result.stderr


def test_a_report_into_a_missing_folder_fails_before_running(tmp_path):
    result = run_cli("run", SESSION, "--html", tmp_path / "no" / "report.html")
    assert result.returncode == 2
    assert "the folder" in error_line(result) and "does not exist" in error_line(result)
    assert "[1/" not in result.stderr


def test_help_documents_every_option_with_examples():
    result = run_cli("run", "--help")
    assert result.returncode == 0
    for option in (
        "--html",
        "--json",
        "--csv",
        "--markdown",
        "--output",
        "--cell-budget",
        "--peak-budget",
        "--trace-allocations",
        "--allow-errors",
        "--timeout",
        "--kernel",
    ):
        assert option in result.stdout
    assert "examples:" in result.stdout and "exit status:" in result.stdout
    assert "jupyter memory-inspector run analysis.ipynb" in result.stdout


def test_trace_allocations(tmp_path):
    report = tmp_path / "report.json"
    result = run_cli("run", SESSION, "--trace-allocations", "--json", report)
    assert result.returncode == 0, result.stderr
    records = [cell["record"] for cell in json.loads(report.read_text())["cells"]]
    assert all(record["heap"] is not None for record in records)
    assert {record["heap"]["nframes"] for record in records} == {1}


def test_trace_allocations_is_refused_by_a_probe_without_settings():
    # A probe that announces no `config` (an older one) has no way to turn tracing on; the
    # refusal comes before anything is sent, so no kernel is needed.
    with pytest.raises(NotebookRunError, match="cannot turn allocation tracing on"):
        asyncio.run(enable_allocation_tracing(None, {"peak_method": "vmhwm"}))  # type: ignore[arg-type]


@contextlib.contextmanager
def run_in_sleeping_cell(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`run` of a notebook whose second cell sleeps, once that cell has started, and the path
    of its JSON report: for the tests that stop a run from outside while a cell runs."""
    report = tmp_path / "report.json"
    sleeping = tmp_path / "sleeping"
    notebook = tmp_path / "sleeps.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell("import time"),
                nbformat.v4.new_code_cell(
                    f"import pathlib; pathlib.Path({str(sleeping)!r}).touch()\ntime.sleep(60)"
                ),
            ],
            metadata=nbformat.read(NOTEBOOKS / "sleeps.ipynb", as_version=4).metadata,
        ),
        notebook,
    )
    command = [sys.executable, "-m", "jupyterlab_memory_inspector.cli", "run"]
    env = {**os.environ, "PYTHONPATH": str(SOURCE_TREE)}
    with subprocess.Popen(
        [*command, str(notebook), "--json", str(report)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        started = wait_for(lambda: sleeping.exists() or process.poll() is not None, timeout=60)
        assert started and process.poll() is None, process.communicate()[1]
        yield process, report


def test_sigterm_stops_the_run_without_a_death(tmp_path):
    # `timeout 5 jupyter memory-inspector run ...`: the run shuts its kernel down itself, so the
    # cell that was running is no death of the notebook's.
    with run_in_sleeping_cell(tmp_path) as (process, report):
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    output = stdout + stderr
    assert stderr.splitlines()[-1] == "jupyter memory-inspector: interrupted by SIGTERM"
    assert "died" not in output and "Traceback" not in output
    written = json.loads(report.read_text())
    assert written["death"] is None and written["deaths"] == []
    assert len(written["cells"]) == 1


def test_ctrl_c_stops_the_run_and_its_kernel(tmp_path):
    with run_in_sleeping_cell(tmp_path) as (process, report):
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    lines = stderr.splitlines()
    assert any(line.startswith("[1/2]") for line in lines)
    assert lines[-1] == "jupyter memory-inspector: interrupted"
    assert "Traceback" not in stderr
    assert len(json.loads(report.read_text())["cells"]) == 1

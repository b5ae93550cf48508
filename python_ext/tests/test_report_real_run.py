"""Every rendering of a report of a notebook really run headless under the probe."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import nbformat
import pytest
from test_reports import ESCAPED_SCRIPT, HOSTILE_SUGGESTION, _cells, _markdown_table

from jupyterlab_memory_inspector.cli.execute import run_notebook
from jupyterlab_memory_inspector.cli.notebook import resolve_kernel
from jupyterlab_memory_inspector.report import (
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
)
from jupyterlab_memory_inspector.report.csv_report import COLUMNS
from jupyterlab_memory_inspector.report.model import first_line
from jupyterlab_memory_inspector.report.schema import report_validator
from jupyterlab_memory_inspector.text import MiB, format_bytes

NOTEBOOKS = Path(__file__).parent / "notebooks"


@pytest.fixture(scope="module")
def real_run():
    path = NOTEBOOKS / "session.ipynb"
    notebook = nbformat.read(path, as_version=4)
    kernel = resolve_kernel(notebook, None)
    run = run_notebook(notebook, path, kernel, timeout=120)
    assert run.failure is None, run.failure
    report = build_report(
        notebook=path.name,
        kernel=kernel,
        probe=run.probe,
        records=run.records,
        sources=run.sources(),
        suggestions=[HOSTILE_SUGGESTION],
    )
    return run, report


def test_real_run_records_carry_the_notebooks_cell_ids(real_run):
    run, report = real_run
    code_cells = [cell for cell in run.notebook.cells if cell.cell_type == "code"]
    assert [record["cell_id"] for record in run.records] == [cell.id for cell in code_cells]
    assert [cell.source_line for cell in report.cells] == [
        first_line(cell.source) for cell in code_cells
    ]
    kept, spike = report.cells[0], report.cells[1]
    assert abs(kept.delta - 40 * MiB) < 4 * MiB
    assert spike.peak_above_start > 55 * MiB and abs(spike.delta) < 8 * MiB
    assert report.environment.python and report.environment.platform


def test_real_run_json_validates_against_the_report_schema(real_run, record_validator):
    run, report = real_run
    document = json.loads(render_json(report))
    assert len(document["cells"]) == len(run.records) == 5
    for record in run.records:
        record_validator.validate(record)
    report_validator().validate(document)


def test_real_run_csv_has_one_row_per_code_cell_run(real_run):
    run, report = real_run
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == len(run.records) == 5
    for row, cell in zip(rows[1:], report.cells):
        entry = dict(zip(COLUMNS, row))
        assert int(entry["delta"]) == cell.delta and int(entry["peak"]) == cell.peak
        assert entry["peak_human"] == format_bytes(cell.peak)
        assert entry["cell_id"] == cell.cell_id


def test_real_run_markdown_has_the_table(real_run):
    _, report = real_run
    text = render_markdown(report)
    table = _markdown_table(text, "| # | cell | source |")
    assert len(table) == 2 + 5
    assert {len(_cells(row)) for row in table} == {9}
    assert r"\| a pipe" in text
    assert text.startswith("## Memory report: session.ipynb")


def test_real_run_html_has_the_chart_and_escapes_user_strings(real_run):
    _, report = real_run
    page = render_html(report)
    assert "<svg" in page and "</svg>" in page
    assert "<script" not in page and "<script>alert" not in page
    assert ESCAPED_SCRIPT in page  # the first line of a cell, shown as text
    assert "del evil  # " + ESCAPED_SCRIPT in page  # the suggestion's code
    # A variable's type and a variable's name, from the probe's scan of the namespace.
    assert report.variables.reported
    assert "&lt;script&gt;alert(&#x27;type&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page

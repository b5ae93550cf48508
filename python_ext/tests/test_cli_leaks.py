"""``run --repeat/--cells/--leak-budget/--baseline``, ``compare``, and budgets in the notebook,
as CI runs them: subprocesses, real kernels, exit statuses."""

from __future__ import annotations

import copy
import csv
import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from test_cli import error_line, run_cli

from jupyterlab_memory_inspector.report.schema import report_validator

LEAK = "kept.append(b'\\x01' * (50 * 2**20))"
TEMPORARY = "temporary = b'\\x02' * (200 * 2**20)\ndel temporary"


def write_notebook(path, *cells):
    notebook = new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    """The leaking cell and the 200 MiB temporary, repeated 3 times after a set-up cell."""
    out = tmp_path_factory.mktemp("repeat")
    notebook = write_notebook(
        out / "leaks.ipynb",
        new_code_cell("kept = []"),
        new_code_cell(LEAK),
        new_code_cell(TEMPORARY),
    )
    reports = {kind: out / f"report.{kind}" for kind in ("json", "csv", "md", "html")}
    result = run_cli(
        "run",
        notebook,
        "--repeat",
        "3",
        "--cells",
        "2-3",
        "--leak-budget",
        "10MiB",
        "--json",
        reports["json"],
        "--csv",
        reports["csv"],
        "--markdown",
        reports["md"],
        "--html",
        reports["html"],
    )
    return result, reports


def test_repeat_3_flags_the_cell_that_keeps_50_mib_and_exits_1(repeated):
    result, _ = repeated
    assert result.returncode == 1, result.stderr
    over = [line for line in result.stderr.splitlines() if "over the leak budget" in line]
    assert len(over) == 1, result.stderr
    assert "kept.append(b'\\x01' * (50 * 2**20))" in over[0]
    assert "over the leak budget of 10.0 MiB" in over[0]
    assert "3 code cells, 3 times" in result.stderr


def test_the_set_up_cell_runs_once_and_the_range_three_times(repeated):
    _, reports = repeated
    document = json.loads(reports["json"].read_text())
    sources = [cell["source_line"] for cell in document["cells"]]
    assert sources == ["kept = []", *[LEAK, "temporary = b'\\x02' * (200 * 2**20)"] * 3]


def test_every_report_format_shows_the_verdicts(repeated):
    _, reports = repeated
    document = json.loads(reports["json"].read_text())
    report_validator().validate(document)
    verdicts = {leak["source_line"]: leak["verdict"] for leak in document["leaks"]}
    leak = verdicts[LEAK]
    assert leak["leaking"] is True and leak["runs"] == 3
    assert abs(leak["keeps"] - 50 * 2**20) < 2 * 2**20
    assert leak["holder"]["name"] == "kept"
    temporary = verdicts["temporary = b'\\x02' * (200 * 2**20)"]
    assert temporary["leaking"] is False and temporary["growths"] == 0
    made = [c["peak_above_start"] for c in document["cells"] if c["source_line"].startswith("temp")]
    assert len(made) == 3 and min(made) >= 190 * 2**20  # it did make its 200 MiB each time
    rows = list(csv.DictReader(reports["csv"].open(newline="")))
    assert [row["cell_leaking"] for row in rows] == ["", *["true", "false"] * 3]
    for kind in ("md", "html"):
        text = reports[kind].read_text()
        assert "Cells run more than once" in text
        assert "keeps +50" in text and "likely held by kept" in text
        assert text.count("no leak") == 1


def test_the_terminal_table_shows_the_verdicts(repeated):
    result, _ = repeated
    assert "cells run more than once:" in result.stdout
    lines = [line for line in result.stdout.splitlines() if "each run" in line or "no leak" in line]
    assert len(lines) == 2 and "keeps +50" in lines[0] and "no leak" in lines[1]


def test_leak_budget_without_repeat_is_a_usage_error(tmp_path):
    notebook = write_notebook(tmp_path / "one.ipynb", new_code_cell("x = 1"))
    result = run_cli("run", notebook, "--leak-budget", "10MiB")
    assert result.returncode == 2
    assert "--leak-budget needs --repeat 2 or more" in error_line(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--repeat", "0"], "'0' is not a positive whole number of runs"),
        (["--repeat", "2", "--cells", "3-1"], "'3-1' is not a range of code cells"),
        (["--tolerance", "ten"], "'ten' is not a tolerance"),
    ],
)
def test_bad_rerun_options_exit_2_in_one_line(tmp_path, args, message):
    notebook = write_notebook(tmp_path / "one.ipynb", new_code_cell("x = 1"))
    result = run_cli("run", notebook, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_cells_beyond_the_notebook_are_refused_before_running(tmp_path):
    notebook = write_notebook(tmp_path / "one.ipynb", new_code_cell("x = 1"))
    result = run_cli("run", notebook, "--repeat", "2", "--cells", "2-3")
    assert result.returncode == 2
    assert "the notebook has 1 code cells, there is no cell 3" in error_line(result)


def grown(report, source, factor):
    """`report` with the peak of each run of the cell whose first line is `source` scaled."""
    changed = copy.deepcopy(report)
    for cell in changed["cells"]:
        if cell["source_line"] == source:
            cell["peak"] = round(cell["peak"] * factor)
    return changed


def test_compare_fails_on_a_30_percent_peak_increase_beyond_10_but_not_50(repeated, tmp_path):
    _, reports = repeated
    base = json.loads(reports["json"].read_text())
    new = tmp_path / "new.json"
    new.write_text(json.dumps(grown(base, "kept = []", 1.3)))
    markdown = tmp_path / "compare.md"
    strict = run_cli("compare", reports["json"], new, "--tolerance", "10%", "--markdown", markdown)
    assert strict.returncode == 1, strict.stderr
    increases = [line for line in strict.stdout.splitlines() if "beyond the tolerance:" in line]
    assert len(increases) == 1, strict.stdout
    assert 'cell [1] "kept = []": peak' in increases[0] and "(+30%)" in increases[0]
    assert "| cell | source | matched by |" in markdown.read_text()
    assert "(+30%)" in markdown.read_text()
    lenient = run_cli("compare", reports["json"], new, "--tolerance", "50%")
    assert lenient.returncode == 0, lenient.stderr
    assert "No cell's peak or retained memory grew beyond the tolerance." in lenient.stdout


def test_compare_without_a_tolerance_only_reports(repeated, tmp_path):
    _, reports = repeated
    base = json.loads(reports["json"].read_text())
    new = tmp_path / "new.json"
    new.write_text(json.dumps(grown(base, "kept = []", 1.3)))
    assert run_cli("compare", reports["json"], new).returncode == 0
    assert run_cli("compare", reports["json"], new, "--fail-on-increase").returncode == 1


def test_compare_says_how_each_cell_was_matched(repeated, tmp_path):
    _, reports = repeated
    base = json.loads(reports["json"].read_text())
    renamed = copy.deepcopy(base)
    for cell in renamed["cells"]:
        if cell["source_line"] == "kept = []":
            cell["cell_id"] = "another-id"
        elif cell["source_line"] == LEAK:
            cell["cell_id"], cell["source_line"] = "third-id", "kept.append(more)"
    new = tmp_path / "renamed.json"
    new.write_text(json.dumps(renamed))
    result = run_cli("compare", reports["json"], new)
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:4]}
    assert "  source  " in rows["[1]"]
    assert "  position  " in rows["[2]"]
    assert "  id  " in rows["[3]"]


def test_compare_refuses_a_file_that_is_not_a_report(tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"cells": 3}')
    result = run_cli("compare", bogus, bogus)
    assert result.returncode == 2
    assert "is not a memory report" in error_line(result)


def test_run_against_a_baseline_fails_when_a_cell_grew_beyond_the_tolerance(tmp_path):
    notebook = write_notebook(
        tmp_path / "base.ipynb", new_code_cell("block = b'\\x03' * (60 * 2**20)")
    )
    first = tmp_path / "first.json"
    assert run_cli("run", notebook, "--json", first).returncode == 0
    smaller = json.loads(first.read_text())
    for cell in smaller["cells"]:
        cell["delta"] = cell["delta"] // 2
    base = tmp_path / "base.json"
    base.write_text(json.dumps(smaller))
    result = run_cli("run", notebook, "--baseline", base, "--tolerance", "10%")
    assert result.returncode == 1, result.stderr
    assert "beyond the tolerance: cell [1]" in result.stdout
    assert ": retained" in result.stdout
    assert run_cli("run", notebook, "--baseline", first, "--tolerance", "10%").returncode == 0


def test_a_cell_over_its_tagged_budget_fails_the_run(tmp_path):
    cell = new_code_cell("block = b'\\x04' * (40 * 2**20)")
    cell.metadata["tags"] = ["memory-budget=10MiB"]
    notebook = write_notebook(tmp_path / "tagged.ipynb", new_code_cell("x = 1"), cell)
    result = run_cli("run", notebook)
    assert result.returncode == 1, result.stderr
    over = [line for line in result.stderr.splitlines() if "over budget" in line]
    assert len(over) == 1, result.stderr
    assert 'cell [2] "block = b' in over[0]
    assert "over the cell's own budget of 10.0 MiB" in over[0]


def test_a_budget_in_the_metadata_wins_over_the_tag(tmp_path):
    cell = new_code_cell("block = b'\\x04' * (40 * 2**20)")
    cell.metadata["tags"] = ["memory-budget=10MiB"]
    cell.metadata["memory_budget"] = "100MB"
    notebook = write_notebook(tmp_path / "metadata.ipynb", cell)
    result = run_cli("run", notebook)
    assert result.returncode == 0, result.stderr
    assert "memory stayed within its budgets" in result.stderr


def test_a_budget_with_a_bad_unit_is_an_error_naming_the_value(tmp_path):
    cell = new_code_cell("x = 1")
    cell.metadata["tags"] = ["memory-budget=2GiBs"]
    notebook = write_notebook(tmp_path / "bad.ipynb", cell)
    result = run_cli("run", notebook)
    assert result.returncode == 2
    message = error_line(result)
    assert message.startswith("cell #1: its memory budget '2GiBs'")
    assert "unknown unit 'GiBs'" in message


def test_help_documents_the_rerun_options_the_budgets_and_the_units():
    run = run_cli("run", "--help")
    for option in ("--repeat", "--cells", "--leak-budget", "--baseline", "--tolerance"):
        assert option in run.stdout
    text = " ".join(run.stdout.split())
    assert "KiB, MiB, GiB, TiB powers of 1024" in text
    assert "B, KB, MB, GB, TB are powers of 1000" in text
    assert "memory-budget=2GiB" in text and '"memory_budget": "2GiB"' in text
    compare = run_cli("compare", "--help")
    for option in ("--tolerance", "--fail-on-increase", "--markdown", "BASE.json", "NEW.json"):
        assert option in compare.stdout
    assert "matched by cell id, then by their first line of source, then by position" in " ".join(
        compare.stdout.split()
    )

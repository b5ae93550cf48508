"""The command line runs the notebooks that ``jupyter execute`` runs: every nbformat 4 minor
version, files that are not quite valid (normalized, with one warning), and refuses only what
nbformat cannot read. The files are written as JSON the way each version really looks."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import nbformat
import pytest
from nbformat.validator import isvalid
from test_cli import ERROR_PREFIX, error_line, run_cli

WARNING_PREFIX = "jupyter memory-inspector: warning: "
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
    "=="
)

# (cell type, source): magics, a shell escape, rich outputs, a cell that raises, a cell that
# runs after it, and an empty code cell, which nbclient does not run.
CELLS = (
    ("markdown", "# A notebook of each kind of cell"),
    ("code", "%time numbers = list(range(100_000))"),
    ("code", "%%time\nsquares = [n * n for n in numbers]"),
    ("code", "!echo from a shell"),
    ("raw", "raw text"),
    (
        "code",
        "from base64 import b64decode\nfrom IPython.display import HTML, Image, display\n"
        f"display(HTML('<b>rich</b>'))\nImage(data=b64decode('{PNG}'))",
    ),
    ("code", "raise ValueError('expected')"),
    ("code", "len(numbers)"),
    ("code", ""),
)
RAN = [source for kind, source in CELLS if kind == "code" and source]


def notebook_json(minor: int, ids: bool | None = None) -> dict[str, Any]:
    """A notebook of `CELLS` as nbformat 4.`minor` writes it: sources split in lines, a stale
    output from an earlier run, cell ids only from 4.5 on (unless `ids` says otherwise)."""
    with_ids = minor >= 5 if ids is None else ids
    cells = []
    for number, (kind, source) in enumerate(CELLS, 1):
        cell: dict[str, Any] = {
            "cell_type": kind,
            "metadata": {},
            "source": source.splitlines(keepends=True),
        }
        if kind == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["old\n"]}]
        if with_ids:
            cell["id"] = f"cell-{number}"
        cells.append(cell)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": minor,
    }


def write(folder: Path, data: dict[str, Any], name: str = "notebook.ipynb") -> Path:
    path = folder / name
    path.write_text(json.dumps(data, indent=1), "utf-8")
    return path


def run_and_check(path: Path, out: Path) -> tuple[list[str], nbformat.NotebookNode]:
    """Run `path` with --allow-errors; check that it succeeds, that every cell nbclient ran got
    a record under its own id, and that the executed notebook is valid. Returns the warnings
    and the executed notebook."""
    report, executed = out / "report.json", out / "executed.ipynb"
    result = run_cli("run", path, "--allow-errors", "--json", report, "--output", executed)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # Nothing but the command's own lines: no Python warning from nbformat, no log record.
    assert all(line.startswith(("jupyter memory-inspector: ", "[")) for line in lines), lines
    notebook = nbformat.read(executed, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    ran = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source]
    assert [cell.source for cell in ran] == RAN
    cells = json.loads(report.read_text())["cells"]
    assert [cell["cell_id"] for cell in cells] == [cell.id for cell in ran]
    assert [cell.metadata["memory_inspector"]["cell_id"] for cell in ran] == [c.id for c in ran]
    assert [cell["status"] for cell in cells] == ["ok"] * 4 + ["error", "ok"]
    warnings = [line[len(WARNING_PREFIX) :] for line in lines if line.startswith(WARNING_PREFIX)]
    return warnings, notebook


@pytest.mark.parametrize("minor", [0, 1, 2, 3, 4, 5])
def test_every_minor_version_runs_without_a_warning(tmp_path, minor):
    data = notebook_json(minor)
    assert isvalid(data, version=4, version_minor=minor)
    warnings, executed = run_and_check(write(tmp_path, data), tmp_path)
    assert warnings == []
    if minor == 5:
        assert [cell.id for cell in executed.cells] == [f"cell-{n}" for n in range(1, 10)]
    # Rich outputs came back as they do from nbclient.
    image = next(cell for cell in executed.cells if "Image(" in cell.source)
    assert [output.output_type for output in image.outputs] == ["display_data", "execute_result"]
    assert image.outputs[1].data["image/png"].strip() == PNG


def test_a_4_4_notebook_with_cell_ids_runs_as_with_jupyter_execute(tmp_path):
    path = write(tmp_path, notebook_json(4, ids=True))
    plain = subprocess.run(
        [Path(sys.executable).parent / "jupyter-execute", path, "--allow-errors"],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert plain.returncode == 0, plain.stderr
    warnings, executed = run_and_check(path, tmp_path)
    assert warnings == [
        "notebook.ipynb is not quite valid, normalized as nbformat does: "
        "cell ids, which nbformat 4.4 does not have, read as 4.5"
    ]
    assert [cell.id for cell in executed.cells] == [f"cell-{n}" for n in range(1, 10)]


def _cell(data: dict[str, Any], source: str) -> dict[str, Any]:
    return next(cell for cell in data["cells"] if "".join(cell["source"]) == source)


def _drop(key: str, source: str = "len(numbers)") -> Callable[[dict[str, Any]], None]:
    return lambda data: _cell(data, source).pop(key)


def _set(key: str, value: Any, source: str = "len(numbers)") -> Callable[[dict[str, Any]], None]:
    return lambda data: _cell(data, source).update({key: value})


def _same_id_twice(data: dict[str, Any]) -> None:
    data["cells"][3]["id"] = data["cells"][1]["id"]


def _no_display_name(data: dict[str, Any]) -> None:
    del data["metadata"]["kernelspec"]["display_name"]


def _language_info_text(data: dict[str, Any]) -> None:
    data["metadata"]["language_info"] = "python"


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        (_drop("id"), "1 cell without an id got a new one"),
        (_set("id", "no spaces allowed"), "1 cell with an invalid id got a new one"),
        (_same_id_twice, "1 cell with the id of an earlier cell got a new one"),
        (lambda data: data.pop("metadata"), "notebook metadata added"),
        (_no_display_name, "kernelspec display_name added"),
        (_language_info_text, "invalid metadata removed: notebook language_info"),
        (_set("metadata", {"tags": "one-tag"}), "invalid metadata removed: cell #8 tags"),
        (_drop("metadata"), "1 cell without metadata got one"),
        (_drop("outputs"), "1 cell without outputs got one"),
        (_drop("execution_count"), "1 cell without execution_count got one"),
    ],
    ids=[
        "no-id",
        "invalid-id",
        "duplicate-id",
        "no-metadata",
        "no-display-name",
        "odd-language-info",
        "odd-tags",
        "no-cell-metadata",
        "no-outputs",
        "no-execution-count",
    ],
)
def test_a_file_that_is_not_quite_valid_is_normalized_with_one_warning(tmp_path, change, warning):
    data = notebook_json(5)
    change(data)
    assert not isvalid(copy.deepcopy(data), version=4, version_minor=5)
    warnings, _ = run_and_check(write(tmp_path, data), tmp_path)
    assert len(warnings) == 1
    assert warnings[0].startswith("notebook.ipynb is not quite valid, normalized as nbformat does")
    assert warning in warnings[0]


def test_what_normalizing_cannot_mend_runs_as_it_is_with_one_warning(tmp_path):
    # A heading cell, which nbformat 4 no longer has, left in a 4.5 file by an old converter:
    # nbformat reads it and nbclient runs around it.
    data = notebook_json(5)
    data["cells"].insert(1, {"cell_type": "heading", "level": 2, "source": "Old", "metadata": {}})
    data["cells"][1]["id"] = "heading"
    path = write(tmp_path, data)
    report = tmp_path / "report.json"
    result = run_cli("run", path, "--allow-errors", "--json", report)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith(WARNING_PREFIX)]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"{WARNING_PREFIX}notebook.ipynb is not valid (cells/1: ")
    assert warnings[0].endswith("), run as it is")
    cells = json.loads(report.read_text())["cells"]
    assert [cell["cell_id"] for cell in cells] == [f"cell-{n}" for n in (2, 3, 4, 6, 7, 8)]


def test_an_nbformat_3_notebook_is_upgraded_and_runs(tmp_path):
    cells = [
        {"cell_type": "code", "input": "x = 2", "language": "python", "outputs": []},
        {"cell_type": "heading", "level": 1, "source": "Title", "metadata": {}},
        {"cell_type": "code", "input": "x * 3", "language": "python", "outputs": []},
    ]
    data = {
        "metadata": {"name": "old"},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [{"cells": cells, "metadata": {}}],
    }
    report = tmp_path / "report.json"
    result = run_cli("run", write(tmp_path, data), "--json", report)
    assert result.returncode == 0, result.stderr
    assert WARNING_PREFIX not in result.stderr
    assert [cell["source_line"] for cell in json.loads(report.read_text())["cells"]] == [
        "x = 2",
        "x * 3",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ({"nbformat": 5, "nbformat_minor": 0, "cells": []}, "Unsupported nbformat version 5"),
        ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}, "'cells' is not a list"),
        ({"nbformat": 4, "nbformat_minor": 5, "cells": [{"source": "1"}]}, "cell #1 has no"),
        (
            {"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": 1}]},
            "the source of cell #1 is not text",
        ),
    ],
)
def test_what_nbformat_cannot_read_is_refused_in_one_line(tmp_path, content, reason):
    path = write(tmp_path, content)
    result = run_cli("run", path)
    assert result.returncode == 2
    assert error_line(result).startswith(f"{path} is not a valid notebook: ")
    assert reason in error_line(result)
    assert result.stdout == ""
    assert [line for line in result.stderr.splitlines() if not line.startswith(ERROR_PREFIX)] == []

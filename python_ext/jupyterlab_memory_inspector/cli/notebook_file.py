"""Reading the notebook file: whatever ``jupyter execute`` runs, normalized as nbformat does.

nbformat reads many files that its schema calls invalid (a 4.4 notebook whose cells carry ids,
a 4.5 one without them, metadata of the wrong type) and ``jupyter execute`` runs them. Here
such a file is read the same way, brought to nbformat 4.5 with nbformat's own upgrade and
normalization, and what was changed is said once; only a file that nbformat cannot read, or
whose cells nbclient could not run (a cell without a type, a source that is not text), is
refused.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import upgrade
from nbformat.v4.nbbase import random_cell_id
from nbformat.validator import iter_validate, normalize

from ..text import shorten
from .messages import CommandError

# The schema's definition of a cell id (nbformat.v4.5.schema.json, "cell_id").
_CELL_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}")


class _Unrunnable(Exception):
    """nbformat read the file, but nbclient could not run it: it names the cell and why."""


@dataclass
class NotebookFile:
    """The notebook as it will run, and what was changed to make it valid (empty if nothing)."""

    notebook: NotebookNode
    changes: list[str] = field(default_factory=list)
    # The schema's first complaint that normalizing did not answer; nbformat reads such a
    # file, nbclient runs it, and so does the command.
    invalid: str | None = None

    def warning(self, name: str) -> str | None:
        """The one line that says what was wrong with the file, if anything."""
        if not self.changes:
            return (
                None
                if self.invalid is None
                else f"{name} is not valid ({self.invalid}), run as it is"
            )
        normalized = f"{name} is not quite valid, normalized as nbformat does: "
        normalized += "; ".join(self.changes)
        if self.invalid is not None:
            normalized += f"; still not valid ({self.invalid}), run as it is"
        return normalized


def read_notebook(path: Path) -> NotebookFile:
    """The notebook at `path`, normalized; a CommandError says why it cannot be read."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CommandError(f"no such notebook: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a notebook") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CommandError(f"cannot read {path}: {err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CommandError(
            f"{path} is not a notebook: invalid JSON at line {err.lineno}, "
            f"column {err.colno} ({err.msg})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise CommandError(f"{path} is not a notebook: it has no 'nbformat' version")
    changes: list[str] = []
    try:
        if data["nbformat"] == 4:
            _complete(data, changes)
        notebook = nbformat.reader.reads(json.dumps(data) if changes else text)
        notebook = nbformat.convert(notebook, 4)
        _check_cells(notebook.cells)
        notebook = _normalize(notebook, changes)
        invalid = _first_error(notebook)
    except Exception as err:  # noqa: BLE001  (nbformat raises many kinds for a malformed file)
        raise CommandError(f"{path} is not a valid notebook: {_first(err)}") from None
    return NotebookFile(notebook, changes, invalid)


def _complete(data: dict[str, Any], changes: list[str]) -> None:
    """Add what nbformat's reader and nbclient need and the file lacks, as nbformat's
    constructors (``new_notebook``, ``new_code_cell``) would have written it."""
    minor = data.get("nbformat_minor")
    if not isinstance(minor, int) or minor < 0:
        data["nbformat_minor"] = 0
        changes.append(f"nbformat_minor {minor!r} read as 0")
    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = {}
        changes.append("notebook metadata added")
    cells = data.get("cells")
    _check_cells(cells)
    added: Counter[str] = Counter()
    for cell in cells:
        defaults: dict[str, Any] = {"metadata": {}, "source": ""}
        if cell["cell_type"] == "code":
            defaults.update(outputs=[], execution_count=None)
        for key, value in defaults.items():
            if key not in cell:
                cell[key] = value
                added[key] += 1
        if not isinstance(cell["metadata"], dict):
            cell["metadata"] = {}
            added["metadata"] += 1
    changes.extend(f"{_cells(count)} without {key} got one" for key, count in added.items())


def _check_cells(cells: Any) -> None:
    """What nbclient reads of every cell, and cannot do without: its type and its source
    (text, or a list of lines before nbformat's reader joins them)."""
    if not isinstance(cells, list):
        raise _Unrunnable("'cells' is not a list")
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise _Unrunnable(f"cell #{number} has no cell_type")
        if not isinstance(cell.get("source", ""), (str, list)):
            raise _Unrunnable(f"the source of cell #{number} is not text")


def _normalize(notebook: NotebookNode, changes: list[str]) -> NotebookNode:
    """Bring `notebook` to nbformat 4.5 with a valid, unique id on every cell (records name
    their cell by id), then strip the metadata that the schema refuses, as nbformat does."""
    minor = notebook.nbformat_minor
    if minor < 5:
        kept = [cell.get("id") for cell in notebook.cells]
        if any(key is not None for key in kept):
            changes.append(f"cell ids, which nbformat 4.{minor} does not have, read as 4.5")
        notebook = upgrade(notebook, from_version=4, from_minor=minor)
        for cell, key in zip(notebook.cells, kept):
            if key is not None:
                cell["id"] = key
    changes.extend(_repair_ids(notebook.cells))
    kernel = notebook.metadata.get("kernelspec")
    # nbclient finds the kernel by name alone; a missing display name is no reason to drop
    # the kernelspec (and with it the kernel's name) with the invalid metadata below.
    if (
        isinstance(kernel, dict)
        and isinstance(kernel.get("name"), str)
        and not isinstance(kernel.get("display_name"), str)
    ):
        kernel["display_name"] = kernel["name"]
        changes.append("kernelspec display_name added")
    if _first_error(notebook) is None:
        return notebook
    before = _metadata_keys(notebook)
    _, stripped = normalize(notebook, strip_invalid_metadata=True)
    notebook = nbformat.from_dict(stripped)
    removed = sorted(before - _metadata_keys(notebook))
    if removed:
        changes.append(f"invalid metadata removed: {', '.join(removed)}")
    return notebook


def _repair_ids(cells: list[NotebookNode]) -> list[str]:
    """Give a new id to each cell whose id is missing, not of the schema's form, or already
    taken by an earlier cell (nbformat's ``normalize`` repairs the first and the last)."""
    seen: set[str] = set()
    missing = malformed = duplicate = 0
    for cell in cells:
        key = cell.get("id")
        if key is None:
            missing += 1
        elif not isinstance(key, str) or not _CELL_ID.fullmatch(key):
            malformed += 1
        elif key in seen:
            duplicate += 1
        else:
            seen.add(key)
            continue
        key = random_cell_id()
        while key in seen:
            key = random_cell_id()
        cell["id"] = key
        seen.add(key)
    repairs = (
        (missing, "without an id"),
        (malformed, "with an invalid id"),
        (duplicate, "with the id of an earlier cell"),
    )
    return [f"{_cells(count)} {what} got a new one" for count, what in repairs if count]


def _metadata_keys(notebook: NotebookNode) -> set[str]:
    keys = {f"notebook {key}" for key in notebook.metadata}
    for number, cell in enumerate(notebook.cells, 1):
        keys.update(f"cell #{number} {key}" for key in cell.metadata)
    return keys


def _first_error(notebook: NotebookNode) -> str | None:
    error = next(iter_validate(notebook), None)
    if error is None:
        return None
    where = "/".join(str(part) for part in getattr(error, "absolute_path", ()))
    return f"{where}: {_first(error)}" if where else _first(error)


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


def _first(err: Any) -> str:
    message = str(getattr(err, "message", None) or err)
    return shorten(" ".join(message.split()), 200)

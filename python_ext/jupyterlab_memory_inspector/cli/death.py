"""The kernel died while a cell of the run was running: name the cause from the watcher's
evidence, and give the cell a record made from the watcher's readings (`fatal_record`)."""

from __future__ import annotations

import contextlib
import subprocess
from typing import Any

from nbformat import NotebookNode

from ..death_cause import death_cause, death_message
from ..fatal_record import fatal_record
from .notebook import HeadlessRun, describe_cell
from .watcher import CellWatcher


def note_death(
    run: HeadlessRun,
    process: Any,
    watcher: CellWatcher | None,
    cell: NotebookNode,
    cell_index: int,
    *,
    wait: float,
) -> None:
    """Keep the death of the kernel `process` (a Popen, waited for up to `wait` seconds) in
    `run`, with the record of `cell`, the `cell_index`-th of the notebook."""
    returncode = None
    if process is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            returncode = process.wait(timeout=wait)
    after = watcher.read() if watcher is not None else None
    death = death_cause(
        returncode,
        watcher.highest if watcher is not None else None,
        watcher.oom_kills_before if watcher is not None else None,
        after.oom_kills if after is not None else None,
    )
    death.update(cell_id=cell.get("id"), execution_count=cell.get("execution_count"))
    run.death = death
    run.death_text = death_message(death, describe_cell(cell, cell_index))
    record = _fatal_record(run, watcher, death)
    if record is not None:
        run.records.append(record)
        run.records_by_cell[cell_index] = record


def _fatal_record(
    run: HeadlessRun, watcher: CellWatcher | None, death: dict[str, Any]
) -> dict[str, Any] | None:
    probe = run.probe
    if watcher is None or not isinstance(probe, dict):
        return None
    readings = watcher.cell
    readings.cell_id, readings.execution_count = death["cell_id"], death["execution_count"]
    pid = probe.get("pid")
    return fatal_record(
        readings,
        death,
        probe_session=str(probe.get("probe_session")),
        previous=run.records[-1] if run.records else None,
        sample_interval=watcher.period,
        pid=pid if isinstance(pid, int) else None,
    )

"""The report as CSV: one row per cell run, sizes in bytes and in words for people."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from ..death_cause import OOM_KILL
from ..leaks import LeakVerdict
from ..oom_guard import guard_message
from ..text import format_bytes
from .labels import status_text
from .model import CellRun, Report
from .outcome import death_text
from .tree import breakdown_text

GC_GENERATIONS = 3

COLUMNS = (
    "run",
    "cell_id",
    "execution_count",
    "source",
    "status",
    "start",
    "duration_s",
    "rss_before",
    "rss_after",
    "delta",
    "peak",
    "peak_above_start",
    "rss_before_human",
    "rss_after_human",
    "delta_human",
    "peak_human",
    "peak_above_start_human",
    *(f"gc_gen{gen}_collections" for gen in range(GC_GENERATIONS)),
    "gc_collected",
    "gc_uncollectable",
    "gc_pause_s",
    "tree_before",
    "tree_after",
    "tree_delta",
    "tree_peak",
    "tree_at_peak",
    "note",
    # The cell's verdict over all its runs (re-runs, --repeat), on each of its rows; empty for
    # a cell that ran once.
    "cell_runs",
    "cell_growth_per_run",
    "cell_leaking",
    "cell_keeps",
)

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(report: Report) -> str:
    """The header row, then one row per cell run, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    verdicts = {leak.cell_id: leak.verdict for leak in report.leaks}
    writer.writerows(
        _row(cell) + _verdict(verdicts.get(cell.cell_id or "")) for cell in report.cells
    )
    # A death whose cell has a run above is told there; one without (no readings of the cell,
    # or a report of an earlier version) gets a row of its own.
    told = [cell.record["death"] for cell in report.cells if _died(cell)]
    alone = [death for death in report.deaths if death not in told]
    for n, death in enumerate(alone, len(report.cells) + 1):
        writer.writerow(_death_row(n, death))
    return out.getvalue()


def _died(cell: CellRun) -> bool:
    return isinstance(cell.record.get("death"), Mapping)


def _death_row(run: int, death: Mapping[str, Any]) -> list[object]:
    """A death with no run of its cell: only what the last readings tell."""
    row: list[object] = [""] * len(COLUMNS)
    row[COLUMNS.index("run")] = run
    row[COLUMNS.index("cell_id")] = _text(str(death.get("cell_id") or ""))
    count = death.get("execution_count")
    row[COLUMNS.index("execution_count")] = count if isinstance(count, int) else ""
    row[COLUMNS.index("status")] = "killed" if death.get("cause") == OOM_KILL else "died"
    usage = death.get("usage")
    if isinstance(usage, int):
        row[COLUMNS.index("peak")] = usage
        row[COLUMNS.index("peak_human")] = format_bytes(usage)
    row[COLUMNS.index("note")] = _text(death_text(death))
    return row


def _row(cell: CellRun) -> list[object]:
    gc = cell.gc
    collections = list(gc.collections) if gc is not None else []
    per_generation = [
        collections[gen] if gen < len(collections) else ("" if gc is None else 0)
        for gen in range(GC_GENERATIONS)
    ]
    return [
        cell.run,
        _text(cell.cell_id or ""),
        "" if cell.execution_count is None else cell.execution_count,
        _text(cell.source_line or ""),
        status_text(cell.status),
        datetime.fromtimestamp(cell.start, timezone.utc).isoformat(timespec="milliseconds"),
        f"{cell.duration:.6f}",
        cell.rss_before,
        cell.rss_after,
        cell.delta,
        cell.peak,
        cell.peak_above_start,
        format_bytes(cell.rss_before),
        format_bytes(cell.rss_after),
        format_bytes(cell.delta),
        format_bytes(cell.peak),
        format_bytes(cell.peak_above_start),
        *per_generation,
        "" if gc is None else gc.collected,
        "" if gc is None else gc.uncollectable,
        "" if gc is None else f"{gc.pause:.6f}",
        cell.tree.before,
        cell.tree.after,
        cell.tree.delta,
        cell.tree.peak,
        _text(breakdown_text(cell.tree)),
        _text(_guard_note(cell.record)),
    ]


def _guard_note(record: Mapping[str, Any]) -> str:
    death = record.get("death")
    if isinstance(death, Mapping):
        return death_text(death)
    outcome = record.get("oom_guard")
    return guard_message(outcome) if isinstance(outcome, Mapping) else ""


def _verdict(verdict: LeakVerdict | None) -> list[object]:
    if verdict is None:
        return ["", "", "", ""]
    return [verdict.runs, verdict.growth_per_run, str(verdict.leaking).lower(), verdict.keeps]


def _text(value: str) -> str:
    # The user's own strings must not become formulas when the file is opened in a spreadsheet.
    return "'" + value if value.startswith(_FORMULA_START) else value

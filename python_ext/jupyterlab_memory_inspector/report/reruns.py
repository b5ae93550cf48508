"""Cells that ran more than once in a report, each with the leak rule's verdict on its runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..leaks import LeakVerdict, judge_records
from ..text import format_bytes, format_delta

if TYPE_CHECKING:
    # The report model holds these rows and builds its re-runs from them.
    from .model import CellRun


@dataclass(frozen=True)
class CellLeak:
    """One cell that ran more than once: its first run's label and source, and the verdict."""

    cell_id: str
    label: str
    source_line: str | None
    verdict: LeakVerdict


def cell_leaks(cells: Sequence[CellRun], tolerance: int) -> tuple[CellLeak, ...]:
    """Every cell with two runs or more, in the order the cells first ran."""
    # A run the kernel died in kept nothing: the leak rule has nothing to judge in it.
    runs = (cell.record for cell in cells if not cell.record.get("from_live_readings"))
    verdicts = judge_records(runs, tolerance)
    first: dict[str, CellRun] = {}
    for cell in cells:
        if cell.cell_id is not None:
            first.setdefault(cell.cell_id, cell)
    return tuple(
        CellLeak(cell_id, first[cell_id].label, first[cell_id].source_line, verdict)
        for cell_id, verdict in verdicts.items()
        if verdict.runs >= 2
    )


def leak_text(leak: CellLeak) -> str:
    """``keeps +50.0 MiB each run, likely held by ...`` or ``grows +12.0 KiB per run: no leak
    (noise up to 2.00 MiB)``: the same words in every rendering."""
    verdict = leak.verdict
    if verdict.leaking:
        text = f"keeps {format_delta(verdict.keeps)} each run"
        holder = verdict.holder
        if holder is not None:
            text += f", likely held by {holder_text(holder.kind, holder.name, holder.type)}"
        return text
    return (
        f"grows {format_delta(verdict.growth_per_run)} per run: no leak "
        f"(noise up to {format_bytes(verdict.tolerance)})"
    )


def holder_text(kind: str, name: str, type_name: str) -> str:
    """The likely holder in words."""
    if kind == "output_cache":
        return "IPython's output history" if name == "Out" else f"IPython's output history ({name})"
    if kind == "exception":
        return "the last error"
    short = type_name.rsplit(".", 1)[-1]
    return f"{name} ({short} that grows)" if short else name


def retained_text(verdict: LeakVerdict) -> str:
    """Each run's retained memory: ``+50.0 MiB, +50.0 MiB, +50.0 MiB``."""
    return ", ".join(format_delta(value) for value in verdict.retained)

"""How the session ended, for every rendering: the cells the out-of-memory guard stopped, the
kernel's death (the fatal cell), and the size of machine the notebook needs.

Right-sizing takes the highest peak of the session: the process tree's (``tree``) where the
record has it, else the kernel's own. A run cut short by an out-of-memory kill needed more than
the group held when the kernel was killed: the line then says "more than", from that reading.
So does a run in which the guard stopped a cell before it finished: that cell needed more than
it had reached.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..death_cause import OOM_KILL, death_message
from ..oom_guard import guard_message
from ..text import format_bytes
from .tree import tree_figures

if TYPE_CHECKING:
    from .model import Report

HEADROOM = 0.25
"""Room above the peak in the size stated: the peak of a run varies with its data and timing."""

# Sizes are stated in steps of this: containers and machines come in round sizes.
SIZE_STEP = 256 * 1024 * 1024


@dataclass(frozen=True)
class RightSize:
    """The most memory the notebook needed, and the container or machine size that runs it."""

    peak: int
    peak_of: str
    run: int | None
    headroom: float
    size: int


def right_size(
    records: Sequence[Mapping[str, Any]], death: Mapping[str, Any] | None
) -> RightSize | None:
    """The right size for the session's records; None with no records and no death."""
    tree = any(isinstance(record.get("tree"), Mapping) for record in records)
    peaks = [
        (tree_figures(record).peak, n, "tree" if tree else "kernel")
        for n, record in enumerate(records, 1)
    ]
    if death is not None and isinstance(death.get("usage"), int) and death["cause"] == OOM_KILL:
        peaks.append((int(death["usage"]), None, "killed"))
    if not peaks:
        return None
    peak, run, of = max(peaks, key=lambda item: (item[0], item[2] == "killed"))
    if of != "killed" and any(isinstance(record.get("oom_guard"), Mapping) for record in records):
        of = "stopped"
    size = math.ceil(peak * (1 + HEADROOM) / SIZE_STEP) * SIZE_STEP
    return RightSize(peak, of, run, HEADROOM, max(size, SIZE_STEP))


def right_size_text(size: RightSize) -> str:
    """One line that CI logs can show."""
    if size.peak_of in ("killed", "stopped"):
        when = (
            "its memory group when the kernel was killed"
            if size.peak_of == "killed"
            else "the highest peak, with a cell stopped by the out-of-memory guard"
        )
        return (
            f"memory needed: more than {format_bytes(size.peak)} ({when}, before the notebook "
            f"finished); give it more than {format_bytes(size.size)}"
        )
    what = "its processes" if size.peak_of == "tree" else "the kernel"
    return (
        f"memory needed: {format_bytes(size.peak)} at the most ({what}); a container or machine "
        f"of {format_bytes(size.size)} runs it with {size.headroom:.0%} headroom"
    )


def guard_lines(records: Sequence[Mapping[str, Any]], labels: Sequence[str]) -> list[str]:
    """One line per cell that the guard interrupted; `labels` name the runs in order."""
    return [
        f"{label}: {guard_message(record['oom_guard'])}"
        for record, label in zip(records, labels)
        if isinstance(record.get("oom_guard"), Mapping)
    ]


def death_text(death: Mapping[str, Any]) -> str:
    """The death of the kernel and its cell, in one line."""
    count = death.get("execution_count")
    cell = f"cell [{count}]" if isinstance(count, int) else "a cell"
    return death_message(dict(death), cell)


def fatal_run_text(death: Mapping[str, Any], label: str) -> str:
    """``killed at 698 MiB of 700 MiB while running [2]: out of memory``: the status of the run
    the kernel died in, from its last readings."""
    usage, limit = death.get("usage"), death.get("limit")
    at = ""
    if isinstance(usage, int) and isinstance(limit, int):
        at = f" at {format_bytes(usage)} of {format_bytes(limit)}"
    if death.get("cause") == OOM_KILL:
        return f"killed{at} while running {label}: out of memory"
    return f"died{at} while running {label}: {death.get('evidence') or 'exit status unknown'}"


def outcome_lines(report: Report) -> list[str]:
    """The cells the guard stopped, each death of the kernel, then the right size: every
    format's."""
    lines = guard_lines([cell.record for cell in report.cells], [c.label for c in report.cells])
    lines += [death_text(death) for death in report.deaths]
    if report.right_size is not None:
        lines.append(right_size_text(report.right_size))
    return lines

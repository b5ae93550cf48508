"""The record of the cell the kernel died in, made from the last live readings.

The probe builds a cell's record when the cell ends; a cell that kills the kernel never ends,
so the server and the command line, which read the kernel's memory from outside while it runs,
make the record themselves: before from the reading at the cell's start (or the previous
record's after), peak from the highest reading while it ran, after from the last reading. What
only the probe can measure (the collector, the heap, the variables) is left empty, and
``from_live_readings`` says so. The record is valid against cell-record.schema.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# cell-record.schema.json's version.
SCHEMA_VERSION = 1


@dataclass
class CellReadings:
    """The live readings of one running cell, oldest first: the kernel's RSS and its tree's."""

    msg_id: str | None
    start: float
    cell_id: str | None = None
    execution_count: int | None = None
    kernel: list[int] = field(default_factory=list)
    tree: list[int] = field(default_factory=list)
    end: float | None = None

    def add(self, when: float, kernel: int, tree: int | None = None) -> None:
        """A reading taken at `when` (seconds since the epoch)."""
        self.kernel.append(kernel)
        self.tree.append(kernel if tree is None else tree)
        self.end = when


def fatal_record(
    readings: CellReadings,
    death: Mapping[str, Any],
    *,
    probe_session: str,
    previous: Mapping[str, Any] | None,
    sample_interval: float,
    pid: int | None = None,
) -> dict[str, Any] | None:
    """The fatal cell's record (schema: CellRecord, with ``death``); None when nothing was read.

    `previous` is the probe's last record of the same session, if any: its after stands for the
    cell's before when no reading was taken at the cell's start, and its limit and host for the
    cell's (the probe read them; the kernel cannot be asked again).
    """
    if previous is not None and previous.get("probe_session") != probe_session:
        previous = None
    if readings.kernel:
        kernel, tree = readings.kernel, readings.tree
    elif previous is not None:
        kernel = tree = [int(previous["rss_after"])]
    else:
        return None
    before, after = kernel[0], kernel[-1]
    end = readings.end if readings.end is not None else readings.start
    peak_at = max(range(len(tree)), key=tree.__getitem__)
    known = previous or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "probe_session": probe_session,
        "cell_id": readings.cell_id,
        "execution_count": readings.execution_count,
        "msg_id": readings.msg_id,
        # The closest the record's status comes to "killed": the run did not end well; the
        # death says how.
        "status": "error",
        "raised": False,
        "start": readings.start,
        "end": max(end, readings.start),
        "duration": max(0.0, end - readings.start),
        "rss_before": before,
        "rss_after": after,
        "rss_delta": after - before,
        "peak": max(before, *kernel),
        "peak_method": "sampling",
        "tree": {
            "before": tree[0],
            "after": tree[-1],
            "peak": max(tree),
            "method": "kernel" if tree == kernel else "rss_uss",
            "sample_interval": sample_interval,
            "processes": _kernel_process(pid, after, kernel[peak_at]),
        },
        "probe_time": 0.0,
        "gc": _unmeasured_gc(known.get("gc")),
        "heap": None,
        "limit": known.get("limit") or {"bytes": None, "source": None},
        "host": known.get("host") or {"total": None, "available": None},
        "variables": {
            "items": [],
            "partial": True,
            "scanned": 0,
            "total": 0,
            "elapsed": 0.0,
            "budget": 0.0,
        },
        "death": dict(death),
        "from_live_readings": True,
    }


def _kernel_process(pid: int | None, memory: int, at_peak: int) -> list[dict[str, Any]]:
    if pid is None:
        return []
    return [{"pid": pid, "name": "kernel", "kernel": True, "memory": memory, "at_peak": at_peak}]


def _unmeasured_gc(previous: Any) -> dict[str, Any]:
    """The collector's settings as last known, and no activity: none could be counted."""
    known = previous if isinstance(previous, Mapping) else {}
    return {
        "enabled": bool(known.get("enabled", True)),
        "thresholds": list(known.get("thresholds") or []),
        "counts": [],
        "frozen": int(known.get("frozen") or 0),
        "collections": [],
        "collected": 0,
        "uncollectable": 0,
        "pause": 0.0,
    }

"""A cell run's process tree for the reports: the kernel with its workers and subprocesses.

Records of earlier probes have no ``tree``: for them the kernel's own figures stand for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..text import format_bytes


@dataclass(frozen=True)
class TreeProcess:
    """One process of the tree; `memory` at the cell's end, `at_peak` at the tree's peak."""

    pid: int
    name: str
    kernel: bool
    memory: int | None
    at_peak: int | None


@dataclass(frozen=True)
class TreeFigures:
    """The tree's memory over one cell run, the figures that reports and budgets use."""

    before: int
    after: int
    delta: int
    peak: int
    peak_above_start: int
    method: str
    processes: tuple[TreeProcess, ...]

    @property
    def descendants(self) -> tuple[TreeProcess, ...]:
        """The processes other than the kernel."""
        return tuple(process for process in self.processes if not process.kernel)


def tree_figures(record: Mapping[str, Any]) -> TreeFigures:
    """The tree of `record`, or the kernel's figures when the record has none."""
    tree = record.get("tree")
    if not isinstance(tree, Mapping):
        before, after, peak = (int(record[key]) for key in ("rss_before", "rss_after", "peak"))
        return TreeFigures(before, after, after - before, peak, max(0, peak - before), "kernel", ())
    before, after, peak = (int(tree[key]) for key in ("before", "after", "peak"))
    return TreeFigures(
        before=before,
        after=after,
        delta=after - before,
        peak=peak,
        peak_above_start=max(0, peak - before),
        method=str(tree.get("method", "")),
        processes=tuple(
            _process(item) for item in tree.get("processes") or () if isinstance(item, Mapping)
        ),
    )


def _process(item: Mapping[str, Any]) -> TreeProcess:
    memory, at_peak = item.get("memory"), item.get("at_peak")
    return TreeProcess(
        pid=int(item.get("pid") or 0),
        name=str(item.get("name") or ""),
        kernel=bool(item.get("kernel")),
        memory=int(memory) if isinstance(memory, (int, float)) else None,
        at_peak=int(at_peak) if isinstance(at_peak, (int, float)) else None,
    )


def breakdown_text(tree: TreeFigures) -> str:
    """``kernel 1.2 GiB, pid 4242 loky worker 410 MiB`` at the tree's peak; empty without
    descendants."""
    if not tree.descendants:
        return ""
    return ", ".join(
        f"{'' if process.kernel else f'pid {process.pid} '}{process.name} "
        f"{format_bytes(process.at_peak if process.at_peak is not None else process.memory or 0)}"
        for process in tree.processes
    )

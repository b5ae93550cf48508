"""What the garbage collector did during a cell, from ``gc.callbacks``, and its state after.

The callbacks see every collection, including those triggered by C code while the GIL is held,
for one to two microseconds each (under 1 % of allocation-heavy code, see ``benchmarks/``);
``gc.get_stats()`` gives only totals since the process started.
"""

from __future__ import annotations

import gc
import time
from typing import Any


class GcWatch:
    """Counts collections, objects collected, uncollectable objects and pause time."""

    def __init__(self) -> None:
        self._collections = [0, 0, 0]
        self._collected = 0
        self._uncollectable = 0
        self._pause = 0.0
        self._started_at = 0.0
        self._installed = False

    def install(self) -> None:
        """Start listening to the collector."""
        if not self._installed:
            gc.callbacks.append(self._on_gc)
            self._installed = True

    def uninstall(self) -> None:
        """Stop listening to the collector."""
        if self._installed:
            if self._on_gc in gc.callbacks:
                gc.callbacks.remove(self._on_gc)
            self._installed = False

    def start_cell(self) -> None:
        """Forget the previous cell's activity."""
        self._collections = [0, 0, 0]
        self._collected = 0
        self._uncollectable = 0
        self._pause = 0.0

    def report(self) -> dict[str, Any]:
        """The cell's activity and the collector's state now (schema: GcReport)."""
        freeze_count = getattr(gc, "get_freeze_count", None)
        return {
            "enabled": gc.isenabled(),
            "thresholds": list(gc.get_threshold()),
            "counts": list(gc.get_count()),
            "frozen": freeze_count() if freeze_count is not None else 0,
            "collections": list(self._collections),
            "collected": self._collected,
            "uncollectable": self._uncollectable,
            "pause": self._pause,
        }

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        # Runs inside the collector: no allocation-heavy work, and never raise.
        if phase == "start":
            self._started_at = time.perf_counter()
            return
        generation = info.get("generation", 0)
        if 0 <= generation < len(self._collections):
            self._collections[generation] += 1
        self._collected += info.get("collected", 0)
        self._uncollectable += info.get("uncollectable", 0)
        if self._started_at:
            self._pause += time.perf_counter() - self._started_at
            self._started_at = 0.0

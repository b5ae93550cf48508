"""tracemalloc on request: the cell's traced current and peak, and its top allocating lines.

Tracing slows allocation-heavy code several times over, so it is off until the user asks, with
1 frame per allocation by default and never more than 3 (about 22 frames of kernel machinery
sit under every cell; keeping them costs hundreds of times over). Top lines come from one
snapshot filtered to the cell's own code, never a diff of two snapshots, and only while the
trace table is small enough for that snapshot to be quick.
"""

from __future__ import annotations

import linecache
import tracemalloc
from typing import Any

from .contract import MAX_NFRAMES

TOP_LINES = 10

# tracemalloc's own bookkeeping grows ~66 MiB per million traced blocks, and a snapshot copies
# them all: above this, listing lines would cost the user a noticeable pause on every cell.
SNAPSHOT_LIMIT = 16 * 2**20


class HeapTrace:
    """Turns tracing on and off, and reports each cell's traced figures while it is on."""

    def __init__(self, shell: Any) -> None:
        self._shell = shell
        self._started_by_probe = False
        self._start = 0

    @property
    def tracing(self) -> bool:
        """Whether tracemalloc traces now (the probe's doing or the user's)."""
        return tracemalloc.is_tracing()

    @property
    def nframes(self) -> int:
        """Frames kept per allocation while tracing."""
        return tracemalloc.get_traceback_limit()

    def configure(self, enabled: bool, nframes: int) -> None:
        """Start or stop tracing; a tracing the user started is left to the user to stop."""
        nframes = max(1, min(MAX_NFRAMES, int(nframes)))
        if enabled:
            if tracemalloc.is_tracing():
                if not self._started_by_probe or tracemalloc.get_traceback_limit() == nframes:
                    return
                # Only a new start takes a new frame count, and stopping drops the traces so
                # far. The user changed the count to see the next cells with it: each earlier
                # cell's figures are already in its record, and a cell's top lines come from
                # blocks it allocated itself, so what is lost is only the attribution of
                # blocks still alive from before (the traced heap starts again from zero).
                tracemalloc.stop()
            tracemalloc.start(nframes)
            self._started_by_probe = True
        elif self._started_by_probe:
            tracemalloc.stop()
            self._started_by_probe = False

    def start_cell(self) -> None:
        """Note the traced size at the cell's start and restart the peak from it."""
        if tracemalloc.is_tracing():
            self._start = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()

    def report(self, execution_count: int | None) -> dict[str, Any] | None:
        """The cell's figures (schema: HeapReport), or None while tracing is off."""
        if not tracemalloc.is_tracing():
            return None
        current, peak = tracemalloc.get_traced_memory()
        lines, note = self._top_lines(execution_count)
        return {
            "start": self._start,
            "current": current,
            "peak": peak,
            "nframes": tracemalloc.get_traceback_limit(),
            "top_lines": lines,
            "top_lines_note": note,
        }

    def _cell_files(self, execution_count: int | None) -> set[str]:
        # IPython's compiler maps each cell's code name to the execution count it ran under.
        names = getattr(getattr(self._shell, "compile", None), "_filename_map", None)
        if execution_count is None or not isinstance(names, dict):
            return set()
        return {name for name, count in dict.items(names) if count == execution_count}

    def _top_lines(self, execution_count: int | None) -> tuple[list[dict[str, Any]], str | None]:
        files = self._cell_files(execution_count)
        if not files:
            return [], "the cell's code could not be found"
        if tracemalloc.get_tracemalloc_memory() > SNAPSHOT_LIMIT:
            return [], "too many traced blocks to list the cell's lines without a long pause"
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, name, all_frames=True) for name in files]
        )
        by_line: dict[tuple[str, int], list[int]] = {}
        for trace in snapshot.traces:
            # The innermost frame in the cell's own code is the line the user wrote.
            for frame in trace.traceback:
                if frame.filename in files:
                    totals = by_line.setdefault((frame.filename, frame.lineno), [0, 0])
                    totals[0] += trace.size
                    totals[1] += 1
                    break
        ranked = sorted(by_line.items(), key=lambda item: item[1][0], reverse=True)[:TOP_LINES]
        lines = [
            {
                "line": lineno,
                "source": linecache.getline(filename, lineno).strip(),
                "size": size,
                "count": count,
            }
            for (filename, lineno), (size, count) in ranked
        ]
        return lines, None if lines else "no traced memory is held by the cell's lines"

"""Runs inside a kernel whose tracemalloc traced the probe from before its install: what memory
the probe's code holds now.

`soak.py` sends this file's source with a call of `measure` appended, through a silent request
(which fires no cell hook) into a namespace of its own. A block counts as the probe's when a
frame of the probe's code (files named ``<memory-inspector-probe/...>``, as the loader compiles
them) is among the frames tracemalloc kept of its traceback: made by the probe, or by a
library function that the probe called, within that many frames.
"""

from __future__ import annotations

import sys
import tracemalloc
from typing import Any

PROBE_PACKAGE = "_jupyterlab_memory_inspector_probe"
PROBE_PREFIX = "<memory-inspector-probe/"
LOADER_FILE = "<memory-inspector-loader>"


def _state() -> dict[str, int]:
    """How many entries the probe's own tables hold: they must not grow cell after cell."""
    watch = sys.modules[PROBE_PACKAGE].active().watch
    scanner = watch._scanner
    return {
        "size_cache": len(scanner._cache),
        "name_bindings": len(scanner._bound),
        "listed": len(scanner._listed),
        "cells_in_flight": len(watch._pending),
        "hook_errors": watch.errors,
    }


def measure(top: int) -> dict[str, Any]:
    """Bytes and blocks held by the probe's code, with and without the loader's work (the
    compiled code objects), its largest lines, and the size of its tables."""
    snapshot = tracemalloc.take_snapshot()
    # The raw traces, (domain, size, frames, total frames) with frames most recent first, read
    # in one pass: Snapshot.filter_traces matches every frame with fnmatch and takes about a
    # minute a checkpoint here.
    raw = snapshot.traces._traces  # type: ignore[attr-defined]
    lines: dict[tuple[str, int], list[int]] = {}
    loader_bytes = 0
    for _, size, frames, _ in raw:
        line = _innermost_probe_line(frames)
        if line is not None:
            totals = lines.setdefault(line, [0, 0])
            totals[0] += size
            totals[1] += 1
        elif any(filename == LOADER_FILE for filename, _ in frames):
            loader_bytes += size
    probe_bytes = sum(size for size, _ in lines.values())
    ranked = sorted(lines.items(), key=lambda item: -item[1][0])[:top]
    return {
        "probe_bytes": probe_bytes,
        "probe_blocks": sum(count for _, count in lines.values()),
        "with_loader_bytes": probe_bytes + loader_bytes,
        "traced_bytes": tracemalloc.get_traced_memory()[0],
        "tracemalloc_overhead_bytes": tracemalloc.get_tracemalloc_memory(),
        "top_lines": [
            {"file": file, "line": line, "bytes": size, "blocks": count}
            for (file, line), (size, count) in ranked
        ],
        "state": _state(),
    }


def _innermost_probe_line(frames: tuple[tuple[str, int], ...]) -> tuple[str, int] | None:
    """The innermost line of the probe's code among a block's frames, if any."""
    for filename, lineno in frames:
        if filename.startswith(PROBE_PREFIX):
            return filename[len(PROBE_PREFIX) : -1], lineno
    return None

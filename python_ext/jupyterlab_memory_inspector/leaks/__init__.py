"""Leaks across re-runs: the one rule that says a cell keeps memory each time it runs.

Pure Python over cell records, so that the command line (``--repeat``) and the server (each
kernel's history) judge a cell the same way.
"""

from __future__ import annotations

from .rule import (
    DEFAULT_TOLERANCE,
    MIN_GROWTHS,
    CellRuns,
    LeakHolder,
    LeakVerdict,
    judge,
    judge_records,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "MIN_GROWTHS",
    "CellRuns",
    "LeakHolder",
    "LeakVerdict",
    "judge",
    "judge_records",
]

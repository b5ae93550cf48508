"""``run --repeat N [--cells RANGE] [--leak-budget SIZE]``: the same cells N times in one kernel.

The cells before the range run once, to set up what the range needs (imports, data); the range
then runs N times in a row. What each cell keeps run after run is judged by the leak rule
(leaks/), the same rule that the server applies to cells re-run in JupyterLab.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from nbformat import NotebookNode

from ..report.model import Report
from ..report.reruns import CellLeak, retained_text
from ..text import format_bytes, format_delta, printable, shorten
from .messages import CommandError
from .notebook import cells_to_run


def parse_range(text: str) -> list[tuple[int, int]]:
    """``2-4,7`` -> [(2, 4), (7, 7)]: code cells numbered from 1, in notebook order."""
    spans = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        try:
            span = (int(first), int(last or first))
        except ValueError:
            span = (0, 0)
        if span[0] < 1 or span[1] < span[0]:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a range of code cells: write 3, 2-4 or 1,3-5 (from 1)"
            )
        spans.append(span)
    return spans


def repeat_plan(
    notebook: NotebookNode, repeat: int, cells: list[tuple[int, int]] | None
) -> list[int]:
    """The cell indexes to execute, in order: the set-up cells once, then the range N times."""
    code = cells_to_run(notebook)
    if cells is None:
        return code * repeat
    wanted = sorted({n for first, last in cells for n in range(first, last + 1)})
    if wanted[-1] > len(code):
        raise CommandError(
            f"--cells: the notebook has {len(code)} code cells, there is no cell {wanted[-1]}"
        )
    chosen = [code[n - 1] for n in wanted]
    setup = [index for index in code if index < chosen[0]]
    return setup + chosen * repeat


@dataclass(frozen=True)
class LeakExcess:
    """A cell whose memory grew by more than the leak budget per repeat."""

    leak: CellLeak
    budget: int

    def message(self) -> str:
        """``cell [2] "x.append(...)" kept +50.0 MiB per repeat: over the leak budget ...``"""
        line = self.leak.source_line
        source = f' "{printable(shorten(line, 60))}"' if line else ""
        verdict = self.leak.verdict
        return (
            f"cell {self.leak.label}{source} kept {format_delta(verdict.growth_per_run)} per "
            f"repeat (each run: {retained_text(verdict)}): over the leak budget of "
            f"{format_bytes(self.budget)}"
        )


def check_leak_budget(report: Report, budget: int | None) -> list[LeakExcess]:
    """Every cell whose mean growth per repeat (after its first run) exceeds `budget`."""
    if budget is None:
        return []
    return [
        LeakExcess(leak, budget) for leak in report.leaks if leak.verdict.growth_per_run > budget
    ]

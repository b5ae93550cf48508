"""Memory budgets for CI: the most a cell may add, and the highest the kernel may peak.

Both count the kernel's process tree (its workers and subprocesses too), as the reports do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..report.model import CellRun, Report
from ..text import format_bytes, printable, shorten

CELL = "cell"
PEAK = "peak"


@dataclass(frozen=True)
class BudgetExcess:
    """One cell run over one budget."""

    cell: CellRun
    budget_kind: str
    value: int
    budget: int

    @property
    def over(self) -> int:
        """By how much the budget was exceeded, in bytes."""
        return self.value - self.budget

    def message(self) -> str:
        """``cell [3] "x = load()" grew memory by 512 MiB: 312 MiB over the cell budget of ...``"""
        source = (
            f' "{printable(shorten(self.cell.source_line, 60))}"' if self.cell.source_line else ""
        )
        what = (
            f"grew memory by {format_bytes(self.value)}"
            if self.budget_kind == CELL
            else f"peaked at {format_bytes(self.value)}"
        )
        return (
            f"cell {self.cell.label}{source} {what}: {format_bytes(self.over)} over the "
            f"{self.budget_kind} budget of {format_bytes(self.budget)}"
        )


def check_budgets(
    report: Report, cell_budget: int | None, peak_budget: int | None
) -> list[BudgetExcess]:
    """Every cell run whose change exceeds `cell_budget` or whose peak exceeds `peak_budget`."""
    excesses = []
    for cell in report.cells:
        tree = cell.tree
        if cell_budget is not None and tree.delta > cell_budget:
            excesses.append(BudgetExcess(cell, CELL, tree.delta, cell_budget))
        if peak_budget is not None and tree.peak > peak_budget:
            excesses.append(BudgetExcess(cell, PEAK, tree.peak, peak_budget))
    return excesses

"""Memory budgets for CI: the most a cell may add, and the highest the kernel may peak.

Both count the kernel's process tree (its workers and subprocesses too), as the reports do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..report.model import CellRun, Report
from ..text import format_bytes, parse_size, printable, shorten

CELL = "cell"
PEAK = "peak"
OWN = "cell's own"


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
            if self.budget_kind in (CELL, OWN)
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


# Budgets in the notebook (issue 16): a cell's own limit on what it may add, kept with the cell.
# The frontend's badge menu writes the metadata; a tag is easier to type by hand.
BUDGET_METADATA = "memory_budget"
BUDGET_TAG = "memory-budget="


def cell_budget_text(cell: Mapping[str, Any]) -> str | None:
    """The budget a cell carries, as written: its metadata's, else its tag's, else None."""
    metadata = cell.get("metadata") or {}
    written = metadata.get(BUDGET_METADATA)
    if written is not None:
        return str(written)
    for tag in metadata.get("tags") or ():
        if isinstance(tag, str) and tag.startswith(BUDGET_TAG):
            return tag[len(BUDGET_TAG) :]
    return None


def notebook_budgets(cells: list[Mapping[str, Any]]) -> dict[str, int]:
    """Each code cell's own budget in bytes, by cell id. Raises ValueError naming the cell and
    the value when a budget does not parse."""
    budgets = {}
    for number, cell in enumerate(cells, 1):
        text = cell_budget_text(cell)
        if text is None or cell.get("cell_type") != "code":
            continue
        try:
            budgets[str(cell.get("id"))] = parse_size(text)
        except ValueError as err:
            raise ValueError(f"cell #{number}: its memory budget {text!r}: {err}") from None
    return budgets


def check_own_budgets(report: Report, budgets: Mapping[str, int]) -> list[BudgetExcess]:
    """Every run of a cell that added more than the budget the cell carries."""
    return [
        BudgetExcess(cell, OWN, cell.delta, budgets[cell.cell_id])
        for cell in report.cells
        if cell.cell_id in budgets and cell.delta > budgets[cell.cell_id]
    ]

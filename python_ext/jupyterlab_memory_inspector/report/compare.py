"""Two reports side by side: each cell's peak and retained memory, matched between them.

Cells are matched by cell id first, then (among the rest) by their first line of source, then
by position among the cells still unmatched; each pair says which matched it, because a
position match after cells were inserted may pair the wrong cells. Reports are read as JSON
data (report.schema.json), so a report written by an older version compares too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..leaks import DEFAULT_TOLERANCE

BY_ID = "id"
BY_SOURCE = "source"
BY_POSITION = "position"


@dataclass(frozen=True)
class CellFigures:
    """One cell of a report: its highest peak and all it retained, over all its runs."""

    cell_id: str | None
    label: str
    source_line: str | None
    position: int
    peak: int
    retained: int


@dataclass(frozen=True)
class CellPair:
    """A cell in both reports (`matched_by` says how), or in one of them only."""

    base: CellFigures | None
    new: CellFigures | None
    matched_by: str | None

    @property
    def name(self) -> CellFigures:
        """The figures that name the cell: the new report's when it has the cell."""
        named = self.new or self.base
        assert named is not None  # a pair holds at least one side
        return named


@dataclass(frozen=True)
class Increase:
    """A matched cell whose peak or retained memory grew beyond the tolerance."""

    pair: CellPair
    what: str
    base: int
    new: int


def report_cells(report: Mapping[str, Any]) -> list[CellFigures]:
    """Each cell of a JSON report, in the order the cells first ran."""
    figures: dict[str, dict[str, Any]] = {}
    for number, run in enumerate(report.get("cells") or ()):
        key = run.get("cell_id") or f"#run{number}"
        cell = figures.setdefault(
            key,
            {
                "cell_id": run.get("cell_id"),
                "label": _label(run),
                "source_line": run.get("source_line"),
                "position": len(figures),
                "peak": 0,
                "retained": 0,
            },
        )
        cell["peak"] = max(cell["peak"], int(run["peak"]))
        cell["retained"] += int(run["delta"])
    return [CellFigures(**cell) for cell in figures.values()]


def match_cells(base: Sequence[CellFigures], new: Sequence[CellFigures]) -> list[CellPair]:
    """The pairs in the new report's order, then the base's cells that found no partner."""
    partner: dict[int, tuple[int, str]] = {}  # new position -> (base position, how)
    taken: set[int] = set()

    def pair_by(key: Any, how: str) -> None:
        free = {}
        for cell in base:
            value = key(cell)
            if cell.position not in taken and value is not None:
                free.setdefault(value, cell.position)
        for cell in new:
            value = key(cell)
            if cell.position in partner or value is None or value not in free:
                continue
            partner[cell.position] = (free.pop(value), how)
            taken.add(partner[cell.position][0])

    pair_by(lambda cell: cell.cell_id, BY_ID)
    pair_by(lambda cell: cell.source_line or None, BY_SOURCE)
    rest_base = [cell.position for cell in base if cell.position not in taken]
    rest_new = [cell.position for cell in new if cell.position not in partner]
    for new_position, base_position in zip(rest_new, rest_base):
        partner[new_position] = (base_position, BY_POSITION)
        taken.add(base_position)
    pairs = [
        CellPair(base[partner[cell.position][0]], cell, partner[cell.position][1])
        if cell.position in partner
        else CellPair(None, cell, None)
        for cell in new
    ]
    pairs += [CellPair(cell, None, None) for cell in base if cell.position not in taken]
    return pairs


def increases(
    pairs: Sequence[CellPair], tolerance: float, floor: int = DEFAULT_TOLERANCE
) -> list[Increase]:
    """Each matched cell's peak or retained memory that grew by more than `tolerance` (a
    fraction of the base) and by more than `floor` bytes, the run-to-run noise: retained memory
    near zero would otherwise fail on any jitter."""
    found = []
    for pair in pairs:
        if pair.base is None or pair.new is None:
            continue
        for what in ("peak", "retained"):
            before, after = getattr(pair.base, what), getattr(pair.new, what)
            grew = after - before
            if grew > floor and grew > tolerance * abs(before):
                found.append(Increase(pair, what, before, after))
    return found


def _label(run: Mapping[str, Any]) -> str:
    count = run.get("execution_count")
    return f"[{count}]" if count is not None else f"run {run.get('run')}"

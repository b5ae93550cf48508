"""Two reports compared, for a terminal and as Markdown for a pull-request comment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable

from ..text import format_bytes, format_delta, printable, shorten
from .compare import CellFigures, CellPair, Increase
from .markdown import md_code, md_text

SOURCE_WIDTH = 40
_HEADERS = ("cell", "source", "matched by", "peak", "Δ peak", "retained", "Δ retained")
_RIGHT = (False, False, False, True, True, True, True)


def compare_table(pairs: Sequence[CellPair], increases: Sequence[Increase]) -> str:
    """One line per cell, then each increase beyond the tolerance in words."""
    rows = [_HEADERS, *(_cells(pair, plain=True) for pair in pairs)]
    widths = [max(len(row[col]) for row in rows) for col in range(len(_HEADERS))]
    lines = [
        "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(row, widths, _RIGHT)
        ).rstrip()
        for row in rows
    ]
    return "\n".join([*lines, "", *_verdict(increases)]) + "\n"


def compare_markdown(
    base_name: str, new_name: str, pairs: Sequence[CellPair], increases: Sequence[Increase]
) -> str:
    """A heading, the table, and the increases: fit for a pull-request comment."""
    rows = [_cells(pair, plain=False) for pair in pairs]
    lines = [
        f"## Memory: {md_text(new_name)} against {md_text(base_name)}",
        "",
        "| " + " | ".join(_HEADERS) + " |",
        "| --- | --- | --- | --: | --: | --: | --: |",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        *(md_text(line) for line in _verdict(increases)),
    ]
    return "\n".join(lines) + "\n"


def increase_text(increase: Increase) -> str:
    """``cell [3] "x = load()": peak 1.00 GiB -> 1.30 GiB (+30%)``"""
    cell = increase.pair.name
    source = f' "{printable(shorten(cell.source_line, 60))}"' if cell.source_line else ""
    return (
        f"cell {cell.label}{source}: {increase.what} {format_bytes(increase.base)} -> "
        f"{format_bytes(increase.new)} ({_percent(increase.base, increase.new)})"
    )


def _verdict(increases: Sequence[Increase]) -> list[str]:
    if not increases:
        return ["No cell's peak or retained memory grew beyond the tolerance."]
    return [f"grew beyond the tolerance: {increase_text(item)}" for item in increases]


def _cells(pair: CellPair, *, plain: bool) -> tuple[str, ...]:
    cell = pair.name
    source = cell.source_line or "?"
    how = pair.matched_by or ("only in the new report" if pair.base is None else "only in the base")
    return (
        cell.label if plain else md_text(cell.label),
        printable(shorten(source, SOURCE_WIDTH)) if plain else md_code(source),
        how,
        _figure(pair.base, pair.new, "peak", format_bytes),
        _delta(pair.base, pair.new, "peak"),
        _figure(pair.base, pair.new, "retained", format_delta),
        _delta(pair.base, pair.new, "retained"),
    )


def _figure(
    base: CellFigures | None, new: CellFigures | None, what: str, fmt: Callable[[float], str]
) -> str:
    shown = new if new is not None else base
    return "—" if shown is None else fmt(getattr(shown, what))


def _delta(base: CellFigures | None, new: CellFigures | None, what: str) -> str:
    if base is None or new is None:
        return "—"
    before, after = getattr(base, what), getattr(new, what)
    return f"{format_delta(after - before)} ({_percent(before, after)})"


def _percent(before: int, after: int) -> str:
    if before == 0:
        return "new" if after else "±0%"
    change = (after - before) / abs(before) * 100
    return f"{change:+.0f}%"

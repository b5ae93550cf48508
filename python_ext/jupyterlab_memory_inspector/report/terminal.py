"""The report as a plain-text table for a terminal: what the command line prints at the end."""

from __future__ import annotations

from ..text import format_bytes, format_delta, printable, shorten
from .labels import format_duration, status_text, summary_text
from .model import CellRun, Report
from .outcome import outcome_lines
from .reruns import leak_text, retained_text

SOURCE_WIDTH = 44

_HEADERS = ("#", "cell", "source", "status", "change", "peak", "above start", "time")
# Numbers read best right-aligned, words left-aligned.
_RIGHT = (True, False, False, False, True, True, True, True)


def render_table(report: Report) -> str:
    """One line per cell run under a header, then the summary sentence."""
    rows = [_HEADERS, *(_row(cell) for cell in report.cells)]
    widths = [max(len(row[col]) for row in rows) for col in range(len(_HEADERS))]
    lines = [
        "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(row, widths, _RIGHT)
        ).rstrip()
        for row in rows
    ]
    return (
        "\n".join([*lines, *_reruns(report), "", summary_text(report), *outcome_lines(report)])
        + "\n"
    )


def _reruns(report: Report) -> list[str]:
    """Each cell that ran more than once: its runs' retained memory and the verdict."""
    if not report.leaks:
        return []
    lines = ["", "cells run more than once:"]
    for leak in report.leaks:
        source = printable(shorten(leak.source_line or "?", SOURCE_WIDTH))
        lines.append(
            f"  {leak.label} {source}: retained {retained_text(leak.verdict)}; {leak_text(leak)}"
        )
    return lines


def _row(cell: CellRun) -> tuple[str, ...]:
    return (
        str(cell.run),
        cell.label,
        printable(shorten(cell.source_line or "?", SOURCE_WIDTH)),
        status_text(cell.status),
        format_delta(cell.tree.delta),
        format_bytes(cell.tree.peak),
        format_delta(cell.tree.peak_above_start),
        format_duration(cell.duration),
    )

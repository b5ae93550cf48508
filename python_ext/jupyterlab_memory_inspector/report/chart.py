"""The memory timeline as inline SVG: no script, no external file, so the page works offline.

Runs are spaced evenly rather than by clock time: idle minutes between cells (or a long probe
installation) would otherwise squeeze every quick cell into an invisible sliver.
"""

from __future__ import annotations

import math
from html import escape

from ..text import GiB, KiB, MiB, TiB, format_bytes, format_delta
from .labels import format_duration, limit_text, status_text
from .model import CellRun, Report
from .tree import breakdown_text

WIDTH = 960
HEIGHT = 380
LEFT, RIGHT, TOP, BOTTOM = 84, 28, 48, 64
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM

RSS_COLOUR = "#2563eb"
AREA_COLOUR = "#dbeafe"
PEAK_COLOUR = "#ea580c"
LIMIT_COLOUR = "#dc2626"
GRID_COLOUR = "#e5e7eb"
TEXT_COLOUR = "#4b5563"
ERROR_COLOUR = "#b91c1c"

# Beyond this many runs, one marker per run would turn into a smear: the peaks become a line.
MARKER_LIMIT = 120
X_LABELS = 24
Y_TICKS = 5
# A limit far above the data would flatten the chart; it is named in the legend instead.
LIMIT_HEADROOM = 2.0

_UNITS = ((TiB, "TiB"), (GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB"), (1, "B"))
_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500)


def memory_chart_svg(report: Report) -> str:
    """The RSS of each run from its start to its end, its peak, and the memory limit if known."""
    cells = report.cells
    if not cells:
        return (
            f'<svg class="chart" viewBox="0 0 {WIDTH} 80" role="img" '
            'aria-label="No cell runs were recorded.">'
            f'<text x="{WIDTH / 2}" y="44" text-anchor="middle" fill="{TEXT_COLOUR}">'
            "No cell runs were recorded.</text></svg>"
        )
    # Where the probe could not read RSS every figure is 0: the axis still needs a span.
    highest = max(MiB, *(max(cell.tree.peak, cell.tree.before, cell.tree.after) for cell in cells))
    limit = report.environment.memory_limit
    limit_shown = limit is not None and 0 < limit <= highest * LIMIT_HEADROOM
    top, ticks, unit = _y_axis(max(highest, limit or 0) if limit_shown else highest)
    scale = _Scale(len(cells), top)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">',
        '<title id="chart-title">Memory of the kernel and its child processes over the cell '
        "runs</title>",
        f'<desc id="chart-desc">{escape(_description(report))}</desc>',
        _grid(scale, ticks, unit),
        _rss(scale, cells),
        _peaks(scale, cells),
    ]
    if limit_shown and limit is not None:
        parts.append(_limit_line(scale, limit))
    parts += [
        _x_axis(scale, cells),
        _hover_bands(scale, cells),
        _legend(report, limit_shown),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


class _Scale:
    def __init__(self, runs: int, top: float) -> None:
        self.runs = runs
        self.top = top
        self.band = PLOT_WIDTH / runs

    def x(self, run_index: int, fraction: float = 0.0) -> float:
        return round(LEFT + (run_index + fraction) * self.band, 1)

    def y(self, size: float) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - size / self.top), 1)


def _y_axis(highest: float) -> tuple[float, list[float], tuple[int, str]]:
    """The axis top, its ticks and the unit they are labelled in: round numbers of one unit."""
    unit = next((u for u in _UNITS if highest >= u[0]), _UNITS[-1])
    raw_step = max(highest, 1) / Y_TICKS / unit[0]
    step = next((s for s in _STEPS if s >= raw_step), _STEPS[-1]) * unit[0]
    count = max(1, math.ceil(highest * 1.04 / step))
    return count * step, [i * step for i in range(count + 1)], unit


def _tick_label(value: float, unit: tuple[int, str]) -> str:
    if value == 0:
        return "0"
    return f"{round(value / unit[0], 2):g} {unit[1]}"


def _grid(scale: _Scale, ticks: list[float], unit: tuple[int, str]) -> str:
    lines = []
    for value in ticks:
        y = scale.y(value)
        lines.append(
            f'<line x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{y}" y2="{y}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(_tick_label(value, unit))}</text>"
        )
    middle = TOP + PLOT_HEIGHT / 2
    lines.append(
        f'<text x="18" y="{middle}" text-anchor="middle" fill="{TEXT_COLOUR}" '
        f'transform="rotate(-90 18 {middle})">memory (kernel and child processes)</text>'
    )
    return "\n".join(lines)


def _rss(scale: _Scale, cells: tuple[CellRun, ...]) -> str:
    points = []
    for index, cell in enumerate(cells):
        points.append(f"{scale.x(index)},{scale.y(cell.tree.before)}")
        points.append(f"{scale.x(index, 1)},{scale.y(cell.tree.after)}")
    line = " L".join(points)
    base = scale.y(0)
    area = f"M{scale.x(0)},{base} L{line} L{scale.x(len(cells) - 1, 1)},{base} Z"
    return (
        f'<path d="{area}" fill="{AREA_COLOUR}" fill-opacity="0.7" stroke="none"/>'
        f'<path d="M{line}" fill="none" stroke="{RSS_COLOUR}" stroke-width="2" '
        'stroke-linejoin="round"/>'
    )


def _peaks(scale: _Scale, cells: tuple[CellRun, ...]) -> str:
    if len(cells) > MARKER_LIMIT:
        points = " L".join(
            f"{scale.x(i)},{scale.y(c.peak)} L{scale.x(i, 1)},{scale.y(c.peak)}"
            for i, c in enumerate(cells)
        )
        return (
            f'<path d="M{points}" fill="none" stroke="{PEAK_COLOUR}" stroke-width="1" '
            'stroke-opacity="0.8"/>'
        )
    marks = []
    for index, cell in enumerate(cells):
        x = scale.x(index, 0.5)
        # The stem starts on the RSS line, which crosses the band's middle halfway between
        # the cell's start and end.
        on_line = (cell.tree.before + cell.tree.after) / 2
        if cell.tree.peak > on_line:
            marks.append(
                f'<line x1="{x}" x2="{x}" y1="{scale.y(on_line)}" y2="{scale.y(cell.tree.peak)}" '
                f'stroke="{PEAK_COLOUR}" stroke-width="1.5" stroke-dasharray="3 2"/>'
            )
        marks.append(
            f'<circle cx="{x}" cy="{scale.y(cell.tree.peak)}" r="4" fill="#fff" '
            f'stroke="{PEAK_COLOUR}" stroke-width="2"/>'
        )
    return "\n".join(marks)


def _limit_line(scale: _Scale, limit: int) -> str:
    y = scale.y(limit)
    return (
        f'<line x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{y}" y2="{y}" stroke="{LIMIT_COLOUR}" '
        'stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + PLOT_WIDTH - 4}" y="{y - 6}" text-anchor="end" fill="{LIMIT_COLOUR}">'
        f"memory limit {escape(format_bytes(limit))}</text>"
    )


def _x_axis(scale: _Scale, cells: tuple[CellRun, ...]) -> str:
    every = max(1, math.ceil(len(cells) / X_LABELS))
    base = TOP + PLOT_HEIGHT
    parts = [
        f'<line x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{base}" y2="{base}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    ]
    for index, cell in enumerate(cells):
        if index % every:
            continue
        colour = ERROR_COLOUR if cell.status in ("error", "syntax_error") else TEXT_COLOUR
        label = cell.label if cell.execution_count is not None else str(cell.run)
        parts.append(
            f'<text x="{scale.x(index, 0.5)}" y="{base + 18}" text-anchor="middle" '
            f'fill="{colour}">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + PLOT_WIDTH / 2}" y="{HEIGHT - 12}" text-anchor="middle" '
        f'fill="{TEXT_COLOUR}">cell runs, in order (execution count)</text>'
    )
    return "\n".join(parts)


def _hover_bands(scale: _Scale, cells: tuple[CellRun, ...]) -> str:
    # Invisible bands give each run a native tooltip: no script needed.
    bands = []
    for index, cell in enumerate(cells):
        tip = (
            f"{cell.label} {cell.source_line or ''}\n"
            f"{status_text(cell.status)}, {format_duration(cell.duration)}\n"
            f"memory {format_bytes(cell.tree.before)} → {format_bytes(cell.tree.after)} "
            f"({format_delta(cell.tree.delta)})\n"
            f"peak {format_bytes(cell.tree.peak)} "
            f"({format_delta(cell.tree.peak_above_start)} above start)"
        )
        breakdown = breakdown_text(cell.tree)
        if breakdown:
            tip += f"\nat the peak: {breakdown}"
        bands.append(
            f'<rect x="{scale.x(index)}" y="{TOP}" width="{round(scale.band, 2)}" '
            f'height="{PLOT_HEIGHT}" fill="transparent"><title>{escape(tip)}</title></rect>'
        )
    return "\n".join(bands)


def _legend(report: Report, limit_shown: bool) -> str:
    y = 20
    parts = [
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{y}" y2="{y}" stroke="{RSS_COLOUR}" '
        'stroke-width="2"/>',
        f'<text x="{LEFT + 30}" y="{y + 4}" fill="{TEXT_COLOUR}">memory at each cell\'s start '
        "and end</text>",
        _peak_swatch(LEFT + 262, y, len(report.cells) > MARKER_LIMIT),
        f'<text x="{LEFT + 272}" y="{y + 4}" fill="{TEXT_COLOUR}">peak while the cell ran</text>',
    ]
    environment = report.environment
    if limit_shown:
        parts.append(
            f'<line x1="{LEFT + 440}" x2="{LEFT + 464}" y1="{y}" y2="{y}" '
            f'stroke="{LIMIT_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{LEFT + 470}" y="{y + 4}" fill="{TEXT_COLOUR}">memory limit</text>'
        )
    else:
        note = limit_text(environment)
        if environment.memory_limit is not None:
            note += ", far above the chart"
        parts.append(
            f'<text x="{LEFT + 440}" y="{y + 4}" fill="{TEXT_COLOUR}">{escape(note)}</text>'
        )
    return "\n".join(parts)


def _peak_swatch(x: float, y: float, as_line: bool) -> str:
    if as_line:
        return (
            f'<line x1="{x - 10}" x2="{x + 4}" y1="{y}" y2="{y}" stroke="{PEAK_COLOUR}" '
            'stroke-width="1.5"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="4" fill="#fff" stroke="{PEAK_COLOUR}" stroke-width="2"/>'


def _description(report: Report) -> str:
    summary = report.summary
    peak_cell = report.cell(summary.highest_tree_peak_run)
    if peak_cell is None:
        return "No cell runs were recorded."
    return (
        f"{summary.runs} cell runs; the highest peak, {format_bytes(peak_cell.tree.peak)}, "
        f"was in {peak_cell.label}."
    )

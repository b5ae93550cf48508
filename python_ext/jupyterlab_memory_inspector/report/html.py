"""The report as one self-contained HTML page: it opens offline and runs no script.

Every string that came from the user's code or namespace (sources, names, types, summaries,
holders, the notebook's name, suggestions) goes through `escape`; the page's Content Security
Policy refuses scripts besides, so that a missed escape could still not run one.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .. import __version__
from ..advice.suggestion import Suggestion
from ..text import format_bytes, format_delta
from .chart import memory_chart_svg
from .html_reruns import reruns_section
from .labels import (
    compacted_text,
    environment_text,
    failed,
    format_confidence,
    format_duration,
    format_expected,
    gc_text,
    kernel_text,
    peak_method_text,
    peak_text,
    run_status_text,
    summary_text,
)
from .model import CellRun, Report, Variable
from .outcome import outcome_lines
from .tree import breakdown_text

_STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 28px 32px 40px; max-width: 1240px; color: #1f2937;
  background: #fff; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 24px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e5e7eb; }
.notebook { font-size: 16px; color: #374151; margin: 0 0 6px; word-break: break-all; }
.meta { color: #6b7280; margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 20px 0 0; }
.card { flex: 1 1 160px; background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 8px;
  padding: 10px 14px; }
.card .label { color: #64748b; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .detail { color: #64748b; font-size: 12px; }
.notice { background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px; padding: 8px 12px;
  margin: 16px 0 0; }
.chart { width: 100%; height: auto; display: block; background: #fff; }
figure { margin: 0; }
figcaption { color: #6b7280; font-size: 12px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #eef0f3; text-align: left;
  vertical-align: top; }
th { background: #f8fafc; color: #475569; font-weight: 600; font-size: 12px; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
td.src { max-width: 380px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
td.src code, td.wrap code { background: #f3f4f6; padding: 1px 4px; border-radius: 3px; }
td.wrap { word-break: break-word; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; background: #f3f4f6;
  padding: 4px 8px; border-radius: 4px; }
.grew { color: #c2410c; }
.shrank { color: #15803d; }
.raised { color: #b91c1c; font-weight: 600; }
.muted { color: #6b7280; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px;
  background: #e0e7ff; color: #3730a3; margin-left: 4px; }
footer { margin-top: 36px; color: #9ca3af; font-size: 12px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; }
  tr, .card, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  td.src { white-space: pre-wrap; word-break: break-all; max-width: none; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: Report) -> str:
    """The whole page."""
    title = f"Memory report: {report.notebook}"
    body = [
        "<header>",
        "<h1>Memory report</h1>",
        f'<p class="notebook">{escape(report.notebook)}</p>',
        f'<p class="meta">{escape(kernel_text(report.kernel))} · '
        f"{escape(environment_text(report.environment))} · generated "
        f"{escape(report.generated)}</p>",
        "</header>",
        _cards(report),
    ]
    if report.compacted:
        body.append(f'<p class="notice">{escape(compacted_text(report.compacted))}</p>')
    body += [f'<p class="notice">{escape(line)}</p>' for line in outcome_lines(report)]
    body += [
        "<section><h2>Memory over the session</h2><figure>",
        memory_chart_svg(report),
        "<figcaption>Each band is one cell run, in the order they ran: the blue line goes from "
        "the kernel's resident memory when the cell started to when it ended, the orange marker "
        "is the highest it reached in between. Hover a band for the details.</figcaption>",
        "</figure></section>",
        _cells_section(report.cells),
        reruns_section(report.leaks),
        _variables_section(report),
        _suggestions_section(report.suggestions),
        f"<footer>jupyterlab-memory-inspector {escape(__version__)}; peaks measured "
        f"{escape(peak_method_text(report.environment.peak_method))}.</footer>",
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _cards(report: Report) -> str:
    summary = report.summary
    cards = [("Cell runs", str(summary.runs), f"{summary.errors} raised" if summary.errors else "")]
    if summary.tree_start is not None and summary.tree_end is not None:
        cards += [
            ("Memory at start", format_bytes(summary.tree_start), ""),
            (
                "Memory at end",
                format_bytes(summary.tree_end),
                format_delta(summary.tree_end - summary.tree_start) + " in all",
            ),
        ]
    peak_cell = report.cell(summary.highest_tree_peak_run)
    if peak_cell is not None:
        cards.append(("Highest peak", peak_text(peak_cell), f"in {peak_cell.label}"))
    grew = report.cell(summary.largest_delta_run)
    if grew is not None and grew.delta > 0:
        cards.append(("Largest growth", format_delta(grew.delta), f"in {grew.label}"))
    limit = report.environment.memory_limit
    cards.append(
        (
            "Memory limit",
            format_bytes(limit) if limit is not None else "none found",
            report.environment.memory_limit_source or "",
        )
    )
    items = "".join(
        f'<div class="card"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div>'
        f'<div class="detail">{escape(detail) or "&nbsp;"}</div></div>'
        for label, value, detail in cards
    )
    return f'<div class="cards" aria-label="{escape(summary_text(report))}">{items}</div>'


def _table(headers: Iterable[tuple[str, str]], rows: Iterable[str]) -> str:
    head = "".join(f'<th class="{cls}">{escape(text)}</th>' for text, cls in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cells_section(cells: tuple[CellRun, ...]) -> str:
    if not cells:
        return (
            '<section><h2>Cell runs</h2><p class="muted">No cell runs were recorded.</p></section>'
        )
    headers = [
        ("#", "num"),
        ("cell", ""),
        ("source (first line)", ""),
        ("status", ""),
        ("change", "num"),
        ("peak", "num"),
        ("peak above start", "num"),
        ("time", "num"),
        ("garbage collection", ""),
    ]
    return (
        "<section><h2>Cell runs</h2>"
        + _table(headers, (_cell_row(cell) for cell in cells))
        + "</section>"
    )


def _cell_row(cell: CellRun) -> str:
    source = cell.source_line
    source_html = (
        f'<code title="{escape(source)}">{escape(source)}</code>'
        if source
        else '<span class="muted">source unknown</span>'
    )
    raised = failed(cell)
    change_class = "grew" if cell.tree.delta > 0 else "shrank" if cell.tree.delta < 0 else ""
    return (
        "<tr>"
        f'<td class="num">{cell.run}</td>'
        f"<td>{escape(cell.label)}</td>"
        f'<td class="src">{source_html}</td>'
        f'<td class="{"raised" if raised else ""}">{escape(run_status_text(cell))}</td>'
        f'<td class="num {change_class}">{escape(format_delta(cell.tree.delta))}</td>'
        f'<td class="num" title="{escape(breakdown_text(cell.tree))}">'
        f"{escape(format_bytes(cell.tree.peak))}</td>"
        f'<td class="num">{escape(format_delta(cell.tree.peak_above_start))}</td>'
        f'<td class="num">{escape(format_duration(cell.duration))}</td>'
        f"<td>{escape(gc_text(cell.gc))}</td>"
        "</tr>"
    )


def _variables_section(report: Report) -> str:
    variables = report.variables
    heading = "<section><h2>Largest variables at the end</h2>"
    if not variables.reported:
        return (
            heading + '<p class="muted">The probe reported no variables for the last cell run.</p>'
            "</section>"
        )
    if not variables.items:
        return heading + '<p class="muted">The namespace holds nothing large.</p></section>'
    note = (
        '<p class="notice">The scan ran out of its time budget: some sizes are missing or '
        "estimated.</p>"
        if variables.partial
        else ""
    )
    headers = [
        ("name", ""),
        ("type", ""),
        ("size", "num"),
        ("what it is", ""),
        ("also held by", ""),
    ]
    rows = (_variable_row(item) for item in variables.items)
    return heading + note + _table(headers, rows) + "</section>"


def _variable_row(item: Variable) -> str:
    tags = ""
    if item.new:
        tags += '<span class="tag">new</span>'
    if item.kind != "name":
        tags += f'<span class="tag">{escape(item.kind)}</span>'
    summary = escape(item.summary)
    if item.view_of:
        summary += f' <span class="muted">(a view of {escape(item.view_of)})</span>'
    holders = ", ".join(f"{escape(h.where)} ({escape(h.kind)})" for h in item.holders) or "—"
    size = ("" if item.exact else "~") + format_bytes(item.size)
    return (
        "<tr>"
        f'<td class="wrap"><code>{escape(item.name)}</code>{tags}</td>'
        f'<td class="wrap"><code>{escape(item.type)}</code></td>'
        f'<td class="num">{escape(size)}</td>'
        f'<td class="wrap">{summary}</td>'
        f'<td class="wrap">{holders}</td>'
        "</tr>"
    )


def _suggestions_section(suggestions: tuple[Suggestion, ...]) -> str:
    heading = "<section><h2>Suggestions</h2>"
    if not suggestions:
        return heading + '<p class="muted">No suggestions.</p></section>'
    headers = [("code", ""), ("why", ""), ("expected to return", "num"), ("confidence", "")]
    rows = (
        "<tr>"
        f"<td><pre><code>{escape(item.code)}</code></pre></td>"
        f'<td class="wrap">{escape(item.reason)}</td>'
        f'<td class="num">{escape(format_expected(item.expected_bytes))}</td>'
        f"<td>{escape(format_confidence(item.confidence))}</td>"
        "</tr>"
        for item in suggestions
    )
    return heading + _table(headers, rows) + "</section>"

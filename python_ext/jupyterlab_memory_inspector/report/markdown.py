"""The report as Markdown, readable in a pull request (GitHub-flavoured tables).

The user's strings are either code spans fenced with more backticks than they contain, or text
with Markdown's punctuation escaped; in both, ``|`` is escaped so that no table row breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import format_bytes, format_delta
from .labels import (
    compacted_text,
    environment_text,
    failed,
    format_confidence,
    format_duration,
    format_expected,
    gc_text,
    kernel_text,
    run_status_text,
    summary_text,
)
from .model import CellRun, Report, Variable
from .outcome import outcome_lines
from .reruns import leak_text, retained_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_BACKTICKS = re.compile(r"`+")


def md_text(value: str) -> str:
    """Plain text: Markdown's punctuation escaped, lines joined."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.splitlines()))


def md_code(value: str) -> str:
    """A code span that holds any text, backticks included, inside a table cell."""
    value = " ".join(value.splitlines())
    if not value:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(value)), default=0) + 1)
    padded = f" {value} " if value.startswith("`") or value.endswith("`") else value
    # GitHub splits table cells before it reads code spans, so pipes need escaping even here.
    return fence + padded.replace("|", "\\|") + fence


def render_markdown(report: Report) -> str:
    """A heading, the summary, then tables of cell runs, largest variables and suggestions."""
    lines = [
        f"## Memory report: {md_text(report.notebook)}",
        "",
        f"**{md_text(summary_text(report))}**",
        "",
        f"Kernel {md_text(kernel_text(report.kernel))}; "
        f"{md_text(environment_text(report.environment))}. Generated {report.generated}.",
    ]
    if report.compacted:
        lines += ["", f"> {md_text(compacted_text(report.compacted))}"]
    lines += ["", *(f"- {md_text(line)}" for line in outcome_lines(report))]
    lines += ["", "### Cell runs", ""]
    lines += _cell_table(report.cells) if report.cells else ["No cell runs were recorded."]
    if report.leaks:
        lines += ["", "### Cells run more than once", "", *_reruns(report)]
    lines += ["", "### Largest variables at the end", "", *_variables(report)]
    lines += ["", "### Suggestions", "", *_suggestions(report)]
    return "\n".join(lines) + "\n"


def _table(headers: list[str], align: list[str], rows: Iterable[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _cell_table(cells: tuple[CellRun, ...]) -> list[str]:
    headers = ["#", "cell", "source", "status", "change", "peak", "above start", "time", "gc"]
    align = ["--:", "---", "---", "---", "--:", "--:", "--:", "--:", "---"]
    return _table(headers, align, (_cell_row(cell) for cell in cells))


def _cell_row(cell: CellRun) -> list[str]:
    status = md_text(run_status_text(cell))
    if failed(cell):
        status = f"**{status}**"
    return [
        str(cell.run),
        md_text(cell.label),
        md_code(cell.source_line) if cell.source_line else "_unknown_",
        status,
        format_delta(cell.tree.delta),
        format_bytes(cell.tree.peak),
        format_delta(cell.tree.peak_above_start),
        format_duration(cell.duration),
        md_text(gc_text(cell.gc)),
    ]


def _reruns(report: Report) -> list[str]:
    headers = ["cell", "source", "runs", "retained each run", "growth per run", "verdict"]
    rows = (
        [
            md_text(leak.label),
            md_code(leak.source_line) if leak.source_line else "_unknown_",
            str(leak.verdict.runs),
            retained_text(leak.verdict),
            format_delta(leak.verdict.growth_per_run),
            f"**{md_text(leak_text(leak))}**" if leak.verdict.leaking else md_text(leak_text(leak)),
        ]
        for leak in report.leaks
    )
    return _table(headers, ["---", "---", "--:", "--:", "--:", "---"], rows)


def _variables(report: Report) -> list[str]:
    variables = report.variables
    if not variables.reported:
        return ["The probe reported no variables for the last cell run."]
    if not variables.items:
        return ["The namespace holds nothing large."]
    lines = []
    if variables.partial:
        lines += ["The scan ran out of its time budget: some sizes are missing or estimated.", ""]
    rows = (_variable_row(item) for item in variables.items)
    headers = ["name", "type", "size", "what it is", "also held by"]
    return lines + _table(headers, ["---", "---", "--:", "---", "---"], rows)


def _variable_row(item: Variable) -> list[str]:
    name = md_code(item.name)
    if item.new:
        name += " (new)"
    if item.kind != "name":
        name += f" ({md_text(item.kind)})"
    summary = md_text(item.summary)
    if item.view_of:
        summary += f" (a view of {md_code(item.view_of)})"
    holders = ", ".join(f"{md_code(h.where)} ({md_text(h.kind)})" for h in item.holders)
    return [
        name,
        md_code(item.type),
        ("" if item.exact else "~") + format_bytes(item.size),
        summary,
        holders or "—",
    ]


def _suggestions(report: Report) -> list[str]:
    if not report.suggestions:
        return ["No suggestions."]
    lines: list[str] = []
    for number, item in enumerate(report.suggestions, 1):
        lines += [
            f"{number}. {md_text(item.reason)} Expected to return "
            f"{format_expected(item.expected_bytes)}; confidence "
            f"{md_text(format_confidence(item.confidence))}.",
            "",
            *("   " + line for line in md_fence(item.code, "python")),
            "",
        ]
    return lines[:-1]


def md_fence(code: str, language: str) -> list[str]:
    """A fenced code block that no line of `code` can close early."""
    fence = "`" * max(3, max((len(run) for run in _BACKTICKS.findall(code)), default=0) + 1)
    return [fence + language, *code.splitlines(), fence]

"""The HTML report's section on cells that ran more than once (re-runs, ``--repeat``)."""

from __future__ import annotations

from html import escape

from ..text import format_delta
from .reruns import CellLeak, leak_text, retained_text

_HEADERS = (
    ("cell", ""),
    ("source (first line)", ""),
    ("runs", "num"),
    ("retained each run", "num"),
    ("growth per run", "num"),
    ("verdict", ""),
)


def reruns_section(leaks: tuple[CellLeak, ...]) -> str:
    """Nothing when every cell ran once; else a table, one row per cell."""
    if not leaks:
        return ""
    head = "".join(f'<th class="{cls}">{escape(text)}</th>' for text, cls in _HEADERS)
    rows = "".join(_row(leak) for leak in leaks)
    return (
        "<section><h2>Cells run more than once</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _row(leak: CellLeak) -> str:
    source = (
        f"<code>{escape(leak.source_line)}</code>"
        if leak.source_line
        else '<span class="muted">source unknown</span>'
    )
    verdict = leak.verdict
    return (
        "<tr>"
        f"<td>{escape(leak.label)}</td>"
        f'<td class="src">{source}</td>'
        f'<td class="num">{verdict.runs}</td>'
        f'<td class="num">{escape(retained_text(verdict))}</td>'
        f'<td class="num">{escape(format_delta(verdict.growth_per_run))}</td>'
        f'<td class="{"raised" if verdict.leaking else ""}">{escape(leak_text(leak))}</td>'
        "</tr>"
    )

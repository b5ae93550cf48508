"""Reports of a session's memory: one model (`build_report`), rendered as HTML, JSON, CSV,
Markdown, or a plain-text table for a terminal."""

from __future__ import annotations

from typing import Callable

from .csv_report import render_csv
from .html import render_html
from .json_report import render_json, report_to_dict
from .markdown import render_markdown
from .model import KernelInfo, Report, build_report
from .terminal import render_table

FORMATS: dict[str, tuple[Callable[[Report], str], str, str]] = {
    "html": (render_html, "text/html", ".html"),
    "json": (render_json, "application/json", ".json"),
    "csv": (render_csv, "text/csv", ".csv"),
    "markdown": (render_markdown, "text/markdown", ".md"),
}
"""Each rendering by name: the renderer, its media type and its file extension."""

__all__ = [
    "FORMATS",
    "KernelInfo",
    "Report",
    "build_report",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_table",
    "report_to_dict",
]

"""The report as JSON, in the format that ``schemas/report.schema.json`` describes."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import Report

REPORT_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data; each cell run keeps its probe record as ``record``."""
    data = asdict(report)
    # A report keeps what a reader needs of each suggestion, not the API's ids and warnings.
    data["suggestions"] = [suggestion.to_report() for suggestion in report.suggestions]
    return {"report_version": REPORT_VERSION, **data}


def render_json(report: Report) -> str:
    """The report as indented JSON text."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

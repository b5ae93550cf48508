"""``jupyter memory-inspector compare BASE.json NEW.json``, and ``run --baseline BASE.json``:
each cell's peak and retained memory against a baseline report, for a regression test in CI."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..report.compare import Increase, increases, match_cells, report_cells
from ..report.compare_render import compare_markdown, compare_table
from .messages import EXIT_OK, EXIT_OVER_BUDGET, CommandError, say


def parse_tolerance(text: str) -> float:
    """``10%`` (or ``10``) -> 0.1: how much a figure may grow over the base's."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        value = -1.0
    if not 0 <= value < 10_000:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a tolerance: write a percentage, such as 10%"
        )
    return value / 100


def read_report(path: Path) -> dict[str, Any]:
    """A JSON report (``run --json``), or a one-line error that names the file."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as err:
        raise CommandError(f"cannot read {path}: {err.strerror or err}") from None
    except ValueError as err:
        raise CommandError(f"{path} is not JSON: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise CommandError(f"{path} is not a memory report (run ... --json FILE writes one)")
    return data


def compare_reports(
    base: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    base_name: str,
    new_name: str,
    tolerance: float,
    markdown: str | None,
) -> list[Increase]:
    """Print the comparison (stdout), write it as Markdown if asked; the increases found."""
    pairs = match_cells(report_cells(base), report_cells(new))
    found = increases(pairs, tolerance)
    print(compare_table(pairs, found), end="", flush=True)
    if markdown:
        target = Path(markdown)
        try:
            target.write_text(compare_markdown(base_name, new_name, pairs, found), "utf-8")
        except OSError as err:
            raise CommandError(f"cannot write {target}: {err.strerror or err}") from None
        say(f"wrote {target}")
    return found


def compare_command(args: argparse.Namespace) -> int:
    """Exit 1 when --tolerance or --fail-on-increase is given and a cell grew beyond it."""
    base_path, new_path = Path(args.base), Path(args.new)
    found = compare_reports(
        read_report(base_path),
        read_report(new_path),
        base_name=base_path.name,
        new_name=new_path.name,
        tolerance=args.tolerance or 0.0,
        markdown=args.markdown,
    )
    failing = args.fail_on_increase or args.tolerance is not None
    return EXIT_OVER_BUDGET if failing and found else EXIT_OK

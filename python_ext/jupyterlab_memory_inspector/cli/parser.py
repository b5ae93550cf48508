"""The command line's arguments: ``run`` and its options."""

from __future__ import annotations

import argparse
from typing import NoReturn

from ..oom_guard import THRESHOLD
from ..text import parse_size
from .compare import parse_tolerance
from .messages import (
    COMPARE_DESCRIPTION,
    COMPARE_EXAMPLES,
    EXIT_ERROR,
    PROG,
    RUN_DESCRIPTION,
    RUN_EXAMPLES,
)
from .repeat import parse_range


class _Parser(argparse.ArgumentParser):
    """Reports usage errors in one line (and exit status 2) rather than the usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see --help)\n")


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number of seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``run`` and its options."""
    parser = _Parser(
        prog=PROG,
        description="Measure what each cell of a notebook does to its kernel's memory.",
        epilog="Run 'jupyter memory-inspector run --help' for the options and examples.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    run = commands.add_parser(
        "run",
        help="run a notebook headless and report its memory",
        description=RUN_DESCRIPTION,
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("notebook", metavar="NOTEBOOK", help="the notebook (.ipynb) to run")
    reports = run.add_argument_group("reports")
    reports.add_argument("--html", metavar="FILE", help="a self-contained HTML report")
    reports.add_argument("--json", metavar="FILE", help="a JSON report (report.schema.json)")
    reports.add_argument("--csv", metavar="FILE", help="a CSV report, one row per cell run")
    reports.add_argument("--markdown", metavar="FILE", help="a Markdown report, for a PR")
    reports.add_argument(
        "--output",
        metavar="NOTEBOOK",
        help="the executed notebook, each code cell's record in its metadata "
        "under 'memory_inspector'",
    )
    budgets = run.add_argument_group("budgets (exit status 1 when exceeded)")
    budgets.add_argument(
        "--cell-budget",
        metavar="SIZE",
        type=_size,
        help="the most a single cell may add to the kernel's memory (its change in RSS)",
    )
    budgets.add_argument(
        "--peak-budget",
        metavar="SIZE",
        type=_size,
        help="the highest the kernel's memory (RSS) may reach while any cell runs",
    )
    execution = run.add_argument_group("execution")
    execution.add_argument(
        "--kernel",
        metavar="NAME",
        help="the kernel to run (default: the notebook's kernel, else python3)",
    )
    execution.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        help="fail when a cell runs longer than this (default: no limit)",
    )
    execution.add_argument(
        "--allow-errors",
        action="store_true",
        help="run on after a cell raises (its record is kept); without it, a raising cell "
        "stops the run with exit status 2",
    )
    execution.add_argument(
        "--trace-allocations",
        action="store_true",
        help="trace Python allocations with tracemalloc (1 frame): records then carry the "
        "traced heap and each cell's top allocating lines; slows allocation-heavy code",
    )
    _guard_options(run)
    _add_rerun_options(run)
    _add_compare_command(commands)
    return parser


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share between 0 and 1 (0.95)")
    return value


def _guard_options(run: argparse.ArgumentParser) -> None:
    """The out-of-memory guard's options (oom_guard.py; README, settings)."""
    guard = run.add_argument_group("out-of-memory guard")
    guard.add_argument(
        "--no-oom-guard",
        dest="oom_guard",
        action="store_false",
        help="let a cell run until the kernel is killed, rather than interrupt it when the "
        "memory group (or the machine) is nearly full",
    )
    guard.add_argument(
        "--oom-guard-threshold",
        metavar="SHARE",
        type=_share,
        default=THRESHOLD,
        help=f"interrupt the running cell when this share of the limit is in use "
        f"(default {THRESHOLD}); it stops earlier when memory grows fast",
    )


# Re-runs, leaks and baselines (issue 16): --repeat, --cells, --leak-budget, --baseline, compare.


def _repeat(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number of runs")
    return value


def _add_rerun_options(run: argparse.ArgumentParser) -> None:
    repeats = run.add_argument_group("re-runs and leaks")
    repeats.add_argument(
        "--repeat",
        metavar="N",
        type=_repeat,
        default=1,
        help="run the notebook (or --cells) N times in one kernel and report what each cell "
        "keeps per repeat (default: 1)",
    )
    repeats.add_argument(
        "--cells",
        metavar="RANGE",
        type=parse_range,
        help="repeat only these code cells, numbered from 1 (3, 2-4, 1,3-5); the code cells "
        "before the range run once first",
    )
    repeats.add_argument(
        "--leak-budget",
        metavar="SIZE",
        type=_size,
        help="exit 1 naming each cell whose memory grows by more than SIZE per repeat (the "
        "mean of what its runs after the first kept; needs --repeat 2 or more)",
    )
    baseline = run.add_argument_group("regressions against a baseline report")
    baseline.add_argument(
        "--baseline",
        metavar="BASE.json",
        help="compare each cell's peak and retained memory with a report of an earlier run "
        "(--json); exit 1 when one grew beyond --tolerance",
    )
    baseline.add_argument(
        "--tolerance",
        metavar="PERCENT",
        type=parse_tolerance,
        help="how much a cell's peak or retained memory may grow over the baseline's "
        "(default: 0%%); growths within the run-to-run noise (2 MiB) never count",
    )


def _add_compare_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    compare = commands.add_parser(
        "compare",
        help="compare two JSON reports cell by cell",
        description=COMPARE_DESCRIPTION,
        epilog=COMPARE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("base", metavar="BASE.json", help="the baseline report (run --json)")
    compare.add_argument("new", metavar="NEW.json", help="the report to check against it")
    compare.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    compare.add_argument(
        "--tolerance",
        metavar="PERCENT",
        type=parse_tolerance,
        help="exit 1 when a cell's peak or retained memory grew by more than PERCENT of the "
        "base's (and by more than the 2 MiB of run-to-run noise)",
    )
    compare.add_argument(
        "--fail-on-increase",
        action="store_true",
        help="exit 1 when a cell's peak or retained memory grew at all beyond the noise "
        "(--tolerance 0%%, unless --tolerance is given)",
    )

"""``jupyter memory-inspector run NOTEBOOK``: run a notebook headless under the probe, report it.

Exit status: 0 when the run stayed within its budgets, 1 when a budget was exceeded, 2 for a
usage or notebook error, 130 when interrupted. Every failure is a one-line message on stderr,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, NoReturn

import nbformat
from nbformat import NotebookNode

from .advisor import advise
from .budgets import check_budgets
from .headless import (
    NotebookRunError,
    attach_records,
    cells_to_run,
    ensure_cell_ids,
    resolve_kernel,
    run_notebook,
)
from .report import (
    Report,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_table,
)
from .report.model import first_line
from .report.sizes import format_bytes, format_delta, parse_size
from .report.terminal import printable, shorten

PROG = "jupyter memory-inspector"

EXIT_OK = 0
EXIT_OVER_BUDGET = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

_RUN_DESCRIPTION = """\
Run NOTEBOOK from top to bottom in a fresh kernel with the memory inspector's probe installed,
print one line per cell as it finishes (to stderr) and a table of every cell run at the end (to
stdout), write the reports you ask for, and fail when memory exceeds a budget.

Each cell's record holds the kernel's resident memory (RSS) before and after the cell, the
highest it reached while the cell ran (its peak), the cell's duration and what the garbage
collector did. The kernel runs in NOTEBOOK's folder, so relative paths in the notebook work.

sizes: a number and a unit, case-insensitive: B, KB, MB, GB, TB are powers of 1000, KiB, MiB,
GiB, TiB powers of 1024, and a bare number is bytes (500MiB, 2GiB, 1.5GB, 800MB, 1024).

exit status:
  0    every cell ran and memory stayed within the budgets
  1    a budget was exceeded; each cell over budget is named, with by how much
  2    a usage or notebook error: a missing or invalid notebook, an unknown kernel, a cell
       that raised (without --allow-errors), a cell that timed out, a kernel that died; the
       reports are still written for the cells that ran
  130  interrupted (Ctrl-C); the reports are written for the cells that ran
"""

_RUN_EXAMPLES = """\
examples:
  jupyter memory-inspector run analysis.ipynb
  jupyter memory-inspector run analysis.ipynb --html memory.html --markdown memory.md
  jupyter memory-inspector run analysis.ipynb --cell-budget 500MiB --peak-budget 4GiB
  jupyter memory-inspector run analysis.ipynb --output executed.ipynb --json memory.json
  jupyter memory-inspector run flaky.ipynb --allow-errors --timeout 600 --kernel python3
"""


class CommandError(Exception):
    """A usage or notebook problem, reported in one line with exit status 2."""


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
        description=_RUN_DESCRIPTION,
        epilog=_RUN_EXAMPLES,
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The console script ``jupyter-memory-inspector``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (CommandError, NotebookRunError) as err:
        _say(f"error: {err}")
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001  (the command promises one line, never a traceback)
        _say(f"unexpected error: {type(err).__name__}: {err}")
    return EXIT_ERROR


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> int:
    path = Path(args.notebook)
    notebook = read_notebook(path)
    outputs = _outputs(args)
    for target in outputs:
        if not target.parent.is_dir():
            raise CommandError(f"cannot write {target}: the folder {target.parent} does not exist")
    kernel = resolve_kernel(notebook, args.kernel)
    ensure_cell_ids(notebook)
    total = len(cells_to_run(notebook))
    tracing = ", tracing allocations" if args.trace_allocations else ""
    cells = "code cell" if total == 1 else "code cells"
    _say(f"running {path.name}: {total} {cells}, kernel {kernel.display_name}{tracing}")
    run = run_notebook(
        notebook,
        path,
        kernel,
        timeout=args.timeout,
        allow_errors=args.allow_errors,
        trace_allocations=args.trace_allocations,
        on_cell_done=_progress_line,
        log=_quiet_log(),
    )
    suggestions = (
        advise(run.records[-1] if run.records else None, run.facts, [])
        if run.facts is not None
        else []
    )
    report = build_report(
        notebook=path.name,
        kernel=kernel,
        probe=run.probe,
        records=run.records,
        sources=run.sources(),
        suggestions=[suggestion.to_json() for suggestion in suggestions],
    )
    if run.records or run.failure is None:
        _write_reports(args, report)
        if args.output:
            attach_records(notebook, run.records_by_cell)
            _write(Path(args.output), lambda: nbformat.writes(notebook))
        print(render_table(report), end="", flush=True)
    excesses = check_budgets(report, args.cell_budget, args.peak_budget)
    for excess in excesses:
        _say(f"over budget: {excess.message()}")
    if run.interrupted:
        _say("interrupted")
        return EXIT_INTERRUPTED
    if run.failure is not None:
        raise CommandError(run.failure)
    if excesses:
        return EXIT_OVER_BUDGET
    if args.cell_budget is not None or args.peak_budget is not None:
        _say("memory stayed within its budgets")
    return EXIT_OK


def read_notebook(path: Path) -> NotebookNode:
    """The notebook at `path`, or a CommandError that says what is wrong with it."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CommandError(f"no such notebook: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a notebook") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CommandError(f"cannot read {path}: {err}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CommandError(
            f"{path} is not a notebook: invalid JSON at line {err.lineno}, "
            f"column {err.colno} ({err.msg})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("nbformat"), int):
        raise CommandError(f"{path} is not a notebook: it has no 'nbformat' version")
    invalid: dict[str, Any] = {}
    try:
        notebook = nbformat.reads(text, as_version=4, capture_validation_error=invalid)
    except Exception as err:  # noqa: BLE001  (nbformat raises many kinds for a malformed file)
        raise CommandError(f"{path} is not a valid notebook: {_first(err)}") from None
    if "ValidationError" in invalid:
        raise CommandError(f"{path} is not a valid notebook: {_first(invalid['ValidationError'])}")
    return notebook


def _first(err: Any) -> str:
    message = str(getattr(err, "message", None) or err)
    return shorten(" ".join(message.split()), 200)


def _outputs(args: argparse.Namespace) -> list[Path]:
    names = (args.html, args.json, args.csv, args.markdown, args.output)
    return [Path(name) for name in names if name]


def _write_reports(args: argparse.Namespace, report: Report) -> None:
    renderers: tuple[tuple[str | None, Callable[[Report], str]], ...] = (
        (args.html, render_html),
        (args.json, render_json),
        (args.csv, render_csv),
        (args.markdown, render_markdown),
    )
    for name, render in renderers:
        if name:
            _write(Path(name), lambda render=render: render(report))


def _write(target: Path, content: Callable[[], str]) -> None:
    try:
        # newline="" keeps the CSV module's line endings as they are.
        target.write_text(content(), "utf-8", newline="")
    except OSError as err:
        raise CommandError(f"cannot write {target}: {err.strerror or err}") from None
    _say(f"wrote {target}")


def _progress_line(
    position: int, total: int, cell: NotebookNode, record: dict[str, Any] | None
) -> None:
    source = printable(shorten(first_line(cell.source), 48))
    if record is None:
        outcome = "no record"
    else:
        delta = format_delta(int(record["rss_delta"]))
        outcome = f"{delta:>10}  peak {format_bytes(int(record['peak']))}"
        if record.get("status") in ("error", "syntax_error"):
            outcome += "  raised"
    width = len(str(total))
    print(
        f"[{position:>{width}}/{total}] {source:<48}  {outcome}",
        file=sys.stderr,
        flush=True,
    )


def _quiet_log() -> logging.Logger:
    # nbclient logs what it handles (a timeout, a dead kernel) before raising it; the command
    # reports those itself, in one line.
    log = logging.getLogger("jupyterlab_memory_inspector.cli.nbclient")
    log.propagate = False
    log.addHandler(logging.NullHandler())
    return log


if __name__ == "__main__":
    sys.exit(main())

"""The ``run`` subcommand: run the notebook, write the reports, check the budgets."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import nbformat
from nbformat import NotebookNode

from ..advice.current import current_advice
from ..advice.suggestion import Suggestion
from ..oom_guard import GuardSettings
from ..report import (
    Report,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_table,
    report_to_dict,
)
from ..report.model import first_line
from ..report.tree import tree_figures
from ..text import format_bytes, format_delta, printable, shorten
from .budgets import check_budgets, check_own_budgets, notebook_budgets
from .compare import compare_reports, read_report
from .execute import run_notebook
from .messages import (
    EXIT_OK,
    EXIT_OVER_BUDGET,
    FREE_MEMORY_HINTS,
    CommandError,
    interrupted,
    say,
)
from .notebook import HeadlessRun, attach_records, cells_to_run, resolve_kernel
from .notebook_file import read_notebook
from .repeat import check_leak_budget, repeat_plan


def run_command(args: argparse.Namespace) -> int:
    path = Path(args.notebook)
    notebook_file = read_notebook(path)
    notebook = notebook_file.notebook
    outputs = _outputs(args)
    for target in outputs:
        if not target.parent.is_dir():
            raise CommandError(f"cannot write {target}: the folder {target.parent} does not exist")
    kernel = resolve_kernel(notebook, args.kernel)
    own_budgets, plan, baseline = _rerun_setup(args, notebook)
    warning = notebook_file.warning(path.name)
    if warning is not None:
        say(f"warning: {warning}")
    total = len(cells_to_run(notebook))
    tracing = ", tracing allocations" if args.trace_allocations else ""
    cells = "code cell" if total == 1 else "code cells"
    times = f", {args.repeat} times" if args.repeat > 1 else ""
    say(f"running {path.name}: {total} {cells}{times}, kernel {kernel.display_name}{tracing}")
    run = run_notebook(
        notebook,
        path,
        kernel,
        timeout=args.timeout,
        allow_errors=args.allow_errors,
        trace_allocations=args.trace_allocations,
        guard=GuardSettings(enabled=args.oom_guard, threshold=args.oom_guard_threshold),
        on_cell_done=_progress_line,
        log=_quiet_log(),
        plan=plan,
    )
    suggestions = (
        current_advice(run.records[-1] if run.records else None, run.probe, run.facts).suggestions
        if run.facts is not None
        else []
    )
    report = build_report(
        notebook=path.name,
        kernel=kernel,
        probe=run.probe,
        records=run.records,
        sources=run.sources(),
        suggestions=suggestions,
        death=run.death,
    )
    _say_guarded(run, suggestions)
    if run.records or run.failure is None:
        _write_reports(args, report)
        if args.output:
            attach_records(notebook, run.records_by_cell)
            _write(Path(args.output), lambda: nbformat.writes(notebook))
        print(render_table(report), end="", flush=True)
    excesses = check_budgets(report, args.cell_budget, args.peak_budget)
    excesses += check_own_budgets(report, own_budgets)
    for excess in excesses:
        say(f"over budget: {excess.message()}")
    leaks = check_leak_budget(report, args.leak_budget)
    for leak in leaks:
        say(f"over the leak budget: {leak.message()}")
    regressions = (
        compare_reports(
            baseline,
            report_to_dict(report),
            base_name=Path(args.baseline).name,
            new_name=path.name,
            tolerance=args.tolerance or 0.0,
            markdown=None,
        )
        if baseline is not None
        else []
    )
    if run.interrupted:
        return interrupted(run.stopped_by)
    if run.failure is not None:
        raise CommandError(run.failure)
    if excesses or leaks or regressions:
        return EXIT_OVER_BUDGET
    if args.cell_budget is not None or args.peak_budget is not None or own_budgets:
        say("memory stayed within its budgets")
    return EXIT_OK


def _say_guarded(run: HeadlessRun, suggestions: list[Suggestion]) -> None:
    """The cells the out-of-memory guard stopped, then what to free."""
    for line in run.guarded:
        say(line)
    if run.guarded:
        for suggestion in suggestions[:FREE_MEMORY_HINTS]:
            say(f"to free memory: {suggestion.code}  # {suggestion.reason}")


def _rerun_setup(
    args: argparse.Namespace, notebook: NotebookNode
) -> tuple[dict[str, int], list[int], dict[str, Any] | None]:
    """The cells' own budgets, the cells to execute in order, and the baseline report: all
    read before the kernel starts, so that a bad budget or baseline fails at once."""
    if args.leak_budget is not None and args.repeat < 2:
        raise CommandError("--leak-budget needs --repeat 2 or more: one run shows no growth")
    if args.cells is not None and args.repeat < 2:
        raise CommandError("--cells chooses the cells to repeat: give --repeat 2 or more")
    if args.tolerance is not None and args.baseline is None:
        raise CommandError("--tolerance applies to --baseline: give the baseline report")
    try:
        own_budgets = notebook_budgets(notebook.cells)
    except ValueError as err:
        raise CommandError(str(err)) from None
    baseline = read_report(Path(args.baseline)) if args.baseline else None
    return own_budgets, repeat_plan(notebook, args.repeat, args.cells), baseline


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
    say(f"wrote {target}")


def _progress_line(
    position: int, total: int, cell: NotebookNode, record: dict[str, Any] | None
) -> None:
    source = printable(shorten(first_line(cell.source), 48))
    if record is None:
        outcome = "no record"
    else:
        tree = tree_figures(record)
        outcome = f"{format_delta(tree.delta):>10}  peak {format_bytes(tree.peak)}"
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

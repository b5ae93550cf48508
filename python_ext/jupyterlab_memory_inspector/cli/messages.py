"""What the command line says: its help texts, its exit statuses, and its one-line messages.

Everything a person reads from ``jupyter memory-inspector`` is written here, also the hints
that name a flag when notebook execution fails, so the flags and their wording stay together.
"""

from __future__ import annotations

import signal
import sys

PROG = "jupyter memory-inspector"

EXIT_OK = 0
EXIT_OVER_BUDGET = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

# How many of the advisor's suggestions follow a cell that the guard stopped.
FREE_MEMORY_HINTS = 3

RUN_DESCRIPTION = """\
Run NOTEBOOK from top to bottom in a fresh kernel with the memory inspector's probe installed,
print one line per cell as it finishes (to stderr) and a table of every cell run at the end (to
stdout), write the reports you ask for, and fail when memory exceeds a budget.

Each cell's record holds the kernel's resident memory (RSS) before and after the cell, the
highest it reached while the cell ran (its peak), the cell's duration and what the garbage
collector did. The change, the peak and the budgets count the kernel's child processes too
(workers, subprocesses): their private memory, read every 0.1 s while the cell runs. The
kernel runs in NOTEBOOK's folder, so relative paths in the notebook work.

NOTEBOOK may be of any version that nbformat reads (it runs as nbformat 4.5). A file that is
not quite valid (cell ids in a version before 4.5, metadata of the wrong kind) is normalized
as nbformat does, with a warning that says what changed; one that nbformat cannot read is
refused.

out-of-memory guard: while a cell runs, the memory group of the kernel (its container's
cgroup, else the machine) is read every 0.1 s; when it is nearly full the cell is interrupted
so that the kernel is not killed (its variables are kept), and the run says so, with what to
free. Should the kernel die anyway, the cause is named from evidence (the group's oom_kill
counter, the exit status). The table ends with the memory the notebook needed and the size of
container that runs it.

sizes: a number and a unit, case-insensitive: B, KB, MB, GB, TB are powers of 1000, KiB, MiB,
GiB, TiB powers of 1024, and a bare number is bytes (500MiB, 2GiB, 1.5GB, 800MB, 1024).

budgets in the notebook: a cell may carry its own budget, the most it may add to the kernel's
memory (as --cell-budget, for that cell only), as the tag memory-budget=2GiB or as the cell
metadata "memory_budget": "2GiB"; the metadata wins when both are set. A size that does not
parse is an error that names the cell and the value.

re-runs: with --repeat N, each cell's retained memory (RSS after minus before) is kept for every
run; a cell whose runs after the first each keep more than the run-to-run noise (2 MiB) is
reported as keeping that much each run, and --leak-budget fails the run on it.

exit status:
  0    every cell ran and memory stayed within the budgets
  1    a budget was exceeded; each cell over budget is named, with by how much
  2    a usage or notebook error: a missing or invalid notebook, an unknown kernel, a cell
       that raised (without --allow-errors), a cell that timed out, a kernel that died; the
       reports are still written for the cells that ran
  130  interrupted (Ctrl-C); the reports are written for the cells that ran
  143  stopped by SIGTERM (timeout, a CI job cancelled); the reports are written as after Ctrl-C
"""

RUN_EXAMPLES = """\
examples:
  jupyter memory-inspector run analysis.ipynb
  jupyter memory-inspector run analysis.ipynb --html memory.html --markdown memory.md
  jupyter memory-inspector run analysis.ipynb --cell-budget 500MiB --peak-budget 4GiB
  jupyter memory-inspector run analysis.ipynb --output executed.ipynb --json memory.json
  jupyter memory-inspector run flaky.ipynb --allow-errors --timeout 600 --kernel python3
  jupyter memory-inspector run train.ipynb --repeat 3 --cells 4-6 --leak-budget 10MiB
  jupyter memory-inspector run analysis.ipynb --baseline memory-main.json --tolerance 10%
"""

COMPARE_DESCRIPTION = """\
Compare two JSON reports (run --json) cell by cell: each cell's highest peak and all it retained
(RSS after minus before, summed over its runs), with the change. Cells are matched by cell id,
then by their first line of source, then by position, and each row says which matched it.

exit status: 0, or 1 with --tolerance or --fail-on-increase when a matched cell's peak or
retained memory grew beyond the tolerance (and beyond 2 MiB, the run-to-run noise); 2 for an
unreadable report.
"""

COMPARE_EXAMPLES = """\
examples:
  jupyter memory-inspector compare main.json branch.json
  jupyter memory-inspector compare main.json branch.json --tolerance 10% --markdown memory.md
"""


# Hints that name the flag which changes what happened.
NO_TRACING_CONTROL = (
    "--trace-allocations: this version of the probe cannot turn allocation tracing on"
)
CHOOSE_KERNEL = " (the notebook's kernel; choose another with --kernel)"
ALLOW_ERRORS = " (use --allow-errors to run on)"
TIMEOUT_FLAG = " (--timeout)"


class CommandError(Exception):
    """A usage or notebook problem, reported in one line with exit status 2."""


def say(message: str) -> None:
    """One line on stderr, after the program's name."""
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def interrupted(signum: int | None) -> int:
    """Say that a signal stopped the run; the exit status is the shell's for that signal."""
    if signum is None or signum == signal.SIGINT:
        say("interrupted")
        return EXIT_INTERRUPTED
    say(f"interrupted by {signal.Signals(signum).name}")
    return 128 + signum

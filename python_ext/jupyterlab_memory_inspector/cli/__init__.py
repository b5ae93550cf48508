"""``jupyter memory-inspector run NOTEBOOK``: run a notebook headless under the probe, report it.

Exit status: 0 when the run stayed within its budgets, 1 when a budget was exceeded, 2 for a
usage or notebook error, 130 when interrupted. Every failure is a one-line message on stderr,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

from .messages import EXIT_ERROR, EXIT_INTERRUPTED, CommandError, say
from .notebook import NotebookRunError
from .parser import build_parser
from .run import run_command

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The console script ``jupyter-memory-inspector``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return run_command(args)
    except (CommandError, NotebookRunError) as err:
        say(f"error: {err}")
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001  (the command promises one line, never a traceback)
        say(f"unexpected error: {type(err).__name__}: {err}")
    return EXIT_ERROR

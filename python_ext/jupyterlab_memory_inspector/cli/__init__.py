"""``jupyter memory-inspector run NOTEBOOK``: run a notebook headless under the probe, report it.

Exit status: 0 when the run stayed within its budgets, 1 when a budget was exceeded, 2 for a
usage or notebook error, 130 when interrupted. Every failure is a one-line message on stderr,
never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .messages import EXIT_ERROR, EXIT_INTERRUPTED, CommandError, say

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """The console script ``jupyter-memory-inspector``; returns the exit status."""
    # jsonschema, which nbformat imports, imports rfc3987_syntax if it is installed (it comes
    # with jupyter_server's dependencies), and that builds ~35 parsers at import: about a
    # second of every run (jsonschema issue 1428), for the "iri" formats that no schema read
    # here uses. jsonschema treats the module as optional and only lacks those two checkers.
    # Hence the imports below, the parser's too (its range syntax imports nbformat): nothing
    # heavy is imported before this line.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    from .parser import build_parser  # noqa: PLC0415

    args = build_parser().parse_args(argv)
    from .compare import compare_command  # noqa: PLC0415
    from .notebook import NotebookRunError  # noqa: PLC0415
    from .run import run_command  # noqa: PLC0415

    try:
        return compare_command(args) if args.command == "compare" else run_command(args)
    except (CommandError, NotebookRunError) as err:
        say(f"error: {err}")
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001  (the command promises one line, never a traceback)
        say(f"unexpected error: {type(err).__name__}: {err}")
    return EXIT_ERROR

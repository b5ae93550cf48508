"""The "free memory" cell: the chosen suggestions as one commented code cell.

It should read as if a careful person wrote it: the imports once at the top, then one step per
suggestion, each under one comment that says what it frees, from what, and what a later cell
would meet (the warnings), and the reference cycles collected once at the end. Two suggestions
can share lines (releasing the last error is part of deleting a name it holds): those run once,
where they first appear.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from ..text import format_bytes
from .shared_gains import shared_back
from .suggestion import Suggestion

HEADER = "# Free memory: suggested by the memory inspector"
COLLECT = "gc.collect()"
WIDTH = 99


def _statements(code: str) -> list[str]:
    """The top-level statements of `code`, each with the indented lines that belong to it."""
    statements: list[str] = []
    for line in code.splitlines():
        if statements and line[:1].isspace():
            statements[-1] += "\n" + line
        elif line.strip():
            statements.append(line)
    return statements


def _is_import(statement: str) -> bool:
    return statement.startswith(("import ", "from ")) and "\n" not in statement


def _comment(suggestion: Suggestion, done_above: bool) -> list[str]:
    expected = suggestion.expected_bytes or 0
    back = f"about {format_bytes(expected)} back" if expected else "no memory expected back"
    text = f"{suggestion.title} ({back}): {suggestion.reason}."
    if done_above:
        text += " The lines above already do it."
    lines = _wrap(text)
    for warning in suggestion.warnings:
        lines.extend(_wrap(f"WARNING: {warning}."))
    return lines


def _wrap(text: str) -> list[str]:
    """A comment of a few lines rather than one that runs off the editor."""
    return textwrap.wrap(
        text, WIDTH, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False
    )


def free_memory_cell(
    suggestions: list[Suggestion], shared: Iterable[dict[str, Any]] = ()
) -> tuple[str, int]:
    """The cell's source and the bytes it is expected to give back in all: each suggestion's,
    and the `shared` data (SharedGain entries) that the chosen ones let go of together."""
    together = shared_back(shared, {suggestion.id for suggestion in suggestions})
    predicted = together + sum(suggestion.expected_bytes or 0 for suggestion in suggestions)
    imports: list[str] = []
    steps: list[str] = []
    written: set[str] = set()
    collect: list[str] = []
    # Releasing the last error comes first: the steps that delete what it holds rely on it.
    ordered = sorted(suggestions, key=lambda suggestion: suggestion.kind != "exception")
    for suggestion in ordered:
        statements = _statements(suggestion.code)
        imports.extend(s for s in statements if _is_import(s) and s not in imports)
        actions = [s for s in statements if not _is_import(s)]
        if actions == [COLLECT]:
            # Collecting cycles is worth doing once, after everything else let go.
            collect = _comment(suggestion, done_above=False)
            continue
        if COLLECT in actions and not collect:
            collect = ["# Collect the reference cycles that the steps above left unreachable."]
        fresh = [s for s in actions if s != COLLECT and s not in written]
        written.update(fresh)
        steps.extend(["", *_comment(suggestion, done_above=not fresh), *fresh])
    if collect:
        steps.extend(["", *collect, COLLECT])
    lines = [HEADER, f"# Expected back in all: about {format_bytes(predicted)}."]
    if together:
        lines.extend(
            _wrap(
                f"Of which about {format_bytes(together)} is data that several of them hold "
                "together: it comes back only because all of them go."
            )
        )
    if imports:
        lines.extend(["", *sorted(imports)])
    return "\n".join([*lines, *steps]) + "\n", predicted

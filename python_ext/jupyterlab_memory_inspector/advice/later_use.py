"""How the cells after the free-memory cell use names, read with Python's ``ast``.

A name that a later cell reads must not be deleted without a warning; a name that a later cell
assigns before reading can be set to ``None`` and nothing breaks.
"""

from __future__ import annotations

import ast
import dataclasses
import re

_LINE_MAGIC = re.compile(r"^\s*[%!]")


@dataclasses.dataclass(frozen=True)
class CellSource:
    """A code cell of the notebook, as the frontend sends it."""

    cell_id: str
    source: str
    label: str


@dataclasses.dataclass(frozen=True)
class FirstUse:
    """The first thing the later cells do with a name: read it, or assign it."""

    reads: bool
    cell: CellSource
    line: str


def _python_of(source: str) -> str | None:
    """The cell as plain Python: line magics and shell escapes become blank lines (keeping line
    numbers); a cell magic (``%%time`` ...) makes the whole cell something else than Python."""
    if source.lstrip().startswith("%%"):
        return None
    return "\n".join("" if _LINE_MAGIC.match(line) else line for line in source.splitlines())


def _events(tree: ast.AST) -> list[tuple[int, int, str, bool]]:
    """(line, column, name, reads) for every bare name in the cell, in source order.

    A name read inside a function or lambda counts where it is written: whether the function
    runs later or not, deleting the name could break it.
    """
    events = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            reads = isinstance(node.ctx, ast.Load)
            events.append((node.lineno, node.col_offset, node.id, reads))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            events.extend((node.lineno, node.col_offset, name, True) for name in node.names)
    # An assignment's value is evaluated before its target is bound: `x = x + 1` reads x first.
    return sorted(events, key=lambda event: (event[0], not event[3], event[1]))


def first_uses(cells: list[CellSource], names: set[str]) -> tuple[dict[str, FirstUse], list[str]]:
    """For each of `names` that the cells mention, what they do with it first.

    Also returns the labels of cells that could not be read (not Python, or a syntax error), so
    that a warning can say the analysis is incomplete.
    """
    found: dict[str, FirstUse] = {}
    unreadable: list[str] = []
    for cell in cells:
        python = _python_of(cell.source)
        try:
            tree = ast.parse(python) if python is not None else None
        except SyntaxError:
            tree = None
        if tree is None:
            unreadable.append(cell.label)
            continue
        lines = cell.source.splitlines()
        for lineno, _, name, reads in _events(tree):
            if name in names and name not in found:
                text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
                found[name] = FirstUse(reads=reads, cell=cell, line=text)
        if len(found) == len(names):
            break
    return found, unreadable

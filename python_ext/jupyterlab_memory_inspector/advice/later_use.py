"""How the cells after the free-memory cell use names, read with Python's ``ast``.

A name that a later cell reads (or deletes: ``del x`` fails once ``x`` is gone) must not be
deleted without a warning; a name that a later cell assigns before reading can be set to
``None`` and nothing breaks. A cell that cannot be read says so ("unknown") rather than
being guessed at. IPython's own syntax (magics, shell escapes) is turned into the Python it
stands for by `ipython_syntax`.
"""

from __future__ import annotations

import ast
import dataclasses
from typing import Literal

from .ipython_syntax import as_python

Action = Literal["reads", "assigns", "deletes", "unknown"]


@dataclasses.dataclass(frozen=True)
class CellSource:
    """A code cell of the notebook, as the frontend sends it."""

    cell_id: str
    source: str
    label: str


@dataclasses.dataclass(frozen=True)
class FirstUse:
    """The first thing the later cells do with a name.

    `action` is "unknown" when a cell that could not be read comes before any cell known to
    use the name: that cell may read it.
    """

    action: Action
    cell: CellSource
    line: str

    @property
    def reads(self) -> bool:
        """Whether the later cell needs the name bound (it reads or deletes it)."""
        return self.action in ("reads", "deletes")


_Event = tuple[str, Action, int]


class _ScopeNames(ast.NodeVisitor):
    """The names a function, lambda, class or comprehension reads from the notebook's
    namespace: those it does not bind itself (or declares ``global``), and those its own
    nested scopes read and it does not bind."""

    def __init__(self) -> None:
        self.bound: set[str] = set()
        self.declared_global: set[str] = set()
        self.loaded: list[tuple[str, int]] = []

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.loaded.append((node.id, node.lineno))
        else:
            self.bound.add(node.id)

    def visit_Global(self, node: ast.Global) -> None:
        self.declared_global.update(node.names)

    def visit_arg(self, node: ast.arg) -> None:
        self.bound.add(node.arg)

    def visit_alias(self, node: ast.alias) -> None:
        self.bound.add((node.asname or node.name).split(".")[0])

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def _nested(self, node: ast.AST, name: str | None = None) -> None:
        if name is not None:
            self.bound.add(name)
        self.loaded.extend(_free_names(node))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._nested(node, node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._nested(node, node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._nested(node, node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._nested(node)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._nested(node)

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]


def _free_names(scope: ast.AST) -> list[tuple[str, int]]:
    """(name, line) of the names that `scope` reads from its enclosing scopes."""
    names = _ScopeNames()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        # Decorators, defaults and annotations run where the function is defined.
        outer = [*getattr(scope, "decorator_list", ()), *scope.args.defaults]
        outer.extend(default for default in scope.args.kw_defaults if default is not None)
        for node in outer:
            names.loaded.extend(_free_names_of_expression(node))
        names.visit(scope.args)
        body = scope.body if isinstance(scope.body, list) else [scope.body]
    elif isinstance(scope, ast.ClassDef):
        for node in [*scope.decorator_list, *scope.bases, *scope.keywords]:
            names.loaded.extend(_free_names_of_expression(node))
        body = scope.body
    else:
        # A comprehension: its first iterable is evaluated outside it.
        generators: list[ast.comprehension] = scope.generators  # type: ignore[attr-defined]
        names.loaded.extend(_free_names_of_expression(generators[0].iter))
        body = [generators[0].target, *generators[0].ifs]
        for generator in generators[1:]:
            body.extend([generator.iter, generator.target, *generator.ifs])
        body.extend(
            [scope.key, scope.value] if isinstance(scope, ast.DictComp) else [scope.elt]  # type: ignore[attr-defined]
        )
    for node in body:
        names.visit(node)
    local = names.bound - names.declared_global
    return [(name, line) for name, line in names.loaded if name not in local]


def _free_names_of_expression(node: ast.AST) -> list[tuple[str, int]]:
    names = _ScopeNames()
    names.visit(node)
    return names.loaded


class _CellUses(ast.NodeVisitor):
    """What a cell does with the notebook's names, in the order it does it.

    Only what surely happens counts as assigning: a binding inside ``if``, a loop or an
    ``except`` may not run, so a read after it still needs the name. A read anywhere counts.
    """

    def __init__(self) -> None:
        self.events: list[_Event] = []
        self._conditional = 0

    def _note(self, name: str, action: Action, line: int) -> None:
        if action == "assigns" and self._conditional:
            return
        self.events.append((name, action, line))

    def _conditionally(self, nodes: list[ast.stmt] | list[ast.AST]) -> None:
        self._conditional += 1
        for node in nodes:
            self.visit(node)
        self._conditional -= 1

    def visit_Name(self, node: ast.Name) -> None:
        action: Action = {ast.Load: "reads", ast.Store: "assigns", ast.Del: "deletes"}.get(
            type(node.ctx), "reads"
        )
        self._note(node.id, action, node.lineno)

    def visit_Assign(self, node: ast.Assign) -> None:
        # The value is evaluated before any target is bound: `x = x + 1` reads x first.
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        # `x += 1` reads x before it binds it.
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._note(node.target.id, "reads", node.target.lineno)
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._note((alias.asname or alias.name).split(".")[0], "assigns", node.lineno)

    visit_ImportFrom = visit_Import  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        self._conditionally([*node.body, *node.orelse])

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        self._conditionally([node.body, node.orelse])

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._conditionally([*node.body, *node.orelse])

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._conditionally([node.target, *node.body, *node.orelse])

    visit_AsyncFor = visit_For  # type: ignore[assignment]

    def visit_Try(self, node: ast.Try) -> None:
        # The body may stop at its first line; the handlers may not run; `finally` always does.
        self._conditionally([*node.body, *node.handlers, *node.orelse])
        for statement in node.finalbody:
            self.visit(statement)

    visit_TryStar = visit_Try  # type: ignore[assignment]

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._note(node.name, "assigns", node.lineno)
        for statement in node.body:
            self.visit(statement)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        self.visit(node.values[0])
        self._conditionally(node.values[1:])

    def visit_Match(self, node: ast.Match) -> None:
        self.visit(node.subject)
        self._conditionally(node.cases)

    def _scope(self, node: ast.AST, name: str | None) -> None:
        # Names a function reads count where it is defined: whether it runs later or not,
        # deleting them could break it.
        for free, line in _free_names(node):
            self._note(free, "reads", line)
        if name is not None:
            self._note(name, "assigns", node.lineno)  # type: ignore[attr-defined]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope(node, node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope(node, node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scope(node, node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scope(node, None)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._scope(node, None)

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]


def cell_uses(source: str) -> list[_Event] | None:
    """(name, action, line) in the order the cell does them; None if the cell cannot be read
    (a syntax error, or a cell magic whose body is not Python)."""
    python = as_python(source)
    if python is None:
        return None
    try:
        tree = ast.parse(python)
    except (SyntaxError, ValueError):
        return None
    uses = _CellUses()
    uses.visit(tree)
    return uses.events


def first_uses(cells: list[CellSource], names: set[str]) -> tuple[dict[str, FirstUse], list[str]]:
    """For each of `names` that the cells mention, what they do with it first.

    Also returns the labels of cells that could not be read (not Python, or a syntax error).
    A name that no readable cell uses before an unreadable one has the action "unknown".
    """
    found: dict[str, FirstUse] = {}
    unreadable: list[CellSource] = []
    for cell in cells:
        events = cell_uses(cell.source)
        if events is None:
            unreadable.append(cell)
            continue
        lines = cell.source.splitlines()
        for name, action, lineno in events:
            if name not in names or name in found:
                continue
            text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            if unreadable and action == "assigns":
                # The unreadable cell before this one may read the name first.
                found[name] = FirstUse(action="unknown", cell=unreadable[0], line="")
            else:
                found[name] = FirstUse(action=action, cell=cell, line=text)
        if len(found) == len(names):
            break
    if unreadable:
        for name in names - found.keys():
            found[name] = FirstUse(action="unknown", cell=unreadable[0], line="")
    return found, [cell.label for cell in unreadable]

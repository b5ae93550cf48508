"""What keeps an object alive besides the name it is listed under.

A ``del name`` frees memory only when nothing else holds the object: IPython's output cache
(``Out[N]``, ``_``, ``__``, ``___``, ``_N``, ``user_ns_hidden``, the display hook, the last
execution result), the last exception's frames (``sys.last_traceback``, ``sys.last_value``,
``sys.last_exc`` and ``InteractiveTB.tb``), containers in the namespace, and views of an
array's data. Every place is compared by identity (``is``): nothing here runs user code.
"""

from __future__ import annotations

import sys
import time
import types
from collections.abc import Iterator
from itertools import islice
from typing import Any

from .kinds import DEQUE, DICT, LIST, SET, TUPLE
from .paths import key_repr
from .typeinfo import inherits, type_name

OUTPUT_LIMIT = 2000
"""Newest output-cache entries looked at; IPython keeps 1000 by default."""
TRACEBACK_LIMIT = 200
"""Frames walked from each root of the last exception."""
LOCALS_LIMIT = 200
"""Locals read from one frame."""
MEMBERSHIP_LIMIT = 10_000
"""Elements of one container looked through for the items it holds."""
CHECK_EVERY = 1000
"""Elements looked through between two looks at the clock."""

NAME = "name"
OUTPUT_CACHE = "output_cache"
EXCEPTION = "exception"
CONTAINER = "container"
VIEW = "view"
BASE = "base"

_MISSING = object()
_EXCEPTION_TRACEBACK = BaseException.__dict__["__traceback__"].__get__
_TOOLING_MODULES = ("IPython.", "ipykernel.", __name__.rpartition(".")[0] + ".")
_LAST_NAMES = ("_", "__", "___")


class Holders:
    """The places found to hold the scan's objects, by the object's id, in the order found."""

    def __init__(self) -> None:
        self._by_id: dict[int, list[tuple[str, str]]] = {}

    def add(self, oid: int, kind: str, where: str) -> None:
        self._by_id.setdefault(oid, []).append((kind, where))

    def of(self, oid: int, own_name: str) -> list[dict[str, str]]:
        """The Holder records of one object, without duplicates or the place it is listed as."""
        seen: set[tuple[str, str]] = set()
        found: list[dict[str, str]] = []
        for kind, where in self._by_id.get(oid, ()):
            if where == own_name or (kind, where) in seen:
                continue
            seen.add((kind, where))
            found.append({"kind": kind, "where": where})
        return found


def output_cache(shell: Any) -> dict | None:
    """IPython's output cache (``Out``, keyed by execution count), if the shell has one."""
    out = getattr(getattr(shell, "history_manager", None), "output_hist", None)
    return out if out is not None and inherits(type(out), dict) else None


def last_places(shell: Any, user_ns: dict) -> list[tuple[str, Any]]:
    """Where IPython holds its last results: ``_``, ``__``, ``___``, the display hook, the last
    execution result (the output cache's places but ``Out[N]``)."""
    places: list[tuple[str, Any]] = []
    for name in _LAST_NAMES:
        value = dict.get(user_ns, name, _MISSING)
        if value is not _MISSING:
            places.append((name, value))
    displayhook = getattr(shell, "displayhook", None)
    for name in _LAST_NAMES:
        value = getattr(displayhook, name, _MISSING)
        if value is not _MISSING:
            places.append((f"displayhook.{name}", value))
    result = getattr(getattr(shell, "last_execution_result", None), "result", None)
    if result is not None:
        places.append(("last_execution_result", result))
    return places


def output_aliases(
    user_ns: dict, user_ns_hidden: dict, out_keys: list[int], oid: int
) -> Iterator[str]:
    """The other names IPython binds an output to: ``_N`` in the namespace and, for ``_N``
    and ``_``/``__``/``___``, in ``user_ns_hidden`` (which ``Out.clear()`` leaves alone)."""
    for key in out_keys:
        name = f"_{key}"
        if id(dict.get(user_ns, name, _MISSING)) == oid:
            yield name
        if id(dict.get(user_ns_hidden, name, _MISSING)) == oid:
            yield f"user_ns_hidden['{name}']"
    for name in _LAST_NAMES:
        if id(dict.get(user_ns_hidden, name, _MISSING)) == oid:
            yield f"user_ns_hidden['{name}']"


def exception_places(shell: Any, user_ns: dict) -> list[tuple[str, str, Any]]:
    """The locals the last exception's frames keep: (root: function, local's label, value).

    The label is what the user sees as the item's name (``tmp inside load()``); the exact
    place, ``sys.last_traceback: load()``, is its holder's."""
    places: list[tuple[str, str, Any]] = []
    for root, traceback in _exception_roots(shell):
        for frame in _frames(traceback):
            if _is_tooling_frame(frame, user_ns):
                continue
            function = frame.f_code.co_name
            for name, value in _frame_locals(frame):
                places.append((f"{root}: {function}()", f"{name} inside {function}()", value))
    return places


def _exception_roots(shell: Any) -> list[tuple[str, types.TracebackType]]:
    roots: list[tuple[str, Any]] = [("sys.last_traceback", getattr(sys, "last_traceback", None))]
    for name in ("last_exc", "last_value"):
        exception = getattr(sys, name, None)
        if exception is not None and inherits(type(exception), BaseException):
            roots.append((f"sys.{name}", _EXCEPTION_TRACEBACK(exception)))
    roots.append(("InteractiveTB.tb", getattr(getattr(shell, "InteractiveTB", None), "tb", None)))
    return [(root, tb) for root, tb in roots if type(tb) is types.TracebackType]


def _frames(traceback: types.TracebackType) -> Iterator[types.FrameType]:
    tb: Any = traceback
    for _ in range(TRACEBACK_LIMIT):
        if type(tb) is not types.TracebackType:
            return
        yield tb.tb_frame
        tb = tb.tb_next


def _is_tooling_frame(frame: types.FrameType, user_ns: dict) -> bool:
    """IPython's frames and the cell's own module-level frame hold no locals of the user's."""
    if frame.f_globals is user_ns and frame.f_code.co_name == "<module>":
        return True
    module = dict.get(frame.f_globals, "__name__") if type(frame.f_globals) is dict else None
    return type(module) is str and module.startswith(_TOOLING_MODULES)


def _frame_locals(frame: types.FrameType) -> list[tuple[str, Any]]:
    # A finished frame's locals: a dict before 3.13, a FrameLocalsProxy (C, read-only use) after.
    mapping = frame.f_locals
    cls = type(mapping)
    if cls is dict:
        pairs: Any = dict.items(mapping)
    elif type_name(cls) == "builtins.FrameLocalsProxy":
        pairs = cls.items(mapping)
    else:
        return []
    return [(name, value) for name, value in islice(pairs, LOCALS_LIMIT) if type(name) is str]


def memberships(
    container: Any, kind: str, base: type, wanted: set[int], deadline: float
) -> list[tuple[int, str]]:
    """Which of the `wanted` ids a builtin container holds directly, with the key or index
    where; only its first MEMBERSHIP_LIMIT elements are looked at, and none after `deadline`."""
    found: list[tuple[int, str]] = []
    for count, (element, place) in enumerate(_elements(container, kind, base)):
        if count % CHECK_EVERY == 0 and time.perf_counter() > deadline:
            break
        if id(element) in wanted:
            found.append((id(element), _render_place(place)))
    return found


def _elements(container: Any, kind: str, base: type) -> Iterator[tuple[Any, tuple[str, Any]]]:
    """A builtin container's elements with where each sits, read through the builtin's C code."""
    if kind in (LIST, TUPLE, DEQUE):
        for i, element in enumerate(islice(base.__iter__(container), MEMBERSHIP_LIMIT)):
            yield element, ("index", i)
    elif kind == DICT:
        for key, value in islice(dict.items(container), MEMBERSHIP_LIMIT):
            yield value, ("value", key)
            yield key, ("key", key)
    elif kind == SET:
        for element in islice(base.__iter__(container), MEMBERSHIP_LIMIT):
            yield element, ("member", None)


def _render_place(place: tuple[str, Any]) -> str:
    how, key = place
    if how == "index":
        return f"[{key}]"
    if how == "value":
        return f"[{key_repr(key)}]"
    if how == "key":
        return f" (key {key_repr(key)})"
    return " (a member)"

"""The short description of an object a report shows beside its size: a shape and dtype, a
length, rows and columns, read from the type's own metadata (a library's from its rule, see
`kinds.LibraryKind`)."""

from __future__ import annotations

import array
from typing import TYPE_CHECKING, Any, Callable

from .kinds import CONTAINERS, OBJECT, SCALAR, SKIP

if TYPE_CHECKING:
    from .libraries import Libraries

TIMES = "\u00d7"
"""The multiplication sign between the dimensions of a shape ("8192 by 8192")."""


def describe(o: Any, kind: str, base: type, libraries: Libraries) -> str:
    """A short description of `o`, of this kind (see `kinds`); "" if there is none."""
    try:
        builtin = _DESCRIBERS.get(kind)
        if builtin is not None:
            return builtin(o, base)
        return libraries.describe(o, kind, base)
    except Exception:  # noqa: BLE001  (a summary is a nicety: the size stands without one)
        return ""


def counted(number: int, unit: str) -> str:
    """``1 item``, ``1,000 items``, ``1 entry``, ``2 entries``: `unit`, singular, in the plural
    but for one."""
    if number == 1:
        return f"1 {unit}"
    plural = unit[:-1] + "ies" if unit.endswith("y") else unit + "s"
    return f"{number:,} {plural}"


def dimensions(shape: Any) -> str:
    """``8192`` by ``8192`` joined with `TIMES`; "scalar" for no dimensions."""
    return TIMES.join(str(int(d)) for d in shape) or "scalar"


def _describe_scalar(o: Any, base: type) -> str:
    if base is str:
        return counted(str.__len__(o), "character")
    if base is bytes or base is bytearray:
        return counted(base.__len__(o), "byte")
    if base is array.array:
        return counted(array.array.__len__(o), "item")
    return ""


def _describe_container(o: Any, base: type) -> str:
    return counted(base.__len__(o), "item")


def _describe_nothing(o: Any, base: type) -> str:
    return ""


_DESCRIBERS: dict[str, Callable[[Any, type], str]] = {
    SKIP: _describe_nothing,
    SCALAR: _describe_scalar,
    **dict.fromkeys(CONTAINERS, _describe_container),
    OBJECT: _describe_nothing,
}

"""A group of carried names (see `steady`): names whose signatures one builtin computes, what
they were at the last scan, and the check, mapped in C, of whether they still are."""

from __future__ import annotations

import itertools
import operator
import weakref
from array import array
from collections.abc import Callable
from typing import Any, Protocol

from .signatures import bulk_fingerprint

CARRIED = object()
"""In a carried light record, in the place of the object: take it from the namespace."""

_referent = weakref.ref.__call__
_REF = operator.itemgetter(2)  # a binding's weak reference (see `namespace.Binding`)

# The numbers a check compares, in arrays: they were int objects, each made when its name was
# bound and compared one by one; an array keeps them side by side, and two arrays compare whole
# in one call (`benchmarks/scan_ab.py`: the scan of 10,000 names took 0.86 of the time). `id`
# gives an address (unsigned), `len` and `sys.getsizeof` a Py_ssize_t.
_ADDRESSES = "Q"
_SIZES = "q"
_ARRAYS = {"ids": _ADDRESSES, "type_ids": _ADDRESSES, "signatures": _SIZES}
_FIELDS = ("orders", "names", "ids", "type_ids", "signatures", "entries", "bindings", "lights")
"""A group's fields, one item a name."""


class Cached(Protocol):
    """What the scan caches of an object it sized (see `namespace._Entry`)."""

    type_id: int
    kind: str
    base: type
    signature: tuple
    parts: dict
    size: int


def bulk_check(entry: Cached, value: Any) -> Callable[[Any], int] | None:
    """The builtin that checks `value` against its cached `entry` in bulk (see
    `signatures.bulk_fingerprint`), if one does: none for an object that shares buffers."""
    return None if entry.parts else bulk_fingerprint(entry.kind, entry.base, type(value))


class Group:
    """Names whose signatures one builtin computes, and what they were at the last scan."""

    __slots__ = (
        "bindings",
        "checked",
        "entries",
        "fingerprint",
        "ids",
        "lights",
        "names",
        "orders",
        "signatures",
        "type_ids",
        "weak",
    )

    def __init__(self, fingerprint: Callable[[Any], int], weak: bool, checked: int) -> None:
        self.fingerprint = fingerprint
        self.weak = weak
        self.checked = checked
        """The scan that last checked every name of the group for a change in place."""
        self.orders: list[int] = []
        self.names: list[str] = []
        self.ids = array(_ADDRESSES)
        self.type_ids = array(_ADDRESSES)
        self.signatures = array(_SIZES)
        self.entries: list[Cached] = []
        self.bindings: list[tuple] = []
        self.lights: list[list] = []

    def add(self, order: int, name: str, value: Any, entry: Cached, binding: tuple) -> None:
        self.orders.append(order)
        self.names.append(name)
        self.ids.append(id(value))
        self.type_ids.append(entry.type_id)
        self.signatures.append(entry.signature[0])
        self.entries.append(entry)
        self.bindings.append(binding)
        self.lights.append([entry.size, order, name, CARRIED, entry])

    def extend(self, other: Group) -> None:
        for field in _FIELDS:
            getattr(self, field).extend(getattr(other, field))
        self.checked = min(self.checked, other.checked)

    def keep(self, kept: list[bool]) -> None:
        """Keep the names at the places marked True only."""
        for field in _FIELDS:
            kept_values = itertools.compress(getattr(self, field), kept)
            code = _ARRAYS.get(field)
            setattr(self, field, list(kept_values) if code is None else array(code, kept_values))

    def move(self, orders: list[int]) -> None:
        """The names are at these places now (a name before them went)."""
        self.orders = orders
        for light, order in zip(self.lights, orders):
            light[1] = order  # `scanrecords.LIGHT_ORDER`: a record of this group's own

    def changes(
        self, values: list[Any], hidden: Any, places: list[int] | None = None
    ) -> list[bool]:
        """Which names still hold their object (True): the same by id, type, weak reference
        and signature, and still the user's (`hidden`: IPython's hidden names, a keys view).
        `values` are the objects of the names at `places` (None: of every name), in order.
        Mapped in C, with no Python call per name."""
        if places is None:
            ids, type_ids, signatures_then = self.ids, self.type_ids, self.signatures
            bindings, names = self.bindings, self.names
        else:
            ids, type_ids, signatures_then = (
                array(field.typecode, map(field.__getitem__, places))
                for field in (self.ids, self.type_ids, self.signatures)
            )
            bindings = list(map(self.bindings.__getitem__, places))
            names = list(map(self.names.__getitem__, places))
        ids_now = array(_ADDRESSES, map(id, values))
        type_ids_now = array(_ADDRESSES, map(id, map(type, values)))
        if ids_now == ids and type_ids_now == type_ids:
            same = [True] * len(values)
        else:
            same = list(
                map(
                    operator.and_,
                    map(operator.eq, ids_now, ids),
                    map(operator.eq, type_ids_now, type_ids),
                )
            )
        if self.weak:
            referents = map(_referent, map(_REF, bindings))
            same = list(map(operator.and_, same, map(operator.is_, referents, values)))
        if not hidden.isdisjoint(names):
            mine = map(operator.not_, map(hidden.__contains__, names))
            same = list(map(operator.and_, same, mine))
        # The signature is read only where the object and its type are the same: the
        # fingerprint is the type's own.
        try:
            if all(same):
                if array(_SIZES, map(self.fingerprint, values)) == signatures_then:
                    return same
                alike = list(range(len(same)))
            else:
                alike = list(itertools.compress(range(len(same)), same))
            signatures = list(map(self.fingerprint, map(values.__getitem__, alike)))
        except Exception:  # noqa: BLE001  (the scan's own check will say what it is)
            return [False] * len(same)
        before = list(map(signatures_then.__getitem__, alike))
        for place, now, then in zip(alike, signatures, before):
            same[place] = now == then
        return same

"""The names still bound to the small, unchanged objects they held at the last scan, found in bulk.

Most names of a namespace hold after a cell what they held before it: that is the scan's
common case, and checking each such name in Python was most of its cost. Here the check is
the one the scan makes for a single name (the same object by id, type and weak reference, the
same signature, the name still the user's), made for many names at once by mapping builtins
over them, with no Python frame per name. Only objects whose signature one builtin computes
(scalars, builtin containers) are checked this way; the names of a group where anything
changed are left to the scan's own check, one by one.

A group keeps the bindings and cached entries of its names, which the scan would otherwise copy
into its own dicts every time; it hands them back when it changes or is dropped. Its entries
need no check: a scan sizes no object it carried, so no other entry is made for one while it
stays carried, and every group is dropped at the first scan that is not complete.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable
from typing import Any, Protocol

from .signatures import bulk_fingerprint

_GROUP_SIZE = 64
"""Names per group: when one of them changes, the scan checks the others of its group alone."""

_referent = weakref.ref.__call__
_REF = operator.itemgetter(2)  # a binding's weak reference (see `namespace.Binding`)


class Cached(Protocol):
    """What the scan caches of an object it sized (see `namespace._Entry`)."""

    type_id: int
    kind: str
    base: type
    signature: tuple
    parts: dict


class Known:
    """What the last scan knew of names: their bindings by name, their entries by id."""

    __slots__ = ("bindings", "entries")

    def __init__(self) -> None:
        self.bindings: dict[str, tuple] = {}
        self.entries: dict[int, Cached] = {}

    def add(self, group: _Group) -> None:
        self.bindings.update(zip(group.names, group.bindings))
        self.entries.update(zip(group.ids, group.entries))


class Carried:
    """The names found unchanged, as parallel lists; and what the last scan knew of the names
    of the groups that changed, which the scan checks one by one."""

    __slots__ = ("changed", "entries", "ids", "names", "orders", "values")

    def __init__(self) -> None:
        self.orders: list[int] = []
        self.names: list[str] = []
        self.values: list[Any] = []
        self.ids: list[int] = []
        self.entries: list[Cached] = []
        self.changed = Known()


class _Group:
    """Names whose signatures one builtin computes, and what they were at the last scan."""

    __slots__ = (
        "bindings",
        "entries",
        "fingerprint",
        "ids",
        "names",
        "orders",
        "signatures",
        "type_ids",
        "weak",
    )

    def __init__(self, fingerprint: Callable[[Any], int], weak: bool) -> None:
        self.fingerprint = fingerprint
        self.orders: list[int] = []
        self.names: list[str] = []
        self.ids: list[int] = []
        self.type_ids: list[int] = []
        self.signatures: list[int] = []
        self.weak = weak
        self.entries: list[Cached] = []
        self.bindings: list[tuple] = []

    def unchanged(self, values: list[Any], hidden: Any) -> list[int] | None:
        """The ids of `values` if every name still holds its object, unchanged by its
        signature, and is still the user's (`hidden`: IPython's hidden names, a keys view)."""
        ids = list(map(id, values))
        if ids != self.ids or list(map(id, map(type, values))) != self.type_ids:
            return None
        if self.weak:
            refs = map(_REF, self.bindings)
            if not all(map(operator.is_, map(_referent, refs), values)):
                return None
        if not hidden.isdisjoint(self.names):
            return None
        try:
            same = list(map(self.fingerprint, values)) == self.signatures
        except Exception:  # noqa: BLE001  (the scan's own check will say what it is)
            return None
        return ids if same else None


class SteadyNames:
    """The light records of the last complete scan, grouped for `carry`."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._groups: list[_Group] = []

    def carry(self, names: list[str], values: list[Any], hidden: dict) -> Carried:
        """The names of the last scan's groups that are unchanged; `names` and `values` are
        this scan's listing (see `UserNames`). Only the unchanged groups are kept for the next
        scan, to which `remember` adds. Their bindings and entries stay here, out of the scan's
        own: the scan does not copy them each time."""
        carried = Carried()
        known = self._names
        # A name deleted (or set again) moves the names after it: the groups' places are
        # found again from their names, in C, and only the groups of names gone are dropped.
        places = None
        if len(names) < len(known) or names[: len(known)] != known:
            places = dict(zip(names, range(len(names))))
        kept = []
        hidden_names = dict.keys(hidden)
        for group in self._groups:
            if places is not None:
                orders = list(map(places.get, group.names))
                if None in orders:
                    carried.changed.add(group)
                    continue
                group.orders = orders
            found = list(map(values.__getitem__, group.orders))
            ids = group.unchanged(found, hidden_names)
            if ids is None:
                carried.changed.add(group)
                continue
            kept.append(group)
            carried.orders += group.orders
            carried.names += group.names
            carried.values += found
            carried.ids += ids
            carried.entries += group.entries
        self._groups = kept
        return carried

    def remember(self, names: list[str], fresh: list[tuple[int, str, Any, Cached, tuple]]) -> None:
        """After a complete scan: `names` is its listing, `fresh` the (order, name, object,
        entry, binding) of the light records it did not carry."""
        self._names = names
        open_groups: dict[tuple[Callable[[Any], int], bool], _Group] = {}
        for order, name, value, entry, binding in fresh:
            fingerprint = (
                None if entry.parts else bulk_fingerprint(entry.kind, entry.base, type(value))
            )
            if fingerprint is None:
                continue
            ref = binding[2]
            key = (fingerprint, ref is not None)
            group = open_groups.get(key)
            if group is None:
                group = open_groups[key] = _Group(fingerprint, ref is not None)
                self._groups.append(group)
            group.orders.append(order)
            group.names.append(name)
            group.ids.append(id(value))
            group.type_ids.append(entry.type_id)
            group.signatures.append(entry.signature[0])
            group.entries.append(entry)
            group.bindings.append(binding)
            if len(group.orders) == _GROUP_SIZE:
                del open_groups[key]

    def forget(self) -> Known:
        """After a partial scan (names it did not reach may have changed): what the groups
        knew, which the scan keeps as it keeps what it knows of the names it did not reach."""
        known = Known()
        for group in self._groups:
            known.add(group)
        self._names = []
        self._groups = []
        return known

"""The names still bound to the small, unchanged objects they held at the last scan, found in bulk.

Most names of a namespace hold after a cell what they held before it: that is the scan's
common case, and checking each such name in Python was most of its cost. Here the check is
the one the scan makes for a single name (the same object by id, type and weak reference, the
same signature, the name still the user's), made for many names at once by mapping builtins
over them, with no Python frame per name. Only objects whose signature one builtin computes
(scalars, builtin containers) are checked this way; a name found changed leaves its group and
is left to the scan's own check, one by one, while the rest of the group stays.

What a scan does here stays bounded by the cell, not the namespace: it checks (id, type, weak
reference, signature) the groups holding a name the cell's code names, or an object such a
name holds (`touched`, see `cellnames`), and `TURN` names more, those checked longest ago
first; the other names are not looked up at all. So a name rebound, or an object changed in
place, by code the cell does not name (a method of a user's class, another thread, a widget's
callback) is found within about ``len(names) / TURN`` scans, at most twice that while groups
are merged (see `remember`); until then the name is reported as it was, and its record is not
taken for another object's (see `Scan.carried_record`). A scan given no `touched` checks every
group; a name deleted is seen in the listing, whatever deleted it.

A group keeps the bindings and cached entries of its names, which the scan would otherwise copy
into its own dicts every time; it hands them back when a name changes or the group is dropped.
It also keeps each name's light record (see `scanrecords.Light`) from scan to scan, with
`CARRIED` where the object would be: the scan takes it from the namespace, by the name, when
it needs it (`Scan.light_value`), so that no user object is held between scans and a carried
name costs the scan no record of its own. Its entries need no check: a scan sizes no object it
carried, so no other entry is made for one while it stays carried, and every group is dropped
at the first scan that is not complete.
"""

from __future__ import annotations

import itertools
import operator
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, Protocol

from .signatures import bulk_fingerprint
from .steadytop import Largest

_GROUP_SIZE = 32
"""Names per group: one builtin mapped over a group checks it. Every scan checks a group whole
for each object the cell names: the fewer names a group has, the less that costs, the more
groups there are to go through (about 1 µs each)."""
TURN = 32
"""Names whose objects a scan checks for a change in place besides those the cell names."""

CARRIED = object()
"""In a carried light record, in the place of the object: take it from the namespace."""

_referent = weakref.ref.__call__
_REF = operator.itemgetter(2)  # a binding's weak reference (see `namespace.Binding`)


class Cached(Protocol):
    """What the scan caches of an object it sized (see `namespace._Entry`)."""

    type_id: int
    kind: str
    base: type
    signature: tuple
    parts: dict
    size: int


class Known:
    """What the last scan knew of names: their bindings by name, their entries by id."""

    __slots__ = ("bindings", "entries")

    def __init__(self) -> None:
        self.bindings: dict[str, tuple] = {}
        self.entries: dict[int, Cached] = {}

    def add(self, group: _Group, places: Iterable[int] | None = None) -> None:
        """The group's names, or those at these places in it."""
        if places is None:
            self.bindings.update(zip(group.names, group.bindings))
            self.entries.update(zip(group.ids, group.entries))
            return
        for place in places:
            self.bindings[group.names[place]] = group.bindings[place]
            self.entries[group.ids[place]] = group.entries[place]


class Carried:
    """What a scan takes from the groups: their light records by their objects' ids, their
    places and their number (kept by `SteadyNames`: read, never changed); and what the last
    scan knew of the names that changed, which the scan checks one by one."""

    __slots__ = ("by_id", "changed", "count", "places")

    def __init__(self) -> None:
        self.by_id: dict[int, list] = {}
        self.places: set[int] = set()
        self.count = 0
        self.changed = Known()


class _Group:
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
        self.ids: list[int] = []
        self.type_ids: list[int] = []
        self.signatures: list[int] = []
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

    def extend(self, other: _Group) -> None:
        for field in ("orders", "names", "ids", "type_ids", "signatures", "entries", "bindings"):
            getattr(self, field).extend(getattr(other, field))
        self.lights += other.lights
        self.checked = min(self.checked, other.checked)

    def keep(self, kept: list[bool]) -> None:
        """Keep the names at the places marked True only."""
        for field in (
            "orders",
            "names",
            "ids",
            "type_ids",
            "signatures",
            "entries",
            "bindings",
            "lights",
        ):
            setattr(self, field, list(itertools.compress(getattr(self, field), kept)))

    def move(self, orders: list[int]) -> None:
        """The names are at these places now (a name before them went)."""
        self.orders = orders
        for light, order in zip(self.lights, orders):
            light[1] = order  # `scanrecords.LIGHT_ORDER`: a record of this group's own

    def changes(self, values: list[Any], hidden: Any) -> list[bool]:
        """Which names still hold their object (True): the same by id, type, weak reference
        and signature, and still the user's (`hidden`: IPython's hidden names, a keys view).
        Mapped in C, with no Python call per name."""
        same = list(
            map(
                operator.and_,
                map(operator.eq, map(id, values), self.ids),
                map(operator.eq, map(id, map(type, values)), self.type_ids),
            )
        )
        if self.weak:
            referents = map(_referent, map(_REF, self.bindings))
            same = list(map(operator.and_, same, map(operator.is_, referents, values)))
        if not hidden.isdisjoint(self.names):
            mine = map(operator.not_, map(hidden.__contains__, self.names))
            same = list(map(operator.and_, same, mine))
        # The signature is read only where the object and its type are the same: the
        # fingerprint is the type's own.
        alike = list(itertools.compress(range(len(same)), same))
        try:
            signatures = list(map(self.fingerprint, map(values.__getitem__, alike)))
        except Exception:  # noqa: BLE001  (the scan's own check will say what it is)
            return [False] * len(same)
        before = list(map(self.signatures.__getitem__, alike))
        if signatures != before:
            for place, now, then in zip(alike, signatures, before):
                same[place] = now == then
        return same


class SteadyNames:
    """The light records of the last complete scan, grouped for `carry`."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._groups: list[_Group] = []
        self._scans = 0
        # Kept as names come and go, so that a scan takes them whole, never name by name: the
        # groups' light records by id, their places, their number, each name's group.
        self._by_id: dict[int, list] = {}
        self._orders: set[int] = set()
        self._count = 0
        self._group_of: dict[str, _Group] = {}
        self._shrunk = False
        """Whether a group lost names since the last `remember` (which then joins groups)."""
        self._open: dict[tuple[Callable[[Any], int], bool], _Group] = {}
        """The groups that new names fill, by fingerprint and weak referencing."""
        self._largest = Largest()

    def carry(
        self,
        names: list[str],
        user_ns: dict,
        hidden: dict,
        touched: Collection[str] | None = None,
    ) -> Carried:
        """The names of the last scan's groups that are unchanged, as far as this scan looks;
        `names` is this scan's listing of `user_ns` (see `UserNames`); `touched`: the names
        the cell's code names (None: check every group). Only the names kept are carried to
        the next scan, to which `remember` adds."""
        self._scans += 1
        carried = Carried()
        known = self._names
        # A name deleted (or set again) moves the names after it.
        moved = len(names) < len(known) or names[: len(known)] != known
        if moved:
            self._move(carried, names)
        checked = self._groups if touched is None else self._to_check(user_ns, touched)
        hidden_names = dict.keys(hidden)
        for group in checked:
            # Looked up in C; a name another thread deleted meanwhile is found changed.
            found = list(
                map(dict.get, itertools.repeat(user_ns), group.names, itertools.repeat(_GONE))
            )
            same = group.changes(found, hidden_names)
            group.checked = self._scans
            if not all(same):
                self._drop(carried, group, same)
        if self._shrunk:
            self._groups = [group for group in self._groups if group.names]
        if moved:
            self._orders = set(
                itertools.chain.from_iterable(group.orders for group in self._groups)
            )
        carried.by_id = self._by_id
        carried.places = self._orders
        carried.count = self._count
        return carried

    def _move(self, carried: Carried, names: list[str]) -> None:
        """The groups' places, found again from their names, in C; a name gone leaves."""
        places = dict(zip(names, range(len(names))))
        for group in self._groups:
            orders = list(map(places.get, group.names))
            if None in orders:
                present = [order is not None for order in orders]
                self._drop(carried, group, present)
                orders = list(itertools.compress(orders, present))
            group.move(orders)  # type: ignore[arg-type]
        self._largest.invalidate()

    def _to_check(self, user_ns: dict, touched: Collection[str]) -> list[_Group]:
        """The groups of the names the cell names, of the objects those names hold (another
        name carried for the same object), and a turn of others: looked up in C."""
        group_of = self._group_of
        chosen = set(map(group_of.get, touched))
        held = map(dict.get, itertools.repeat(user_ns), touched, itertools.repeat(_GONE))
        lights = filter(None, map(self._by_id.get, map(id, held)))
        chosen.update(map(group_of.get, map(_NAME, lights)))
        chosen.update(self._turn())
        chosen.discard(None)
        return list(chosen)  # type: ignore[arg-type]

    def _drop(self, carried: Carried, group: _Group, kept: list[bool]) -> None:
        """The names of `group` not marked True leave it: what was known of them goes to the
        scan, which checks them one by one."""
        gone = _false(kept)
        carried.changed.add(group, gone)
        for place in gone:
            self._by_id.pop(group.ids[place], None)
            self._orders.discard(group.orders[place])
            self._group_of.pop(group.names[place], None)
        self._count -= len(gone)
        self._largest.removed([group.lights[place] for place in gone])
        group.keep(kept)
        self._shrunk = True

    def _turn(self) -> list[_Group]:
        """The groups checked longest ago, `TURN` names at least."""
        chosen = []
        count = 0
        for group in sorted(self._groups, key=_CHECKED):
            if count >= TURN:
                break
            chosen.append(group)
            count += len(group.names)
        return chosen

    def remember(self, names: list[str], fresh: list[tuple[int, str, Any, Cached, tuple]]) -> None:
        """After a complete scan: `names` is its listing, `fresh` the (order, name, object,
        entry, binding) of the light records it did not carry. They fill the groups not full
        (names that changed left them), and a group less than half full joins another: so
        the groups stay few however many names come and go."""
        self._names = names
        if self._shrunk:
            self._join()
        open_groups = self._open
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
                group = open_groups[key] = _Group(fingerprint, ref is not None, self._scans)
                self._groups.append(group)
            group.add(order, name, value, entry, binding)
            self._by_id[id(value)] = group.lights[-1]
            self._largest.added(group.lights[-1])
            self._orders.add(order)
            self._group_of[name] = group
            self._count += 1
            if len(group.names) >= _GROUP_SIZE:
                del open_groups[key]

    def _join(self) -> None:
        """Groups less than half full join others of their kind; the open groups are found
        again."""
        self._shrunk = False
        open_groups: dict[tuple[Callable[[Any], int], bool], _Group] = {}
        groups = []
        for group in self._groups:
            key = (group.fingerprint, group.weak)
            into = open_groups.get(key)
            if into is not None and len(group.names) * 2 < _GROUP_SIZE:
                into.extend(group)
                self._group_of.update(dict.fromkeys(group.names, into))
                if len(into.names) >= _GROUP_SIZE:
                    del open_groups[key]
                continue
            groups.append(group)
            if len(group.names) < _GROUP_SIZE:
                open_groups[key] = group
        self._groups = groups
        self._open = open_groups

    def forget(self) -> Known:
        """After a partial scan (names it did not reach may have changed): what the groups
        knew, which the scan keeps as it keeps what it knows of the names it did not reach."""
        known = Known()
        for group in self._groups:
            known.add(group)
        self._names = []
        self._groups = []
        self._by_id = {}
        self._orders = set()
        self._count = 0
        self._group_of = {}
        self._shrunk = False
        self._open = {}
        self._largest.reset()
        return known

    def records(self) -> Iterator[list]:
        """Every light record carried."""
        return itertools.chain.from_iterable(group.lights for group in self._groups)

    def largest(self, count: int) -> list[list]:
        """Up to twice `count` of the largest light records carried, largest first."""
        return self._largest.of(count, (group.lights for group in self._groups))


_CHECKED = operator.attrgetter("checked")
_NAME = operator.itemgetter(2)  # a light record's name (`scanrecords.LIGHT_NAME`)
_GONE = object()


def _false(marks: list[bool]) -> list[int]:
    """The places marked False."""
    return [place for place, mark in enumerate(marks) if not mark]

"""The names still bound to the small, unchanged objects they held at the last scan, found in bulk.

Most names of a namespace hold after a cell what they held before it: that is the scan's
common case, and checking each such name in Python was most of its cost. Here the check is
the one the scan makes for a single name (the same object by id, type and weak reference, the
same signature, the name still the user's), made for many names at once by mapping builtins
over them, with no Python frame per name. Only objects whose signature one builtin computes
(scalars, builtin containers) are checked this way; a name found changed leaves its group and
is left to the scan's own check, one by one, while the rest of the group stays.

What a scan does here stays bounded by the cell, not the namespace: it checks (id, type, weak
reference, signature) the names the cell's code names and the names carried for an object such
a name holds (`touched`, see `cellnames`), each at its place in its group (not the group whole:
a group fills up as the session goes on, and the check would cost more with it), and whole
groups of `TURN` names more, those checked longest ago first; the other names are not looked
up at all. So a name rebound, or an object changed in
place, by code the cell does not name (a method of a user's class, another thread, a widget's
callback) is found within about ``len(names) / TURN`` scans, at most twice that (a turn
takes whole groups up to `TURN` names, and a group is at least half full but the last of its
kind, see `remember`); until then the name is reported as it was, and its record is not
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
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from .steadygroups import Cached, Group, bulk_check
from .steadytop import Largest

_GROUP_SIZE = 32
"""Names per group: one builtin mapped over a group checks it. A scan's turn takes whole groups
up to `TURN` names: the more names a group has, the fewer groups there are to go through (about
1 µs each), the more a turn may check past `TURN` when it takes one group larger than that."""
TURN = 32
"""Names whose objects a scan checks for a change in place besides those the cell names."""


class Known:
    """What the last scan knew of names: their bindings by name, their entries by id."""

    __slots__ = ("bindings", "entries")

    def __init__(self) -> None:
        self.bindings: dict[str, tuple] = {}
        self.entries: dict[int, Cached] = {}

    def add(self, group: Group, places: Iterable[int] | None = None) -> None:
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


class SteadyNames:
    """The light records of the last complete scan, grouped for `carry`."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._groups: list[Group] = []
        self._scans = 0
        # Kept as names come and go, so that a scan takes them whole, never name by name: the
        # groups' light records by id, their places, their number, each name's group.
        self._by_id: dict[int, list] = {}
        self._orders: set[int] = set()
        self._count = 0
        self._group_of: dict[str, Group] = {}
        self._shrunk = False
        """Whether a group lost names since the last `remember` (which then joins groups)."""
        self._open: dict[tuple[Callable[[Any], int], bool], Group] = {}
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
        # A list compares its items by identity first, in C, without touching them; a slice
        # would copy it, touching every name's string.
        if len(names) == len(known):
            moved = names is not known and names != known
        else:
            moved = len(names) < len(known) or names[: len(known)] != known
        if moved:
            self._move(carried, names)
        hidden_names = dict.keys(hidden)
        whole = self._groups if touched is None else self._turn()
        for group in whole:
            group.checked = self._scans
            self._check(carried, user_ns, hidden_names, group)
        if touched is not None:
            for group, places in self._to_check(user_ns, touched, whole).items():
                self._check(carried, user_ns, hidden_names, group, places)
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

    def _check(
        self,
        carried: Carried,
        user_ns: dict,
        hidden_names: Any,
        group: Group,
        places: list[int] | None = None,
    ) -> None:
        """The names of `group` (all, or those at `places`) whose object changed leave it."""
        names = group.names if places is None else list(map(group.names.__getitem__, places))
        # Looked up in C; a name another thread deleted meanwhile is found changed.
        found = list(map(dict.get, itertools.repeat(user_ns), names, itertools.repeat(_GONE)))
        same = group.changes(found, hidden_names, places)
        if all(same):
            return
        if places is not None:
            kept = [True] * len(group.names)
            for place, still in zip(places, same):
                kept[place] = still
            same = kept
        self._drop(carried, group, same)

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

    def _to_check(
        self, user_ns: dict, touched: Collection[str], whole: list[Group]
    ) -> dict[Group, list[int]]:
        """The names the cell names and those carried for the objects such names hold, by
        group and place, but in the groups checked `whole`: looked up in C."""
        group_of = self._group_of
        held = map(dict.get, itertools.repeat(user_ns), touched, itertools.repeat(_GONE))
        lights = filter(None, map(self._by_id.get, map(id, held)))
        chosen: dict[Group, list[int]] = {}
        skipped = set(whole)
        for name in {*filter(group_of.__contains__, touched), *map(_NAME, lights)}:
            group = group_of.get(name)
            if group is not None and group not in skipped:
                chosen.setdefault(group, []).append(group.names.index(name))
        return chosen

    def _drop(self, carried: Carried, group: Group, kept: list[bool]) -> None:
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

    def _turn(self) -> list[Group]:
        """The groups checked longest ago while they hold `TURN` names at most, one at least:
        not `TURN` names at least, which took a second group each scan once a session had
        filled them (a group that lost a name is one short of `TURN`)."""
        chosen = []
        count = 0
        for group in sorted(self._groups, key=_CHECKED):
            count += len(group.names)
            if chosen and count > TURN:
                break
            chosen.append(group)
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
            fingerprint = bulk_check(entry, value)
            if fingerprint is None:
                continue
            ref = binding[2]
            key = (fingerprint, ref is not None)
            group = open_groups.get(key)
            if group is None:
                group = open_groups[key] = Group(fingerprint, ref is not None, self._scans)
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
        open_groups: dict[tuple[Callable[[Any], int], bool], Group] = {}
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

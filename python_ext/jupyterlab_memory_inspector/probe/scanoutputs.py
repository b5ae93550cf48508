"""IPython's output cache (``Out``), looked at in turns: what a scan does there stays bounded
however long the session.

``Out`` keeps every displayed value until its ``cache_size`` (1,000 by default) culls it, and
most of them are small and never change. Looking at each of them on every scan cost 2 to 3 µs
apiece, a cost that grew with the session. Here a scan looks one by one only at the keys set
since the last scan (found from the end of the dict's insertion order, as `usernames` finds new
names), at those that were not small and unchanged (items, objects of the user's names), at
those holding an object that is an item of this scan, and at `TURN` of the others, those looked
at longest ago first; the others are taken as they were. A key of the turn whose object is the
same (id, type, weak reference) with the same signature, where one builtin computes it (as
`steady` checks names), stays settled: only a key found changed is looked at as a name is, and
what is kept of the others is not made again (remade every scan and kept for many, those records
were most of the small objects that a long session's scans left behind). So an output changed in
place, or replaced, is found within ``len(Out) / TURN`` scans; a key deleted (IPython culls the
oldest fifth when the cache is full) makes the scan look at every key, as does every
`FULL_EVERY`-th scan. What is kept of a settled output is its id, type id, binding and cached
entry: never a user's object.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import holders as places
from .scanrecords import BOUND_REF, OUTPUT, Item
from .steadygroups import bulk_check

if TYPE_CHECKING:
    from .namespace import Scan

TURN = 16
"""Settled outputs a scan looks at again one by one."""
FULL_EVERY = 128
"""Scans between two that look at every key."""
TAIL_LIMIT = 64
"""Keys looked at from the end for the last key of the last scan, beyond those added."""

_MISSING = object()

# What a settled key keeps: (where, id, type id, entry or None if not data, binding or None,
# the builtin computing the entry's signature or None).
_WHERE, _ID, _TYPE, _ENTRY, _BINDING, _BULK = range(6)


class OutputTurns:
    """What the last scans found at the keys of ``Out``: small and unchanged or not data
    (settled, in the order they were last looked at), or anything else (looked at every scan)."""

    def __init__(self) -> None:
        self._clear()
        self._scans = 0

    def _clear(self) -> None:
        self.lights = 0
        """Settled keys with an entry (the others hold objects that are not data)."""
        self.settled: dict[int, tuple] = {}
        self.by_id: dict[int, list[int]] = {}
        self.others: list[Any] = []
        self.last: int | None = None
        self.count = 0

    def collect(self, scan: Scan) -> None:
        """Collect the output cache's values into `scan`, as `Scan.take_light` and `Scan.add`
        do for names, and note where the cache holds this scan's items."""
        out = places.output_cache(scan.shell)
        if out is None:
            self._clear()
            return
        self._scans += 1
        check = self._to_look_at(scan, out)
        if check is None:
            self._unsettle_all(scan)
            check = list(itertools.islice(reversed(dict.keys(out)), places.OUTPUT_LIMIT))
        # The settled outputs not looked at are taken as the last look found them.
        scan.scanner.reused += self.lights
        others: list[Any] = []
        for key in check:
            value = dict.get(out, key, _MISSING)
            if value is not _MISSING:
                self._look(scan, key, value, others)
        self.others = others
        last = next(reversed(dict.keys(out)), None)
        self.last = last if type(last) is int else None
        self.count = dict.__len__(out)

    def _to_look_at(self, scan: Scan, out: dict) -> list[Any] | None:
        """The keys to look at one by one, newest first; None where every key must be."""
        count = dict.__len__(out)
        if self.last is None or count > places.OUTPUT_LIMIT or self._scans % FULL_EVERY == 0:
            return None
        added: list[Any] = []
        last = self.last
        for key in itertools.islice(
            reversed(dict.keys(out)), max(0, count - self.count) + TAIL_LIMIT
        ):
            if key is last:
                break
            added.append(key)
        else:
            return None
        if self.count + len(added) != count:
            return None
        settled = self.settled
        turn = self._changed(scan, out, list(itertools.islice(settled, TURN)))
        held = [
            key for item in scan.items for key in self.by_id.get(id(item.obj), ()) if key in settled
        ]
        check = added + list(dict.fromkeys([*self.others, *held, *turn]))
        for key in (*held, *turn):
            self._unsettle(scan, key)
        check.sort(key=_newest_first)
        return check

    def _changed(self, scan: Scan, out: dict, keys: list[int]) -> list[int]:
        """The settled keys, of these, whose objects may have changed; the others are looked
        at now, in bulk: they move to the end of the turn, and what they keep stays as it is."""
        settled = self.settled
        by_id = scan.by_id
        carried = scan.carried_by_id
        changed = []
        for key in keys:
            kept = settled[key]
            value = dict.get(out, key, _MISSING)
            oid = id(value)
            if oid != kept[_ID] or id(type(value)) != kept[_TYPE] or oid in by_id or oid in carried:
                changed.append(key)
                continue
            binding = kept[_BINDING]
            ref = None if binding is None else binding[BOUND_REF]
            entry = kept[_ENTRY]
            if (ref is not None and ref() is not value) or (
                entry is not None and not _same_signature(kept[_BULK], value, entry.signature)
            ):
                changed.append(key)
                continue
            del settled[key]
            settled[key] = kept
        return changed

    def _unsettle_all(self, scan: Scan) -> None:
        """Every key is to be looked at: what the last looks found goes back to the scan."""
        for kept in self.settled.values():
            if kept[_ENTRY] is not None:
                scan.before[kept[_WHERE]] = kept[_BINDING]
                scan.known[kept[_ID]] = kept[_ENTRY]
        self._clear()

    def _unsettle(self, scan: Scan, key: int) -> None:
        """Take a key out of the settled ones, to be looked at; what the last look found there
        goes back to the scan's bindings and cache, for `Scan.take_light` to check it."""
        kept = self.settled.pop(key, None)
        if kept is None:
            return
        keys = self.by_id.get(kept[_ID])
        if keys is not None:
            keys.remove(key)
            if not keys:
                del self.by_id[kept[_ID]]
        if kept[_ENTRY] is not None:
            self.lights -= 1
            scan.before[kept[_WHERE]] = kept[_BINDING]
            scan.known[kept[_ID]] = kept[_ENTRY]

    def _look(self, scan: Scan, key: Any, value: Any, others: list[Any]) -> None:
        """Look at one output as the scan looks at a name, and note what it was."""
        if type(key) is not int:
            others.append(key)
            return
        self._unsettle(scan, key)
        where = f"Out[{key}]"
        oid = id(value)
        known = scan.record_of(value)
        if known is None:
            # One still small, unchanged and holding no buffer is never listed, so it is only
            # noted, like an unchanged name.
            light = scan.take_light(where, value, scan.order, with_parts=False)
            if light is not None:
                scan.scanner.reused += 1
                entry = light[-1]
                bulk = bulk_check(entry, value)
                self._settle(key, (where, oid, entry.type_id, entry, scan.bound[where], bulk))
                return
            if not scan.add(value, OUTPUT, where):
                self._settle(key, (where, oid, id(type(value)), None, None, None))
                return
        others.append(key)
        if type(known) is Item or known is None:
            scan.out_keys.setdefault(oid, []).append(key)
            scan.holders.add(oid, places.OUTPUT_CACHE, where)

    def _settle(self, key: int, kept: tuple) -> None:
        self.lights += kept[_ENTRY] is not None
        self.settled[key] = kept
        self.by_id.setdefault(kept[_ID], []).append(key)


def _same_signature(bulk: Callable[[Any], int] | None, value: Any, signature: tuple) -> bool:
    """Whether `bulk` (a builtin, see `signatures.bulk_fingerprint`) finds the signature the
    same; False where there is none to compute it."""
    if bulk is None:
        return False
    try:
        return (bulk(value),) == signature
    except Exception:  # noqa: BLE001  (looked at one by one, which says what it is)
        return False


def _newest_first(key: Any) -> tuple[bool, Any]:
    # Execution counts, newest first, as a full look goes: holders are listed in the order
    # found. A key of another type (never IPython's) last.
    return (type(key) is not int, -key if type(key) is int else 0)

"""The scan of the user's namespace after a cell: its largest objects and what holds them.

One :class:`NamespaceScanner` lives for the kernel's life. Each scan lists the objects that the
user's names bind, the output cache keeps and the last exception's frames keep; sizes them (see
`sizing`) under a time budget, largest candidates first, reusing the size of every object that
has not changed since an earlier scan; counts each shared data buffer (a numpy base, a pandas
block, a torch storage) once; and says what holds each large object (see `holders`).

Between scans the scanner keeps ids, weak references, sizes and cheap signatures, never a
strong reference to a user object. A scan never raises: an object that cannot be sized is left
out and counted as unsized, and a KeyboardInterrupt ends the scan with what it has.
"""

from __future__ import annotations

import builtins
import heapq
import itertools
import operator
import sys
import time
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from . import holders as places
from .encoding import encode
from .holders import Holders
from .kinds import CONTAINERS, OBJECT, SKIP
from .lib_numpy import NDARRAY
from .lib_pandas import PANDAS_FRAME, PANDAS_INDEX, PANDAS_SERIES
from .lib_tables import ARROW, POLARS
from .lib_torch import TENSOR
from .libraries import Libraries
from .signatures import fingerprint, signature
from .sizing import Measure, OutOfTime, Sizer
from .steady import Carried, SteadyNames
from .typeinfo import inherits, type_name, weakref_allowed
from .usernames import UserNames

LARGE = 1 << 20
"""Items that keep this much alive get their holders (a view of a large array too, though its
own size is 0); output and exception items are listed only from this size up."""

NAME = "name"
OUTPUT = "output"
EXCEPTION = "exception"

UNOWNED_VIEW = {NDARRAY: "an ndarray that no name holds", TENSOR: "a tensor that no name holds"}

# Library objects are sized in microseconds whatever their size, so they go first; then the
# builtin scalars; walks of containers and plain objects, the slow ones, last.
_LIBRARY_KINDS = frozenset(
    (NDARRAY, PANDAS_FRAME, PANDAS_SERIES, PANDAS_INDEX, TENSOR, POLARS, ARROW)
)
_CHECK_EVERY = 256
_COLLECT_SHARE = 0.4
_COLLECT_SHARE_IDLE = 0.9
_FEW_PENDING = 16
_NEWEST = 256
_SIZING_FLOOR = 0.1
_KEEP_FACTOR = 4
_KEEP_MINIMUM = 1000
_MISSING = object()
_SIZE = operator.attrgetter("size")

Binding = tuple  # (id, id of its type, weakref or None): what a name was bound to at a scan


class _Entry:
    """A cached size: valid while the same object (weakref, or id and type) has the same
    signature and the items it found inside are still items.

    `kind` and `base` say how it was sized; `base` is a builtin or library class, never a
    user's. A `light` entry (small, with no items inside it) lets an unchanged name skip
    most of the scan's bookkeeping.
    """

    __slots__ = (
        "base",
        "fingerprint",
        "kind",
        "light",
        "measure",
        "memberships",
        "parts",
        "ref",
        "rendered",
        "signature",
        "size",
        "type_id",
    )

    def __init__(self, obj: Any, item: _Item, sig: tuple, measure: Measure) -> None:
        cls = type(obj)
        self.type_id = id(cls)
        self.ref = weakref.ref(obj) if weakref_allowed(cls) else None
        self.kind = item.sizing
        self.base = item.base
        self.fingerprint = fingerprint(item.sizing)
        self.signature = sig
        self.measure = measure
        self.size = measure.size
        self.parts = measure.parts
        self.light = measure.size < LARGE and not measure.members and not measure.sampled
        self.memberships: tuple[frozenset[int], list[tuple[int, str]]] | None = None
        self.rendered: tuple[tuple, dict, str] | None = None


class _Item:
    """One object the report may list. Holds the object strongly, for one scan only."""

    __slots__ = (
        "aliases",
        "base",
        "entry",
        "kind",
        "light",
        "lost",
        "measure",
        "name",
        "new",
        "obj",
        "order",
        "reused",
        "size",
        "sizing",
        "viewers",
    )

    def __init__(self, obj: Any, kind: str, name: str, sizing: tuple[str, type]) -> None:
        self.obj = obj
        self.kind = kind
        self.name = name
        self.sizing, self.base = sizing
        self.order = 0
        self.new = True
        self.light = False
        self.entry: _Entry | None = None
        self.aliases: list[str] | tuple[()] = ()
        self.measure: Measure | None = None
        self.reused = False
        self.size = 0
        self.lost: list[_Item] | tuple[()] = ()
        self.viewers: list[tuple[_Item, str]] | tuple[()] = ()


class NamespaceScanner:
    """Finds the largest objects in an IPython namespace, cell after cell."""

    def __init__(self) -> None:
        self._cache: dict[int, _Entry] = {}
        self._bound: dict[str, Binding] = {}
        self._resume = 0
        self._listed: dict[int, str] = {}
        self._names = UserNames()
        self._steady = SteadyNames()
        self._libraries = Libraries()
        self.sized = 0
        """Objects the last scan sized afresh."""
        self.reused = 0
        """Objects whose size the last scan took from the cache."""
        self.unsized = 0
        """Objects the last scan could not size: they raised, or the budget ran out first."""
        self.items_json: list[str] | None = None
        """The JSON texts of the last report's items, in order; None if it failed."""

    def scan(self, shell: Any, budget: float = 0.05, max_items: int = 20) -> dict:
        """Return a VariablesReport dict (schema: definitions/VariablesReport) for shell.user_ns."""
        started = time.perf_counter()
        self.items_json = None
        run = _Scan(self, shell, started, _seconds(budget))
        try:
            run.run(max_items)
        except KeyboardInterrupt:
            run.partial = True
        except Exception:  # noqa: BLE001  (the scan must never raise into the user's cell)
            run.partial = True
        try:
            return run.report(max_items)
        except (Exception, KeyboardInterrupt):  # noqa: BLE001  (not even while reporting)
            return _empty_report(started, run.budget)
        finally:
            run.close()


def _seconds(budget: Any) -> float:
    try:
        return max(0.0, float(budget))
    except (TypeError, ValueError):
        return 0.0


def _empty_report(started: float, budget: float) -> dict:
    return {
        "items": [],
        "partial": True,
        "scanned": 0,
        "total": 0,
        "elapsed": max(0.0, time.perf_counter() - started),
        "budget": budget,
    }


class _Scan:
    """The state of one scan; dropped, with every reference it holds, when the scan returns."""

    def __init__(
        self, scanner: NamespaceScanner, shell: Any, started: float, budget: float
    ) -> None:
        self.scanner = scanner
        self.shell = shell
        self.started = started
        self.budget = budget
        self.deadline = started + budget
        self.partial = False
        self.done = False
        self.total = 0
        self.settled = 0
        self.items: list[_Item] = []
        self.by_id: dict[int, _Item | list] = {}
        self.lights: list[list] = []
        self.fresh: list[list] = []
        self.names: list[str] = []
        self.carried: set[int] = set()
        self.light_parts: dict[Any, list] = {}
        self.promoted: set[int] = set()
        self.order = 0
        self.rotation: tuple[int, int] | None = None
        self.pending = 0
        self.libraries = scanner._libraries
        self.bound: dict[str, Binding] = {}
        self.before = scanner._bound
        self.with_parts: list[_Item] = []
        self.cache: dict[int, _Entry] = {}
        self.known = scanner._cache
        self.holders = Holders()
        self.out_keys: dict[int, list[int]] = {}
        self.user_ns: dict = {}
        self.hidden: dict = {}
        self.sizer: Sizer | None = None

    def close(self) -> None:
        """Drop every reference to the user's objects now. Items refer to each other (a view
        and its base), so waiting for the garbage collector would keep them alive meanwhile."""
        for item in self.items:
            item.obj = None
            item.lost = ()
            item.viewers = ()
        self.items.clear()
        self.by_id.clear()
        self.lights.clear()
        self.fresh.clear()
        self.light_parts.clear()
        self.sizer = None
        self.user_ns = {}
        self.hidden = {}

    def run(self, max_items: int) -> None:
        scanner = self.scanner
        scanner.sized = scanner.reused = scanner.unsized = 0
        self._collect()
        if self.sizer is not None:
            # However long collecting took, some sizing each time, so that scans progress.
            floor = time.perf_counter() + self.budget * _SIZING_FLOOR
            self.sizer.deadline = max(self.deadline, floor)
        self._size_all()
        self._resume_at_unsized()
        self._refresh_largest(max_items)
        self._attribute_parts()
        self.done = True

    def _collect(self) -> None:
        user_ns = getattr(self.shell, "user_ns", None)
        if user_ns is None or not inherits(type(user_ns), dict):
            return
        hidden = getattr(self.shell, "user_ns_hidden", None)
        self.user_ns = user_ns
        if type(hidden) is not dict:
            # Read through dict's own C code: a subclass's overrides never run here.
            hidden = dict(dict.items(hidden)) if inherits(type(hidden), dict) else {}
        self.hidden = hidden
        self.scanner._libraries.refresh()
        ignore = {id(user_ns), id(self.hidden), id(sys.modules), id(builtins.__dict__)}
        self.sizer = Sizer(self.scanner._libraries, self.deadline, self.by_id, ignore)
        self._collect_names()
        self._collect_outputs()
        self._collect_exception()

    def _collect_names(self) -> None:
        """The user's names, under a share of the budget (see `_collecting_done`).

        First the newest names (a dict keeps insertion order: the cell just run made them),
        then those the last report listed, then the rest from where the last partial scan
        stopped, so that scans of a huge namespace go round it. A name's `order` is its place
        in the namespace. The names left when time is up are only counted.
        """
        scanner = self.scanner
        user_ns = self.user_ns
        # IPython's `_`-names, a hidden `_iN` more every cell, are never the user's (see
        # `_visible`): left out by the listing, not visited one by one.
        names = scanner._names.of(user_ns, self.hidden)
        # Looked up in C; a name another thread deleted meanwhile is left out by `_visit`.
        values = list(map(dict.get, itertools.repeat(user_ns), names, itertools.repeat(_MISSING)))
        count = len(names)
        self.names = names
        self._carry(scanner._steady.carry(names, values, self.hidden))
        head = max(0, count - _NEWEST)
        resume = scanner._resume if scanner._resume < head else 0
        listed = [
            order
            for order, name in scanner._listed.items()
            if order < head and names[order] == name
        ]
        stopped = self._visit(names, values, range(count - 1, head - 1, -1))
        if stopped is None:
            stopped = self._visit(names, values, listed)
        if stopped is None:
            stopped = self._visit(names, values, _rotation(resume, head, listed))
            scanner._resume = 0 if stopped is None else stopped
            self.rotation = (resume, head)
        if stopped is not None:
            self.partial = True
            self.total = _estimated_total(self.user_ns, self.hidden)
        self.order = count
        scanner.reused += len(self.lights)

    def _visit(self, names: list[str], values: list[Any], orders: Iterable[int]) -> int | None:
        """Collect the names at these places (each visited once a scan); the place where time
        ran out, if it did.

        This loop runs once per name per cell: the common case, a name still bound to the
        same small, unchanged object, takes the short way (see `_take_light`).
        """
        hidden = self.hidden
        by_id = self.by_id
        carried = self.carried
        if carried:
            orders = itertools.filterfalse(carried.__contains__, orders)
        for step, order in enumerate(orders):
            if step % _CHECK_EVERY == 0 and self._collecting_done():
                return order
            value = values[order]
            if value is _MISSING:
                continue
            name = names[order]
            # Only a `_`-name or a hidden one can be IPython's: others skip the full test.
            if (name[:1] == "_" or name in hidden) and not _visible(name, value, hidden):
                continue
            self.total += 1
            oid = id(value)
            known = by_id.get(oid)
            if known is not None:
                self._alias(known, name, value, order)
                continue
            light = self._take_light(name, value, order, with_parts=True)
            if light is not None:
                self.lights.append(light)
                self.fresh.append(light)
                parts = light[4].parts
                if parts:
                    self._share(light, parts)
                continue
            self.order = order
            if not self._add(value, NAME, name):
                self.settled += 1
        return None

    def _carry(self, carried: Carried) -> None:
        """Take the names found unchanged in bulk as light records, as `_take_light` would,
        but leave their bindings and entries with `SteadyNames`; and look up the names of the
        groups that changed in what the last scan knew of them."""
        lights = list(
            map(
                list,
                zip(
                    map(_SIZE, carried.entries),
                    carried.orders,
                    carried.names,
                    carried.values,
                    carried.entries,
                ),
            )
        )
        self.lights += lights
        self.by_id.update(zip(carried.ids, lights))
        self.carried = set(carried.orders)
        changed = carried.changed
        if changed.bindings:
            self.before = {**self.before, **changed.bindings}
            self.known = {**self.known, **changed.entries}
        self.total += len(lights)

    def _collecting_done(self) -> bool:
        """Collecting takes a share of the budget, so that sizing gets time too; more of it
        while there is little to size (the names seen so far had their sizes cached)."""
        elapsed = time.perf_counter() - self.started
        if elapsed <= self.budget * _COLLECT_SHARE:
            return False
        return self.pending > _FEW_PENDING or elapsed > self.budget * _COLLECT_SHARE_IDLE

    def _alias(self, known: _Item | list, name: str, value: Any, order: int) -> None:
        """Another name for an object already seen: the item goes by the oldest name."""
        new = self._bind(name, value)
        if type(known) is not _Item and not new:
            # A light record is small: its other names are counted, and need no holders.
            if order < known[1]:
                known[1:3] = [order, name]
            self.settled += 1
            return
        item = known if type(known) is _Item else self._promote(known)
        if order > item.order:
            item.aliases = [*item.aliases, name]
            self.holders.add(id(value), places.NAME, name)
            return
        item.aliases = [*item.aliases, item.name]
        self.holders.add(id(value), places.NAME, item.name)
        item.name = name
        item.new = new
        item.order = order

    def _take_light(self, name: str, value: Any, order: int, *, with_parts: bool) -> list | None:
        """If `name` is bound to the same small object as at the last scan (same id and type,
        and the same weakly referenced object where there is one) with the same signature,
        note it as a light record, not an item (unless it ranks), and return the record.
        `with_parts`: whether an object that shares buffers may be one."""
        oid = id(value)
        before = self.before.get(name)
        if before is None or before[0] != oid:
            return None
        entry = self.known.get(oid)
        if entry is None or not entry.light or (entry.parts and not with_parts):
            return None
        type_id = id(type(value))
        ref = before[2]
        if (
            before[1] != type_id
            or entry.type_id != type_id
            or (ref is not None and ref() is not value)
        ):
            return None
        try:
            signature = entry.fingerprint(value, entry.kind, entry.base, self.libraries)
        except Exception:  # noqa: BLE001  (an object that fails its signature is sized afresh)
            return None
        if signature != entry.signature:
            return None
        light = [entry.size, order, name, value, entry]
        self.by_id[oid] = light
        self.bound[name] = before
        self.cache[oid] = entry
        return light

    def _share(self, light: list, parts: dict) -> None:
        """Note a light record's buffers: two records sharing one become items, so that
        _attribute_parts counts the buffer once."""
        for key in parts:
            other = self.light_parts.setdefault(key, light)
            if other is not light:
                self._promote(other)
                self._promote(light)

    def _promote(self, light: list) -> _Item:
        """Turn a light record into an item, once."""
        known = self.by_id.get(id(light[3]))
        if type(known) is _Item:
            return known
        item = _from_light(light)
        item.reused = True
        self.items.append(item)
        self.by_id[id(item.obj)] = item
        self.promoted.add(id(light))
        if item.measure.parts:  # type: ignore[union-attr]
            self.with_parts.append(item)
        return item

    def _add(self, value: Any, kind: str, name: str) -> bool:
        """Make `value` an item; False if it is not data (a module, class, function, ...)."""
        assert self.sizer is not None
        sizing = self.sizer.kind_of(type(value))
        if sizing[0] == SKIP:
            return False
        item = _Item(value, kind, name, sizing)
        item.order = self.order
        self.order += 1
        item.new = self._bind(name, value)
        self.items.append(item)
        self.by_id[id(value)] = item
        if not self._reuse(item, final=False):
            self.pending += 1
        return True

    def _bind(self, name: str, value: Any) -> bool:
        """Note what `name` holds for the next scan; whether it held something else before."""
        oid = id(value)
        type_id = id(type(value))
        before = self.before.get(name)
        if before is not None and before[0] == oid and before[1] == type_id:
            ref = before[2]
            if ref is None or ref() is value:
                self.bound[name] = before
                return False
        ref = weakref.ref(value) if weakref_allowed(type(value)) else None
        self.bound[name] = (oid, type_id, ref)
        return True

    def _collect_outputs(self) -> None:
        by_id = self.by_id
        for where, out_key, value in places.output_places(self.shell, self.user_ns):
            oid = id(value)
            known = by_id.get(oid)
            if known is None:
                # The cache keeps every displayed value: one still small, unchanged and holding
                # no buffer is never listed, so it is only noted, like an unchanged name.
                if self._take_light(where, value, self.order, with_parts=False) is not None:
                    self.scanner.reused += 1
                    continue
                self._add(value, OUTPUT, where)
            elif type(known) is not _Item:
                # A small unchanged name: no holder of it is ever reported.
                continue
            if out_key is not None:
                self.out_keys.setdefault(oid, []).append(out_key)
            self.holders.add(oid, places.OUTPUT_CACHE, where)

    def _collect_exception(self) -> None:
        for where, label, value in places.exception_places(self.shell, self.user_ns):
            oid = id(value)
            if oid not in self.by_id:
                self._add(value, EXCEPTION, label)
            self.holders.add(oid, places.EXCEPTION, where)

    def _size_all(self) -> None:
        pending = [
            item
            for item in self.items
            if item.measure is None and not self._reuse(item, final=True)
        ]
        pending.sort(key=_sizing_order)
        for item in pending:
            try:
                self._measure(item)
            except OutOfTime:
                self.partial = True
                return
            except Exception:  # noqa: BLE001  (a hostile object is left unsized, the scan goes on)
                self.scanner.unsized += 1

    def _resume_at_unsized(self) -> None:
        """If time ran out before names the rotation reached were sized, the next scan goes
        round from the first of them, not past them."""
        if self.rotation is None:
            return
        start, head = self.rotation
        unsized = [
            item.order
            for item in self.items
            if item.kind == NAME and item.measure is None and item.order < head
        ]
        if unsized:
            self.scanner._resume = min(unsized, key=lambda order: (order - start) % head)

    def _reuse(self, item: _Item, *, final: bool) -> bool:
        """Take the cached size if the same object is there, unchanged by its signature.

        Not `final` while items are still being collected: a size that left out the items it
        met inside must wait until all items are known (an item gone is counted inside now).
        """
        obj = item.obj
        oid = id(obj)
        entry = self.known.get(oid)
        if entry is None or entry.type_id != id(type(obj)):
            return False
        if entry.ref is not None and entry.ref() is not obj:
            return False
        measure = entry.measure
        if measure.members and (
            not final or any(member not in self.by_id for member in measure.members)
        ):
            return False
        try:
            unchanged = entry.signature == signature(
                obj, item.sizing, item.base, self.scanner._libraries
            )
        except Exception:  # noqa: BLE001  (an object that fails its signature is sized afresh)
            return False
        if unchanged:
            self._sized(item, measure)
            item.reused = True
            self.cache[oid] = entry
            self.scanner.reused += 1
        return unchanged

    def _sized(self, item: _Item, measure: Measure) -> None:
        if measure.parts and (item.measure is None or not item.measure.parts):
            self.with_parts.append(item)
        item.measure = measure
        item.size = measure.size

    def _measure(self, item: _Item) -> None:
        assert self.sizer is not None
        obj = item.obj
        measure = self.sizer.measure(obj, item.sizing, item.base)
        self._sized(item, measure)
        item.reused = False
        self.scanner.sized += 1
        sig = signature(obj, item.sizing, item.base, self.scanner._libraries)
        if sig is not None:
            self.cache[id(obj)] = _Entry(obj, item, sig, measure)

    def _refresh_largest(self, max_items: int) -> None:
        """Size the largest reused containers again while the budget lasts: an element changed
        in place leaves their length, and so their signature, as it was."""
        if self.partial:
            return
        stale = [
            item
            for item in self.items
            if item.reused
            and item.measure is not None
            and item.measure.size >= LARGE
            and (item.sizing in CONTAINERS or item.sizing == OBJECT)
        ]
        stale.sort(key=lambda item: -item.measure.size)  # type: ignore[union-attr]
        for item in stale[:max_items]:
            before = self.cache.get(id(item.obj))
            try:
                self._measure(item)
            except OutOfTime:
                return
            except Exception:  # noqa: BLE001  (keep the cached size of an object that now fails)
                continue
            after = self.cache.get(id(item.obj))
            if before is not None and after is not None and after.size == before.size:
                # The same sample gave the same size: its content most likely stayed too.
                after.memberships = before.memberships

    def _attribute_parts(self) -> None:
        """Count each shared buffer for one item: the array that owns it, else the first item
        that holds it directly (a data frame's block), else the first view of it."""
        for item in list(self.with_parts):
            for key in item.measure.parts:  # type: ignore[union-attr]
                light = self.light_parts.get(key)
                if light is not None:
                    self._promote(light)
        sharers: dict[Any, list[tuple[_Item, tuple]]] = {}
        for item in sorted(self.with_parts, key=_by_order):
            for key, part in item.measure.parts.items():  # type: ignore[union-attr]
                sharers.setdefault(key, []).append((item, part))
        for holders in sharers.values():
            if len(holders) < 2:
                continue
            owner, _ = min(holders, key=_claim_order)
            for item, part in holders:
                if item is not owner:
                    item.size = max(0, item.size - part[0])
                    item.lost = [*item.lost, owner]
                    owner.viewers = [*owner.viewers, (item, part[3])]

    def report(self, max_items: int) -> dict:
        ranked = self._ranked(max(0, int(max_items)))
        self._find_holders([record[2] for record in ranked if len(record) == 3])
        rendered = [
            self._record(record[2]) if len(record) == 3 else self._record_light(record)
            for record in ranked
        ]
        self._remember()
        self.scanner._listed = {
            record[1]: record[2] if len(record) != 3 else record[2].name
            for record in ranked
            if len(record) != 3 or record[2].kind == NAME
        }
        report = {
            "items": [record for record, _ in rendered],
            "partial": self.partial or not self.done,
            "scanned": self._scanned(),
            "total": self.total,
            "elapsed": max(0.0, time.perf_counter() - self.started),
            "budget": self.budget,
        }
        self.scanner.items_json = [text for _, text in rendered]
        return report

    def _scanned(self) -> int:
        """Names whose object was sized (or is not data), out of `total`."""
        # A promoted light record's own name is counted among the light records.
        named = sum(
            len(item.aliases) + (not item.light)
            for item in self.items
            if item.kind == NAME and item.measure is not None
        )
        return self.settled + named + len(self.lights)

    def _ranked(self, max_items: int) -> list[list]:
        """The largest items, largest first (ties newest first): ``[size, order, item]`` for
        an item, the light record itself for a light one. Output and exception items are
        listed only when large: the output cache is full of small values."""
        listed = [
            [item.size, item.order, item]
            for item in self.items
            if item.measure is not None and (item.kind == NAME or item.size >= LARGE)
        ]
        lights = self.lights
        if self.promoted:
            lights = [light for light in lights if id(light) not in self.promoted]
        # (size, order) never ties, so records are never compared past it.
        return heapq.nlargest(max_items, itertools.chain(listed, lights))

    def _find_holders(self, ranked: list[_Item]) -> None:
        large = {id(item.obj): item for item in ranked if _keeps_large(item)}
        if not large:
            return
        for item in self.items:
            if item.measure is not None:
                for oid, path in item.measure.members.items():
                    if oid in large:
                        self.holders.add(oid, _HOLDER_INSIDE[item.kind], item.name + path)
        for oid, item in large.items():
            for where in places.output_aliases(
                self.user_ns, self.hidden, self.out_keys.get(oid, []), oid
            ):
                self.holders.add(oid, places.OUTPUT_CACHE, where)
            for viewer, path in item.viewers:
                self.holders.add(oid, places.VIEW, viewer.name + path)
            for owner in item.lost:
                self.holders.add(oid, places.BASE, owner.name)
        self._find_memberships(set(large))

    def _find_memberships(self, wanted: set[int]) -> None:
        """Look through the sampled containers for large items that sizing did not meet. An
        unchanged container looked through for the same items before is not looked again."""
        for item in self.items:
            measure = item.measure
            if item.kind != NAME or measure is None or not measure.sampled:
                continue
            others = frozenset(wanted - {id(item.obj)})
            if item.sizing not in CONTAINERS or not others:
                continue
            entry = self.cache.get(id(item.obj))
            if (
                entry is not None
                and entry.memberships is not None
                and entry.memberships[0] == others
            ):
                found = entry.memberships[1]
            elif time.perf_counter() > self.deadline:
                self.partial = True
                return
            else:
                try:
                    found = places.memberships(
                        item.obj, item.sizing, item.base, others, self.deadline
                    )
                except Exception:  # noqa: BLE001  (changed by another thread meanwhile: skip it)
                    continue
                if entry is not None and time.perf_counter() <= self.deadline:
                    entry.memberships = (others, found)
            for oid, where in found:
                self.holders.add(oid, places.CONTAINER, item.name + where)

    def _record_light(self, light: list) -> tuple[dict, str]:
        """A light record's report entry, and its JSON text: as it rendered last time, for an
        object most often listed under the same name cell after cell."""
        size, _, name, _, entry = light
        return _rendered(entry, (name, False, size)) or self._record(_from_light(light))

    def _record(self, item: _Item) -> tuple[dict, str]:
        """The item's report entry, and its JSON text."""
        # An unchanged small object listed under the same name renders as last time: most of
        # a report, cell after cell.
        plain = not item.lost and not item.viewers and not _keeps_large(item)
        entry = item.entry if plain else None
        key = (item.name, item.new, item.size)
        rendered = None if entry is None else _rendered(entry, key)
        if rendered is not None:
            return rendered
        measure = item.measure
        assert measure is not None
        record = {
            "name": item.name,
            "kind": item.kind,
            "type": _safe_type_name(item.obj),
            "size": int(item.size),
            "exact": bool(measure.exact),
            "summary": measure.summary,
            "new": item.new,
            "view_of": self._view_of(item),
            "holders": self.holders.of(id(item.obj), item.name) if _keeps_large(item) else [],
        }
        text = encode(record)
        if entry is not None:
            entry.rendered = (key, dict(record), text)
        return record, text

    def _view_of(self, item: _Item) -> str | None:
        """The item whose data this one shares entirely; for an array or tensor that views a
        buffer no item owns, a description of that buffer."""
        measure = item.measure
        assert measure is not None
        owners = {id(owner) for owner in item.lost}
        if len(owners) == 1 and len(item.lost) == len(measure.parts):
            return item.lost[0].name
        views = any(not is_self for _, _, is_self, _ in measure.parts.values())
        if item.sizing in UNOWNED_VIEW and not item.lost and views:
            return UNOWNED_VIEW[item.sizing]
        return None

    def _remember(self) -> None:
        """Keep, for the next scan, what tells new names and lets sizes be reused: ids, weak
        references, signatures and sizes only."""
        scanner = self.scanner
        if self.partial or not self.done:
            # The names carried in bulk were reached: what the groups knew of them is current.
            steady = scanner._steady.forget()
            self.bound = {**steady.bindings, **self.bound}
            self.cache = {**steady.entries, **self.cache}
            # Names were left unreached: keep what the last scans knew of them, unless that
            # grows past all bounds (entries of objects gone go at the next full scan).
            limit = _KEEP_FACTOR * max(self.total, _KEEP_MINIMUM)
            if len(self.known) + len(self.cache) <= limit:
                self.cache = {**self.known, **self.cache}
            if len(self.before) + len(self.bound) <= limit:
                self.bound = {**self.before, **self.bound}
        else:
            scanner._steady.remember(
                self.names,
                [
                    (order, name, value, entry, self.bound[name])
                    for _, order, name, value, entry in self.fresh
                ],
            )
        scanner._bound = self.bound
        scanner._cache = self.cache


_HOLDER_INSIDE = {NAME: places.CONTAINER, OUTPUT: places.OUTPUT_CACHE, EXCEPTION: places.EXCEPTION}


def _sizing_order(item: _Item) -> tuple[int, bool, int]:
    if item.sizing in _LIBRARY_KINDS:
        return (0, item.kind != NAME, item.order)
    if item.sizing in CONTAINERS or item.sizing == OBJECT:
        # The slow ones, newest names first: the cell just run made them.
        return (2, item.kind != NAME, -item.order)
    return (1, item.kind != NAME, item.order)


def _rendered(entry: _Entry, key: tuple) -> tuple[dict, str] | None:
    """The entry and JSON text of an object rendered last time under the same key."""
    rendered = entry.rendered
    if rendered is None or rendered[0] != key:
        return None
    return dict(rendered[1]), rendered[2]


def _from_light(light: list) -> _Item:
    """The item a light record stands for."""
    size, order, name, value, entry = light
    item = _Item(value, NAME, name, (entry.kind, entry.base))
    item.order = order
    item.new = False
    item.light = True
    item.entry = entry
    item.measure = entry.measure
    item.size = size
    return item


_by_order = operator.attrgetter("order")


def _claim_order(holder: tuple[_Item, tuple]) -> tuple[bool, bool, bool, int]:
    # The owner itself, else one that holds the buffer directly, else a view; among equals,
    # the oldest name.
    item, (_, direct, is_self, _) = holder
    return (not is_self, not direct, item.kind != NAME, item.order)


def _rotation(resume: int, head: int, skip: list[int]) -> Iterator[int]:
    """The places from `resume` to `head`, then from 0 to `resume`, without those in `skip`
    (visited already), as ranges: this runs over most of a large namespace."""
    ranges = []
    for start, stop in ((resume, head), (0, resume)):
        at = start
        for order in sorted(order for order in set(skip) if start <= order < stop):
            ranges.append(range(at, order))
            at = order + 1
        ranges.append(range(at, stop))
    return itertools.chain.from_iterable(ranges)


def _visible(name: Any, value: Any, hidden: dict) -> bool:
    """Whether a namespace entry is the user's. IPython's own are ``_``, ``__``, ``___`` and
    dunders, and user_ns_hidden's entries unless the user rebound them (its ``_``-names,
    which IPython rebinds itself, whatever they hold). What ``_`` and its kin hold is
    reported as the output cache's."""
    if type(name) is not str:
        return False
    found = dict.get(hidden, name, _MISSING)
    if found is not _MISSING:
        return found is not value and name[:1] != "_"
    return name != "_" and not (name[:2] == "__" and name[-2:] == "__")


_IPYTHON_NAMES = (
    "_",
    "__",
    "___",
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__builtin__",
    "__builtins__",
)


def _estimated_total(user_ns: dict, hidden: dict) -> int:
    """The number of the user's names, without looking at each (counting them all one by one
    would cost as much as the scan the budget just stopped): the namespace's length less
    IPython's own names. Exact unless the user made dunders or non-str keys of their own."""
    ipython = sum(
        1
        for name, value in dict.items(hidden)
        if dict.get(user_ns, name, _MISSING) is value
        or (name[:1] == "_" and dict.get(user_ns, name, _MISSING) is not _MISSING)
    )
    ipython += sum(1 for name in _IPYTHON_NAMES if name not in hidden and name in user_ns)
    return max(0, dict.__len__(user_ns) - ipython)


def _keeps_large(item: _Item) -> bool:
    """Whether an item holds a large object: large itself, or a view of large data."""
    measure = item.measure
    return item.size >= LARGE or (measure is not None and measure.size >= LARGE)


def _safe_type_name(obj: Any) -> str:
    try:
        return type_name(type(obj))
    except Exception:  # noqa: BLE001  (a type without __module__ still gets listed)
        return "?"

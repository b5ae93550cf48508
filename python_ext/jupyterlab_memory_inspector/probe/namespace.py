"""The scan of the user's namespace after a cell: its largest objects and what holds them.

One :class:`NamespaceScanner` lives for the kernel's life. Each scan lists the objects that the
user's names bind, the output cache keeps and the last exception's frames keep (here); sizes
them under a time budget, largest candidates first, reusing the size of every object that has
not changed since an earlier scan, and counts each shared data buffer (a numpy base, a pandas
block, a torch storage) once (`scansizing`); and reports the largest, with what holds each
large object (`scanreport`, `holders`). Its records are in `scanrecords`.

Between scans the scanner keeps ids, weak references, sizes and cheap signatures, never a
strong reference to a user object. A scan never raises: an object that cannot be sized is left
out and counted as unsized, and a KeyboardInterrupt ends the scan with what it has.
"""

from __future__ import annotations

import builtins
import itertools
import sys
import time
import weakref
from collections.abc import Collection, Iterable
from typing import Any

from . import holders as places
from . import scanplaces, scanreport, scansizing
from .kinds import SKIP
from .libraries import Libraries
from .scanorder import estimated_total, rotation, visible
from .scanoutputs import OutputTurns
from .scanrecords import (
    BOUND_ID,
    BOUND_REF,
    BOUND_TYPE,
    LIGHT_ENTRY,
    LIGHT_NAME,
    LIGHT_ORDER,
    LIGHT_VALUE,
    NAME,
    Binding,
    Entry,
    Item,
    Light,
)
from .sizing import Sizer
from .steady import SteadyNames
from .steadygroups import CARRIED
from .typeinfo import inherits, weakref_allowed
from .usernames import ToolNames, UserNames

_CHECK_EVERY = 256
_COLLECT_SHARE = 0.4
_COLLECT_SHARE_IDLE = 0.9
_FEW_PENDING = 16
_NEWEST = 256
_SIZING_FLOOR = 0.1
_MISSING = object()


class NamespaceScanner:
    """Finds the largest objects in an IPython namespace, cell after cell."""

    def __init__(self) -> None:
        self._cache: dict[int, Entry] = {}
        self._bound: dict[str, Binding] = {}
        self._resume = 0
        self._listed: dict[int, str] = {}
        self._names = UserNames()
        self.tool_names = ToolNames()
        self._outputs = OutputTurns()
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

    def scan(
        self,
        shell: Any,
        budget: float = 0.05,
        max_items: int = 20,
        touched: Collection[str] | None = None,
    ) -> dict:
        """Return a VariablesReport dict (schema: definitions/VariablesReport) for shell.user_ns.

        `touched`: the names the cell just run may have changed in place (see `cellnames`);
        the objects of the others are checked in turns (see `steady`). None: check them all.
        """
        started = time.perf_counter()
        self.items_json = None
        run = Scan(self, shell, started, _seconds(budget))
        run.touched = touched
        try:
            run.run(max_items)
        except KeyboardInterrupt:
            run.partial = True
        except Exception:  # noqa: BLE001  (the scan must never raise into the user's cell)
            run.partial = True
        try:
            return scanreport.report(run, max_items)
        except (Exception, KeyboardInterrupt):  # noqa: BLE001  (not even while reporting)
            return scanreport.empty_report(run.budget, max(0.0, time.perf_counter() - started))
        finally:
            run.close()


def _seconds(budget: Any) -> float:
    try:
        return max(0.0, float(budget))
    except (TypeError, ValueError):
        return 0.0


class Scan:
    """The state of one scan; dropped, with every reference it holds, when the scan returns.
    Collecting is done here, sizing in `scansizing`, the report in `scanreport`; the clock is
    read here only."""

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
        """The user's names, and the items from the output cache and the last exception."""
        self.settled = 0
        """Names counted without an item of their own: other names of a light record, and
        names of objects that are not data."""
        self.items: list[Item] = []
        self.by_id: dict[int, Item | Light] = {}
        """The items and light records of this scan by their objects' ids, but those carried."""
        self.lights: list[Light] = []
        """The light records this scan made one by one (not carried in bulk)."""
        self.owned: list[Light] = []
        """Copies of carried light records that this scan changed, which rank in their place."""
        self.names: list[str] = []
        self.carried: set[int] = set()
        """The places of the names carried in bulk (see `steady`: read, never changed)."""
        self.carried_by_id: dict[int, Light] = {}
        """Their light records by their objects' ids (see `steady`: read, never changed)."""
        self.carried_count = 0
        self.light_parts: dict[Any, Light] = {}
        self.promoted: set[int] = set()
        """The ids of the light records made items, or replaced by a copy (`_own_light`)."""
        self.order = 0
        self.rotation: tuple[int, int] | None = None
        self.pending = 0
        """Items collected whose size is not in the cache."""
        self.libraries = scanner._libraries
        self.bound: dict[str, Binding] = {}
        self.before = scanner._bound
        self.with_parts: list[Item] = []
        self.cache: dict[int, Entry] = {}
        self.known = scanner._cache
        self.holders = places.Holders()
        self.out_keys: dict[int, list[int]] = {}
        self.user_ns: dict = {}
        self.hidden: dict = {}
        self.sizer: Sizer | None = None
        self.touched: Collection[str] | None = None

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
        self.owned.clear()
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
        scansizing.size_all(self)
        scansizing.resume_at_unsized(self)
        scansizing.refresh_largest(self, max_items)
        scansizing.attribute_parts(self)
        self.done = True

    def out_of_time(self) -> bool:
        """Whether the scan's budget is spent."""
        return time.perf_counter() > self.deadline

    def elapsed(self) -> float:
        """Seconds since the scan started."""
        return max(0.0, time.perf_counter() - self.started)

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
        self._carry()
        self.sizer = Sizer(
            self.scanner._libraries, self.deadline, self.by_id, ignore, self.carried_by_id
        )
        self._collect_names()
        scanplaces.collect_outputs(self)
        scanplaces.collect_exception(self)

    def _collect_names(self) -> None:
        """The user's names, under a share of the budget (see `_collecting_done`).

        First the newest names (a dict keeps insertion order: the cell just run made them),
        then those the last report listed, then the rest from where the last partial scan
        stopped, so that scans of a huge namespace go round it. A name's `order` is its place
        in the namespace. The names left when time is up are only counted.
        """
        scanner = self.scanner
        names = self.names
        count = len(names)
        head = max(0, count - _NEWEST)
        resume = scanner._resume if scanner._resume < head else 0
        listed = [
            order
            for order, name in scanner._listed.items()
            if order < head and names[order] == name
        ]
        stopped = self._visit(names, range(count - 1, head - 1, -1))
        if stopped is None:
            stopped = self._visit(names, listed)
        if stopped is None:
            stopped = self._visit(names, rotation(resume, head, listed))
            scanner._resume = 0 if stopped is None else stopped
            self.rotation = (resume, head)
        if stopped is not None:
            self.partial = True
            self.total = estimated_total(self.user_ns, self.hidden)
        self.order = count
        scanner.reused += len(self.lights) + self.carried_count

    def _visit(self, names: list[str], orders: Iterable[int]) -> int | None:
        """Collect the names at these places (each visited once a scan); the place where time
        ran out, if it did.

        This loop runs once per name per cell: the common case, a name still bound to the
        same small, unchanged object, takes the short way (see `take_light`).
        """
        hidden = self.hidden
        by_id = self.by_id
        carried = self.carried
        user_ns = self.user_ns
        if carried:
            orders = itertools.filterfalse(carried.__contains__, orders)
        for step, order in enumerate(orders):
            if step % _CHECK_EVERY == 0 and self._collecting_done():
                return order
            name = names[order]
            # Looked up again: another thread may have deleted it meanwhile.
            value = dict.get(user_ns, name, _MISSING)
            if value is _MISSING:
                continue
            # Only a `_`-name or a hidden one can be IPython's: others skip the full test.
            if (name[:1] == "_" or name in hidden) and not visible(name, value, hidden):
                continue
            self.total += 1
            oid = id(value)
            known = by_id.get(oid)
            if known is None:
                known = self.carried_record(oid, value)
            if known is not None:
                self._alias(known, name, value, order)
                continue
            light = self.take_light(name, value, order, with_parts=True)
            if light is not None:
                self.lights.append(light)
                parts = light[LIGHT_ENTRY].parts
                if parts:
                    scansizing.share(self, light, parts)
                continue
            self.order = order
            if not self.add(value, NAME, name):
                self.settled += 1
        return None

    def _carry(self) -> None:
        """List the user's names, and take those found unchanged in bulk as light records, as
        `take_light` would, but leave their bindings and entries with `SteadyNames`; and look
        up the names of the groups that changed in what the last scan knew of them."""
        # IPython's `_`-names, a hidden `_iN` more every cell, are never the user's (see
        # `_visible`): left out by the listing, not visited one by one.
        self.names = self.scanner._names.of(self.user_ns, self.hidden)
        carried = self.scanner._steady.carry(self.names, self.user_ns, self.hidden, self.touched)
        self.carried_by_id = carried.by_id
        self.carried = carried.places
        self.carried_count = carried.count
        changed = carried.changed
        if changed.bindings:
            self.before = {**self.before, **changed.bindings}
            self.known = {**self.known, **changed.entries}
        self.total += carried.count

    def carried_record(self, oid: int, value: Any) -> Light | None:
        """The carried light record of the object `value` (of id `oid`), if its name still
        holds it: a name rebound by code the cell does not name is found in its turn (see
        `steady`), and until then its record's id is not taken for another object's."""
        light = self.carried_by_id.get(oid)
        if light is None or dict.get(self.user_ns, light[LIGHT_NAME], _MISSING) is not value:
            return None
        return light

    def record_of(self, value: Any) -> Item | Light | None:
        """This scan's item or light record of `value`, carried or not."""
        oid = id(value)
        known = self.by_id.get(oid)
        return self.carried_record(oid, value) if known is None else known

    def _collecting_done(self) -> bool:
        """Collecting takes a share of the budget, so that sizing gets time too; more of it
        while there is little to size (the names seen so far had their sizes cached)."""
        elapsed = time.perf_counter() - self.started
        if elapsed <= self.budget * _COLLECT_SHARE:
            return False
        return self.pending > _FEW_PENDING or elapsed > self.budget * _COLLECT_SHARE_IDLE

    def _alias(self, known: Item | Light, name: str, value: Any, order: int) -> None:
        """Another name for an object already seen: the item goes by the oldest name."""
        new = self._bind(name, value)
        if type(known) is not Item and not new:
            # A light record is small: its other names are counted, and need no holders.
            if order < known[LIGHT_ORDER]:
                if known[LIGHT_VALUE] is CARRIED:
                    known = self._own_light(known)
                known[LIGHT_ORDER] = order
                known[LIGHT_NAME] = name
            self.settled += 1
            return
        item = known if type(known) is Item else scansizing.promote(self, known)
        if order > item.order:
            item.aliases = [*item.aliases, name]
            self.holders.add(id(value), places.NAME, name)
            return
        item.aliases = [*item.aliases, item.name]
        self.holders.add(id(value), places.NAME, item.name)
        item.name = name
        item.new = new
        item.order = order

    def _own_light(self, carried: Light) -> Light:
        """A copy of a carried light record, which this scan may change: the record itself is
        kept for the next scans (see `steady`)."""
        light = list(carried)
        light[LIGHT_VALUE] = self.light_value(carried)
        self.by_id[id(light[LIGHT_VALUE])] = light
        self.owned.append(light)
        self.promoted.add(id(carried))
        return light

    def light_value(self, light: Light) -> Any:
        """The object of a light record: a carried one has it in the namespace, by its name."""
        value = light[LIGHT_VALUE]
        if value is CARRIED:
            value = dict.get(self.user_ns, light[LIGHT_NAME])
        return value

    def take_light(self, name: str, value: Any, order: int, *, with_parts: bool) -> Light | None:
        """If `name` is bound to the same small object as at the last scan (same id and type,
        and the same weakly referenced object where there is one) with the same signature,
        note it as a light record, not an item (unless it ranks), and return the record.
        `with_parts`: whether an object that shares buffers may be one."""
        oid = id(value)
        before = self.before.get(name)
        if before is None or before[BOUND_ID] != oid:
            return None
        entry = self.known.get(oid)
        if entry is None or not entry.light or (entry.parts and not with_parts):
            return None
        type_id = id(type(value))
        ref = before[BOUND_REF]
        if (
            before[BOUND_TYPE] != type_id
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

    def add(self, value: Any, kind: str, name: str) -> bool:
        """Make `value` an item; False if it is not data (a module, class, function, ...)."""
        assert self.sizer is not None
        sizing = self.sizer.kind_of(type(value))
        if sizing[0] == SKIP:
            return False
        item = Item(value, kind, name, sizing)
        item.order = self.order
        self.order += 1
        item.new = self._bind(name, value)
        self.items.append(item)
        self.by_id[id(value)] = item
        if not scansizing.reuse(self, item, final=False):
            self.pending += 1
        return True

    def _bind(self, name: str, value: Any) -> bool:
        """Note what `name` holds for the next scan; whether it held something else before."""
        oid = id(value)
        type_id = id(type(value))
        before = self.before.get(name)
        if before is not None and before[BOUND_ID] == oid and before[BOUND_TYPE] == type_id:
            ref = before[BOUND_REF]
            if ref is None or ref() is value:
                self.bound[name] = before
                return False
        ref = weakref.ref(value) if weakref_allowed(type(value)) else None
        self.bound[name] = (oid, type_id, ref)
        return True

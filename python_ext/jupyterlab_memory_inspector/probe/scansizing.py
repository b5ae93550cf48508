"""The sizing part of a namespace scan: the items it collected get their sizes, from the cache
while an object is unchanged, else afresh, fastest kinds first while the budget lasts; then
each shared buffer is counted for one item only.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

from .kinds import CONTAINERS, OBJECT, SCALAR
from .scanrecords import LARGE, NAME, Entry, Item, Light, from_light
from .signatures import signature
from .sizing import Measure, OutOfTime

if TYPE_CHECKING:
    from .namespace import Scan

_by_order = operator.attrgetter("order")


def size_all(scan: Scan) -> None:
    """Size the items that the cache could not: library objects first (microseconds whatever
    their size), then builtin scalars, then walks of containers and plain objects."""
    pending = [
        item for item in scan.items if item.measure is None and not reuse(scan, item, final=True)
    ]
    pending.sort(key=_sizing_order)
    for item in pending:
        try:
            measure(scan, item)
        except OutOfTime:
            scan.partial = True
            return
        except Exception:  # noqa: BLE001  (a hostile object is left unsized, the scan goes on)
            scan.scanner.unsized += 1


def resume_at_unsized(scan: Scan) -> None:
    """If time ran out before names the rotation reached were sized, the next scan goes
    round from the first of them, not past them."""
    if scan.rotation is None:
        return
    start, head = scan.rotation
    unsized = [
        item.order
        for item in scan.items
        if item.kind == NAME and item.measure is None and item.order < head
    ]
    if unsized:
        scan.scanner._resume = min(unsized, key=lambda order: (order - start) % head)


def reuse(scan: Scan, item: Item, *, final: bool) -> bool:
    """Take the cached size if the same object is there, unchanged by its signature.

    Not `final` while items are still being collected: a size that left out the items it
    met inside must wait until all items are known (an item gone is counted inside now).
    """
    obj = item.obj
    oid = id(obj)
    entry = scan.known.get(oid)
    if entry is None or entry.type_id != id(type(obj)):
        return False
    if entry.ref is not None and entry.ref() is not obj:
        return False
    cached = entry.measure
    if cached.members and (
        not final
        or any(
            member not in scan.by_id and member not in scan.carried_by_id
            for member in cached.members
        )
    ):
        return False
    try:
        unchanged = entry.signature == signature(obj, item.sizing, item.base, scan.libraries)
    except Exception:  # noqa: BLE001  (an object that fails its signature is sized afresh)
        return False
    if unchanged:
        _sized(scan, item, cached)
        item.reused = True
        scan.cache[oid] = entry
        scan.scanner.reused += 1
    return unchanged


def measure(scan: Scan, item: Item) -> None:
    """Size an item afresh, and cache its size if its kind has a signature."""
    assert scan.sizer is not None
    obj = item.obj
    found = scan.sizer.measure(obj, item.sizing, item.base)
    _sized(scan, item, found)
    item.reused = False
    scan.scanner.sized += 1
    sig = signature(obj, item.sizing, item.base, scan.libraries)
    if sig is not None:
        scan.cache[id(obj)] = Entry(obj, item, sig, found)


def refresh_largest(scan: Scan, max_items: int) -> None:
    """Size the largest reused containers again while the budget lasts: an element changed
    in place leaves their length, and so their signature, as it was."""
    if scan.partial:
        return
    stale = [
        item
        for item in scan.items
        if item.reused
        and item.measure is not None
        and item.measure.size >= LARGE
        and (item.sizing in CONTAINERS or item.sizing == OBJECT)
    ]
    stale.sort(key=lambda item: -item.measure.size)  # type: ignore[union-attr]
    for item in stale[:max_items]:
        before = scan.cache.get(id(item.obj))
        try:
            measure(scan, item)
        except OutOfTime:
            return
        except Exception:  # noqa: BLE001  (keep the cached size of an object that now fails)
            continue
        after = scan.cache.get(id(item.obj))
        if before is not None and after is not None and after.size == before.size:
            # The same sample gave the same size: its content most likely stayed too.
            after.memberships = before.memberships


def attribute_parts(scan: Scan) -> None:
    """Count each shared buffer for one item: the array that owns it, else the first item
    that holds it directly (a data frame's block), else the first view of it.

    An item whose every buffer one other item counts is a view of that item (an array's
    view, a frame's shallow copy): deleting the other frees nothing while it lives. Any
    other item that lost some buffers shares them (a frame and its copy with new columns):
    each notes what it shares with whom, and the buffers go with the last of them.
    """
    for item in list(scan.with_parts):
        for key in item.measure.parts:  # type: ignore[union-attr]
            light = scan.light_parts.get(key)
            if light is not None:
                promote(scan, light)
    sharers: dict[Any, list[tuple[Item, Any]]] = {}
    for item in sorted(scan.with_parts, key=_by_order):
        for key, part in item.measure.parts.items():  # type: ignore[union-attr]
            sharers.setdefault(key, []).append((item, part))
    claims: dict[Item, list[tuple[Item, Any, Any]]] = {}
    for key, holders in sharers.items():
        if len(holders) < 2:
            continue
        owner, _ = min(holders, key=_claim_order)
        for item, part in holders:
            if item is not owner:
                item.size = max(0, item.size - part.nbytes)
                claims.setdefault(item, []).append((owner, part, key))
    for item, lost in claims.items():
        _settle(item, lost)


def _settle(item: Item, lost: list[tuple[Item, Any, Any]]) -> None:
    """Note the buffers that other items count for `item`: as a view or as shared data."""
    owners = {id(owner) for owner, _, _ in lost}
    if len(owners) == 1 and len(lost) == len(item.measure.parts):  # type: ignore[union-attr]
        for owner, part, _ in lost:
            item.lost = [*item.lost, owner]
            owner.viewers = [*owner.viewers, (item, part.where)]
        return
    for owner, part, key in lost:
        owner.shared = [*owner.shared, (item, part.nbytes, key)]
        item.shared = [*item.shared, (owner, part.nbytes, None)]


def share(scan: Scan, light: Light, parts: dict) -> None:
    """Note a light record's buffers: two records sharing one become items, so that
    `attribute_parts` counts the buffer once."""
    for key in parts:
        other = scan.light_parts.setdefault(key, light)
        if other is not light:
            promote(scan, other)
            promote(scan, light)


def promote(scan: Scan, light: Light) -> Item:
    """Turn a light record into an item, once."""
    value = scan.light_value(light)
    known = scan.by_id.get(id(value))
    if type(known) is Item:
        return known
    item = from_light(light, value)
    item.reused = True
    scan.items.append(item)
    scan.by_id[id(item.obj)] = item
    scan.promoted.add(id(light))
    if item.measure.parts:  # type: ignore[union-attr]
        scan.with_parts.append(item)
    return item


def _sized(scan: Scan, item: Item, found: Measure) -> None:
    if found.parts and (item.measure is None or not item.measure.parts):
        scan.with_parts.append(item)
    item.measure = found
    item.size = found.size


def _sizing_order(item: Item) -> tuple[int, bool, int]:
    if item.sizing == SCALAR:
        return (1, item.kind != NAME, item.order)
    if item.sizing in CONTAINERS or item.sizing == OBJECT:
        # The slow ones, newest names first: the cell just run made them.
        return (2, item.kind != NAME, -item.order)
    # A library's kind: sized in microseconds whatever its size.
    return (0, item.kind != NAME, item.order)


def _claim_order(holder: tuple[Item, Any]) -> tuple[bool, bool, bool, int]:
    # The owner itself, else one that holds the buffer directly, else a view; among equals,
    # the oldest name.
    item, part = holder
    return (not part.itself, not part.direct, item.kind != NAME, item.order)

"""The report of a namespace scan: the largest items, what holds each large one, each item's
entry and JSON text; and what the scanner keeps for the next scan."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Union

from . import holders as places
from .encoding import encode
from .kinds import CONTAINERS
from .scanrecords import (
    EXCEPTION,
    LARGE,
    LIGHT_ENTRY,
    LIGHT_NAME,
    LIGHT_ORDER,
    LIGHT_SIZE,
    NAME,
    OUTPUT,
    Item,
    Light,
    from_light,
    keeps_large,
    rendered,
)
from .sharing import sharing
from .typeinfo import type_name

if TYPE_CHECKING:
    from .namespace import Scan

_KEEP_FACTOR = 4
_KEEP_MINIMUM = 1000
_SORT_LIMIT = 512

_HOLDER_INSIDE = {NAME: places.CONTAINER, OUTPUT: places.OUTPUT_CACHE, EXCEPTION: places.EXCEPTION}

# Holders whose place starts with a name of the namespace.
_NAMED_HOLDERS = (places.NAME, places.CONTAINER, places.VIEW)

Ranked = Union[Item, Light]


def report(scan: Scan, max_items: int) -> dict:
    """The VariablesReport (schema: definitions/VariablesReport) of the scan; the items' JSON
    texts go to the scanner's `items_json`."""
    ranked = _ranked(scan, max(0, int(max_items)))
    _find_holders(scan, [record for record in ranked if type(record) is Item])
    texts = [
        _record(scan, record) if type(record) is Item else _record_light(scan, record)
        for record in ranked
    ]
    remember(scan)
    listed: dict[int, str] = {}
    for record in ranked:
        if type(record) is not Item:
            listed[record[LIGHT_ORDER]] = record[LIGHT_NAME]
        elif record.kind == NAME:
            listed[record.order] = record.name
    scan.scanner._listed = listed
    result = {
        "items": [entry for entry, _ in texts],
        "partial": scan.partial or not scan.done,
        "scanned": _scanned(scan),
        "total": scan.total,
        "elapsed": scan.elapsed(),
        "budget": scan.budget,
    }
    scan.scanner.items_json = [text for _, text in texts]
    return result


def empty_report(budget: float, elapsed: float) -> dict:
    """The report of a scan that failed."""
    return {
        "items": [],
        "partial": True,
        "scanned": 0,
        "total": 0,
        "elapsed": elapsed,
        "budget": budget,
    }


def _scanned(scan: Scan) -> int:
    """Names whose object was sized (or is not data), out of `total`."""
    # A promoted light record's own name is counted among the light records.
    named = sum(
        len(item.aliases) + (not item.light)
        for item in scan.items
        if item.kind == NAME and item.measure is not None
    )
    return scan.settled + named + len(scan.lights) + scan.carried_count


def _ranked(scan: Scan, max_items: int) -> list[Ranked]:
    """The largest items and light records, largest first (ties newest first). Output and
    exception items are listed only when large: the output cache is full of small values."""
    listed = [
        item
        for item in scan.items
        if item.measure is not None and (item.kind == NAME or item.size >= LARGE)
    ]
    # Of the light records carried in bulk, only the largest can rank.
    lights = [*scan.lights, *scan.owned, *scan.scanner._steady.largest(max_items)]
    if scan.promoted:
        lights = [light for light in lights if id(light) not in scan.promoted]
    # Ranked in one pass by the lists' own comparison, in C: a light record starts with its
    # size and order, and each item gets a key list of the same two, which never tie.
    if not listed:
        return _largest(max_items, lights)
    keys = [[item.size, item.order] for item in listed]
    items = dict(zip(map(id, keys), listed))
    top = _largest(max_items, [*keys, *lights])
    return [items.get(id(record), record) for record in top]


def _largest(count: int, records: list) -> list:
    """The `count` largest records (they never tie), largest first: sorted in C where there
    are few, faster than heapq's loop in Python; by heapq where sorting would compare more."""
    if len(records) <= _SORT_LIMIT:
        return sorted(records, reverse=True)[:count]
    return heapq.nlargest(count, records)


def _find_holders(scan: Scan, ranked: list[Item]) -> None:
    large = {id(item.obj): item for item in ranked if keeps_large(item)}
    if not large:
        return
    for item in scan.items:
        if item.measure is not None:
            for oid, path in item.measure.members.items():
                if oid in large:
                    scan.holders.add(oid, _HOLDER_INSIDE[item.kind], item.name + path)
    for oid, item in large.items():
        for where in places.output_aliases(
            scan.user_ns, scan.hidden, scan.out_keys.get(oid, []), oid
        ):
            scan.holders.add(oid, places.OUTPUT_CACHE, where)
        for viewer, path in item.viewers:
            scan.holders.add(oid, places.VIEW, viewer.name + path)
        for owner in item.lost:
            scan.holders.add(oid, places.BASE, owner.name)
    _find_memberships(scan, set(large))


def _find_memberships(scan: Scan, wanted: set[int]) -> None:
    """Look through the sampled containers for large items that sizing did not meet. An
    unchanged container looked through for the same items before is not looked again."""
    for item in itertools.chain(scan.items, _sampled_lights(scan)):
        measure = item.measure
        if item.kind != NAME or measure is None or not measure.sampled:
            continue
        others = frozenset(wanted - {id(item.obj)})
        if item.sizing not in CONTAINERS or not others:
            continue
        entry = item.entry or scan.cache.get(id(item.obj))
        if entry is not None and entry.memberships is not None and entry.memberships[0] == others:
            found = entry.memberships[1]
        elif scan.out_of_time():
            scan.partial = True
            return
        else:
            try:
                found = places.memberships(item.obj, item.sizing, item.base, others, scan.deadline)
            except Exception:  # noqa: BLE001  (changed by another thread meanwhile: skip it)
                continue
            if entry is not None and not scan.out_of_time():
                entry.memberships = (others, found)
        for oid, where in found:
            scan.holders.add(oid, places.CONTAINER, item.name + where)


def _sampled_lights(scan: Scan) -> Iterator[Item]:
    """The light records of sampled containers, as items (not listed: only looked through)."""
    promoted = scan.promoted
    for light in itertools.chain(scan.lights, scan.owned, scan.scanner._steady.records()):
        if light[LIGHT_ENTRY].measure.sampled and id(light) not in promoted:
            yield from_light(light, scan.light_value(light))


def _record_light(scan: Scan, light: Light) -> tuple[dict, str]:
    """A light record's report entry, and its JSON text: as it rendered last time, for an
    object most often listed under the same name cell after cell."""
    key = (light[LIGHT_NAME], False, light[LIGHT_SIZE])
    return rendered(light[LIGHT_ENTRY], key) or _record(
        scan, from_light(light, scan.light_value(light))
    )


def _record(scan: Scan, item: Item) -> tuple[dict, str]:
    """The item's report entry, and its JSON text."""
    # An unchanged small object listed under the same name renders as last time: most of
    # a report, cell after cell.
    plain = not item.lost and not item.viewers and not item.shared and not keeps_large(item)
    entry = item.entry if plain else None
    key = (item.name, item.new, item.size)
    found = None if entry is None else rendered(entry, key)
    if found is not None:
        return found
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
        "view_of": _view_of(scan, item),
        "holders": _mark_hidden(scan, scan.holders.of(id(item.obj), item.name))
        if keeps_large(item)
        else [],
    }
    if item.shared:
        record.update(sharing(item))
    if item.kind == NAME and scan.scanner.tool_names.hides(item.name):
        record["hidden"] = True
    text = encode(record)
    if entry is not None:
        entry.rendered = (key, dict(record), text)
    return record, text


def _mark_hidden(scan: Scan, found: list[dict]) -> list[dict]:
    """Mark the holders that are names IPython or another tool bound (or their containers and
    views): the advice must leave those names alone."""
    hides = scan.scanner.tool_names.hides
    for holder in found:
        if holder["kind"] in _NAMED_HOLDERS and hides(_root_name(holder["where"])):
            holder["hidden"] = True
    return found


def _root_name(where: str) -> str:
    """The name a holder's place starts from: ``rows`` of ``rows[3]`` or ``rows (a member)``."""
    end = 0
    while end < len(where) and (where[end] == "_" or where[end].isalnum()):
        end += 1
    return where[:end]


def _view_of(scan: Scan, item: Item) -> str | None:
    """The item whose data this one shares entirely; for an array or tensor that views a
    buffer no item owns, a description of that buffer."""
    measure = item.measure
    assert measure is not None
    owners = {id(owner) for owner in item.lost}
    if len(owners) == 1 and len(item.lost) == len(measure.parts):
        return item.lost[0].name
    if item.lost or not any(not part.itself for part in measure.parts.values()):
        return None
    return scan.libraries.view(item.sizing)


def remember(scan: Scan) -> None:
    """Keep, for the next scan, what tells new names and lets sizes be reused: ids, weak
    references, signatures and sizes only."""
    scanner = scan.scanner
    if scan.partial or not scan.done:
        # The names carried in bulk were reached: what the groups knew of them is current.
        steady = scanner._steady.forget()
        scan.bound = {**steady.bindings, **scan.bound}
        scan.cache = {**steady.entries, **scan.cache}
        # Names were left unreached: keep what the last scans knew of them, unless that
        # grows past all bounds (entries of objects gone go at the next full scan).
        limit = _KEEP_FACTOR * max(scan.total, _KEEP_MINIMUM)
        if len(scan.known) + len(scan.cache) <= limit:
            scan.cache = {**scan.known, **scan.cache}
        if len(scan.before) + len(scan.bound) <= limit:
            scan.bound = {**scan.before, **scan.bound}
    else:
        scanner._steady.remember(
            scan.names,
            [
                (order, name, value, entry, scan.bound[name])
                for _, order, name, value, entry in scan.lights
            ],
        )
    scanner._bound = scan.bound
    scanner._cache = scan.cache


def _safe_type_name(obj: object) -> str:
    try:
        return type_name(type(obj))
    except Exception:  # noqa: BLE001  (a type without __module__ still gets listed)
        return "?"

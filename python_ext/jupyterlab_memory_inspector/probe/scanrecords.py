"""The records of a namespace scan: what it keeps between scans (a name's binding, an object's
cached size) and what it makes in one (an item it may report, a light record of an unchanged
name).

Between scans only ids, weak references, sizes and signatures are kept, never a strong
reference to a user object; an item and a light record hold their object for one scan only.
"""

from __future__ import annotations

import weakref
from typing import Any

from .signatures import fingerprint
from .sizing import Measure
from .typeinfo import weakref_allowed

LARGE = 1 << 20
"""Items that keep this much alive get their holders (a view of a large array too, though its
own size is 0); output and exception items are listed only from this size up."""

NAME = "name"
OUTPUT = "output"
EXCEPTION = "exception"
"""Where an item was found: a user's name, the output cache, the last exception's frames."""


Binding = tuple
"""What a name was bound to at a scan: ``(id, id of its type, weak reference or None)``, its
fields read at the places below; the weak reference, where the type allows one, tells the
object from another made at the same address. A plain tuple for the reason light records are
plain lists (see `Light`): a NamedTuple cost 1-4 % of a scan at 10,000 names."""

BOUND_ID = 0
BOUND_TYPE = 1
BOUND_REF = 2


class Entry:
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

    def __init__(self, obj: Any, item: Item, sig: tuple, measure: Measure) -> None:
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
        # A sampled container may hold a large item outside its sample: the report looks
        # through light ones too when there are large items (`scanreport._find_memberships`).
        self.light = measure.size < LARGE and not measure.members
        self.memberships: tuple[frozenset[int], list[tuple[int, str]]] | None = None
        """The large items looked for in this (sampled) container, and where it holds them."""
        self.rendered: tuple[tuple, dict, str] | None = None
        """The key (name, new, size) it was last reported under, the entry, its JSON text."""


class Item:
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
        "shared",
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
        self.entry: Entry | None = None
        self.aliases: list[str] | tuple[()] = ()
        self.measure: Measure | None = None
        self.reused = False
        self.size = 0
        self.lost: list[Item] | tuple[()] = ()
        self.viewers: list[tuple[Item, str]] | tuple[()] = ()
        self.shared: list[tuple[Item, int, Any]] | tuple[()] = ()
        """(other item, bytes both hold, the buffer's key if this item's size counts it)"""


Light = list
"""A light record: a name still bound to the small, unchanged object an earlier scan sized,
noted with its cached entry, not made an item (unless it ranks or shares a buffer):
``[size, order, name, value, entry]``, its fields read at the places below.

A plain list, where the scan's other records are classes: most names of a namespace are light,
and the scan makes their records in bulk (``list`` mapped over zipped columns), ranks them by
(size, order) with the list's own comparison and frees them, all in C. A class of its own,
even a list subclass with named properties, cost about 60 ns more per name to make and free:
3 % of a scan at 100 names, 6 % at 10,000 (one process, both scanners alternated)."""

LIGHT_SIZE = 0
LIGHT_ORDER = 1
LIGHT_NAME = 2
LIGHT_VALUE = 3
LIGHT_ENTRY = 4


def from_light(light: Light, value: Any) -> Item:
    """The item a light record stands for; `value`: its object (see `Scan.light_value`)."""
    size, order, name, _, entry = light
    item = Item(value, NAME, name, (entry.kind, entry.base))
    item.order = order
    item.new = False
    item.light = True
    item.entry = entry
    item.measure = entry.measure
    item.size = size
    return item


def rendered(entry: Entry, key: tuple) -> tuple[dict, str] | None:
    """The report entry and JSON text of an object rendered last time under the same key."""
    last = entry.rendered
    if last is None or last[0] != key:
        return None
    return dict(last[1]), last[2]


def keeps_large(item: Item) -> bool:
    """Whether an item holds a large object: large itself, or a view of large data."""
    measure = item.measure
    return item.size >= LARGE or (measure is not None and measure.size >= LARGE)

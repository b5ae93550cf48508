"""What an item shares with others, for its report entry: its own bytes, and the bytes it
holds together with each other item (counted once in the table: in the first one's size)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scanrecords import Item


def sharing(item: Item) -> dict:
    """The ``own`` and ``shared`` fields of a sharing item's entry (schema: Variable)."""
    by_other: dict[int, list] = {}
    counted: dict = {}
    for other, nbytes, key in item.shared:
        entry = by_other.setdefault(id(other), [other.name, 0, key is not None])
        entry[1] += nbytes
        if key is not None:
            # A buffer that three items share is counted in this one's size once.
            counted[key] = nbytes
    shared = [
        {"with": name, "size": int(nbytes), "counted_here": here}
        for name, nbytes, here in sorted(by_other.values(), key=lambda entry: -entry[1])
    ]
    return {"own": max(0, int(item.size) - sum(counted.values())), "shared": shared}

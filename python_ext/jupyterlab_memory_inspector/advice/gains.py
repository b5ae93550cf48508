"""The bytes a suggestion can honestly expect back from one listed object.

Deleting an object frees only what no one else keeps: its own bytes. Data it holds together
with another listed object (a frame and its copy share their string buffers) stays while the
other lives, so it is not counted for either; a view's data is counted for its base.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def freed(item: dict[str, Any]) -> int:
    """What letting go of `item`'s object (and every holder named with it) gives back."""
    # Records of probes before own/shared was reported count shared data once, in size.
    return int(item.get("own", item["size"]))


def freed_all(items: Iterable[dict[str, Any]]) -> int:
    """What letting go of each of `items` gives back, together."""
    return sum(freed(item) for item in items)

"""Data that several listed objects hold together, and what letting go of all of them gives back.

A frame and its copy share their string buffers: each suggestion alone frees only its object's
own bytes, since the other keeps the strings. When every object that holds them is let go of,
the strings come back too, once. The probe reports, for the one object whose size counts the
shared data (its ``shared`` entries with ``counted_here``), how much of it each other object
holds: when some of those are kept, at most the rest comes back, and only what no kept one may
hold is counted. The frontend's total (``src/freeMemory/choice.ts``) applies the same rule to
the same entries, so the panel's total and the cell's agree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from .suggestion import Suggestion


def shared_gains(
    items: Iterable[dict[str, Any]], suggestions: Iterable[Suggestion]
) -> list[dict[str, Any]]:
    """Each object's shared data that comes back with the right suggestions (schema:
    SharedGain): the suggestion that lets go of the object counting it, and each other holder
    with the suggestion that lets go of it (None: none does)."""
    releasing = {
        name: suggestion.id
        for suggestion in suggestions
        if (suggestion.expected_bytes or 0) > 0
        for name in suggestion.names
    }
    gains = []
    for item in items:
        counted = [entry for entry in item.get("shared") or () if entry["counted_here"]]
        owner = releasing.get(item["name"])
        together = int(item["size"]) - int(item.get("own", item["size"]))
        if not counted or owner is None or together <= 0:
            continue
        gains.append(
            {
                "suggestion": owner,
                "name": item["name"],
                "bytes": together,
                "holders": [
                    {
                        "name": entry["with"],
                        "suggestion": releasing.get(entry["with"]),
                        "size": int(entry["size"]),
                    }
                    for entry in counted
                ],
            }
        )
    return gains


def shared_back(gains: Iterable[dict[str, Any]], chosen: Collection[str]) -> int:
    """What the shared data gives back when the suggestions `chosen` (ids) run: for each, the
    whole when every holder goes, else at most what the kept holders cannot hold."""
    total = 0
    for gain in gains:
        if gain["suggestion"] not in chosen:
            continue
        kept = sum(
            holder["size"] for holder in gain["holders"] if holder["suggestion"] not in chosen
        )
        total += max(0, gain["bytes"] - kept)
    return total

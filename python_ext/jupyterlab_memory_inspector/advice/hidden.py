"""The names the advice leaves alone: those IPython or another tool put in the namespace.

A variable inspector, a completer or IPython itself needs its names where it put them; a
suggestion that deletes or empties one could break that tool. The probe marks them
``hidden`` in the variables it lists; a name it did not list (a holder of another item's
object) is judged by Python's convention, as the probe does: a leading underscore. The output
cache and the last error are freed on purpose, as holders, never by their names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_NAME = re.compile(r"[A-Za-z_]\w*")


def hidden_names(items: Iterable[dict[str, Any]]) -> set[str]:
    """The listed names that the probe marked hidden."""
    return {item["name"] for item in items if item["kind"] == "name" and item.get("hidden")}


def is_hidden(name: str, hidden: set[str]) -> bool:
    """Whether a suggestion must leave `name` alone."""
    return name[:1] == "_" or name in hidden


def holder_hidden(holder: dict[str, Any], hidden: set[str]) -> bool:
    """Whether a holder is a hidden name (or a container or view under one), as the probe
    marked it or as its name shows."""
    if holder.get("hidden"):
        return True
    match = _NAME.match(holder["where"])
    return match is not None and is_hidden(match[0], hidden)

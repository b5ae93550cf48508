"""The names of an IPython namespace that may be the user's, listed again after every cell.

IPython adds hidden names to the namespace each cell (``_i12``, ``_12``...) and never takes
most of them away: after a few thousand cells they are most of its entries, and looking at
each of them once a cell, even in C, costs more than the rest of the scan. A dict keeps its keys
in insertion order, and a key set since the last listing (new, or deleted and set again) comes
after every older one: so the last listing's last key is looked for from the end, and the keys
after it are the new ones. The dict's length then tells how many older keys went, if any; the
user's names that went are seen missing, and if they are all that went, the listing is the last
one without them, plus the new keys. Anything else (an IPython name deleted, a name of the
user's set again, the last key gone) lists every key again, as does every `RELIST_EVERY`-th
listing: the last key deleted and set again, with as many other keys deleted as added
meanwhile, would pass for no change (a name deleted meanwhile is still skipped: the scan finds
no value for it). Keys are compared by identity, in C, never by a key's ``__eq__``.
"""

from __future__ import annotations

import itertools
from typing import Any

RELIST_EVERY = 64
"""Listings between two that look at every key."""
TAIL_LIMIT = 256
"""Keys looked at from the end for the last key of the last listing, beyond those added."""


class UserNames:
    """The str keys of a namespace, but IPython's hidden ``_``-names, in the dict's order."""

    def __init__(self) -> None:
        # The last key is held so that its id is not reused; only while it is an exact str (a
        # name of the namespace), never any other object of the user's.
        self._last: str | None = None
        self._count = 0
        self._names: list[str] = []
        self._listings = 0

    def of(self, user_ns: dict, hidden: dict) -> list[str]:
        """The user's candidate names in `user_ns`, oldest first."""
        self._listings += 1
        names = None
        if self._last is not None and self._listings % RELIST_EVERY:
            names = self._since_last(user_ns, hidden)
        if names is None:
            keys = list(dict.keys(user_ns))
            names = _candidates(keys, hidden)
            last = keys[-1] if keys else None
        else:
            last = next(reversed(dict.keys(user_ns)), None)
        self._names = names
        self._count = dict.__len__(user_ns)
        self._last = last if type(last) is str else None
        return names

    def _since_last(self, user_ns: dict, hidden: dict) -> list[str] | None:
        """The listing from the last one and the keys set since, or None if that cannot tell."""
        count = dict.__len__(user_ns)
        added: list[Any] = []
        last = self._last
        for key in itertools.islice(
            reversed(dict.keys(user_ns)), max(0, count - self._count) + TAIL_LIMIT
        ):
            if key is last:
                break
            added.append(key)
        else:
            return None
        gone = self._count + len(added) - count
        names = self._names
        if gone:
            present = list(map(dict.__contains__, itertools.repeat(user_ns), names))
            if present.count(False) != gone:
                return None
            names = list(itertools.compress(names, present))
        added.reverse()
        new = _candidates(added, hidden)
        # Most cells add IPython's hidden names only: the last listing is this one. Not
        # copied, as a copy touches every name's string (its reference count) each cell.
        return names + new if new else names


def _candidates(keys: list[Any], hidden: dict) -> list[str]:
    # Exact str only: a str subclass's __eq__ or __hash__ may be anything.
    return [name for name in keys if type(name) is str and not (name[:1] == "_" and name in hidden)]


class ToolNames:
    """The names that other tools, not the user's cells, put in the namespace.

    Variable inspectors, completers and widgets run their code between the user's cells, in
    runs that are silent or keep no history: a name that appears between the end of one of the
    user's cells and the start of the next is theirs. A dict appends new keys, so they are the
    keys past the length it had when the last cell ended; a key deleted meanwhile only makes
    fewer of them found, never one of the user's names taken for a tool's.
    """

    def __init__(self) -> None:
        self._length: int | None = None
        self._names: set[str] = set()

    def cell_ended(self, user_ns: dict) -> None:
        """A user's cell (or the probe's install) ended: later new names are not the user's."""
        self._length = dict.__len__(user_ns)

    def cell_started(self, user_ns: dict) -> None:
        """A user's cell starts: note the names bound since the last one ended."""
        length = self._length
        if length is not None and dict.__len__(user_ns) > length:
            keys = list(dict.keys(user_ns))[length:]
            self._names.update(key for key in keys if type(key) is str)
        self._length = None

    def hides(self, name: str) -> bool:
        """Whether the panel hides `name` unless asked: a private name by Python's convention
        (the tools' own start with an underscore), or one a tool bound."""
        return name[:1] == "_" or name in self._names

"""The names of an IPython namespace that may be the user's, listed again after every cell.

IPython adds hidden names to the namespace each cell (``_i12``, ``_12``...) and never takes
most of them away: after a few thousand cells they are most of its entries, and testing each
of them in Python once a cell costs more than the rest of the scan. A dict keeps its keys in
insertion order, so while its first keys are the very key objects the last listing saw, in the
same order, nothing was deleted or moved and the keys after them are the new ones: only those
are tested. Comparing the keys by identity runs in C, and never calls a key's ``__eq__``.
"""

from __future__ import annotations

import operator
from typing import Any


class UserNames:
    """The str keys of a namespace, but IPython's hidden ``_``-names, in the dict's order."""

    def __init__(self) -> None:
        # The keys are held so that their ids are not reused; only while all are exact str
        # (the names of the namespace), never any other object of the user's.
        self._keys: list[str] = []
        self._names: list[str] = []

    def of(self, user_ns: dict, hidden: dict) -> list[str]:
        """The user's candidate names in `user_ns`, oldest first."""
        keys: list[Any] = list(dict.keys(user_ns))
        known = self._keys
        if len(keys) >= len(known) and all(map(operator.is_, keys, known)):
            new = keys[len(known) :]
            names = self._names + _candidates(new, hidden)
        else:
            new = keys
            names = _candidates(keys, hidden)
        if all(type(key) is str for key in new):
            self._keys, self._names = keys, names
        else:
            self._keys, self._names = [], []
        return names


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

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

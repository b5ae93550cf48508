"""Which of the namespace's names are the user's, and the order a scan visits them in.

A scan visits the newest names first, then those the last report listed, then the rest from
where the last partial scan stopped (`rotation`), so that scans of a huge namespace go round
it. IPython's own names are never the user's (`visible`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

_MISSING = object()

_IPYTHON_NAMES = (
    "_",
    "__",
    "___",
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__builtin__",
    "__builtins__",
)


def rotation(resume: int, head: int, skip: list[int]) -> Iterator[int]:
    """The places from `resume` to `head`, then from 0 to `resume`, without those in `skip`
    (visited already), as ranges: this runs over most of a large namespace."""
    ranges = []
    for start, stop in ((resume, head), (0, resume)):
        at = start
        for order in sorted(order for order in set(skip) if start <= order < stop):
            ranges.append(range(at, order))
            at = order + 1
        ranges.append(range(at, stop))
    return itertools.chain.from_iterable(ranges)


def visible(name: Any, value: Any, hidden: dict) -> bool:
    """Whether a namespace entry is the user's. IPython's own are ``_``, ``__``, ``___`` and
    dunders, and user_ns_hidden's entries unless the user rebound them (its ``_``-names,
    which IPython rebinds itself, whatever they hold). What ``_`` and its kin hold is
    reported as the output cache's."""
    if type(name) is not str:
        return False
    found = dict.get(hidden, name, _MISSING)
    if found is not _MISSING:
        return found is not value and name[:1] != "_"
    return name != "_" and not (name[:2] == "__" and name[-2:] == "__")


def estimated_total(user_ns: dict, hidden: dict) -> int:
    """The number of the user's names, without looking at each (counting them all one by one
    would cost as much as the scan the budget just stopped): the namespace's length less
    IPython's own names. Exact unless the user made dunders or non-str keys of their own."""
    ipython = sum(
        1
        for name, value in dict.items(hidden)
        if dict.get(user_ns, name, _MISSING) is value
        or (name[:1] == "_" and dict.get(user_ns, name, _MISSING) is not _MISSING)
    )
    ipython += sum(1 for name in _IPYTHON_NAMES if name not in hidden and name in user_ns)
    return max(0, dict.__len__(user_ns) - ipython)

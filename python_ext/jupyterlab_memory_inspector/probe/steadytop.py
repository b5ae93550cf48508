"""The largest light records of the names carried in bulk (see `steady`), kept as names come
and go, so that a scan ranks a few dozen records, not every name of the namespace."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class Largest:
    """The largest records, smallest first. Records are lists ``[size, order, ...]``
    (`scanrecords.Light`) that never tie: compared as lists, in C."""

    def __init__(self) -> None:
        self._top: list[list] | None = []
        self._complete = True
        """Whether every record is in `_top` (else every other is smaller than its first)."""
        self._keep = 0

    def reset(self) -> None:
        """No records."""
        self._top = []
        self._complete = True

    def invalidate(self) -> None:
        """Records changed their places (a name before them went): rank them again."""
        self._top = None

    def added(self, record: list) -> None:
        top = self._top
        if top is None or not (self._complete or (top and record > top[0])):
            if top is not None and not top:
                self._top = None  # none known of those left out: rank them all again
            return
        bisect.insort(top, record)
        if len(top) > self._keep:
            del top[0]
            self._complete = False

    def removed(self, records: list[list]) -> None:
        if self._top and records:
            gone = set(map(id, records))
            self._top = [record for record in self._top if id(record) not in gone]

    def of(self, count: int, every: Iterable[list[list]]) -> list[list]:
        """Up to twice `count` of the largest records, largest first (some to spare for the
        records a scan makes items, which rank elsewhere); `every`: all records, in lists."""
        top = self._top
        wanted = max(2 * count, 0)
        if top is None or self._keep < 2 * wanted or (len(top) < wanted and not self._complete):
            # Twice as many kept: names that go leave enough, most scans, to rank without
            # sorting every record again.
            self._keep = 2 * wanted
            records = list(itertools.chain.from_iterable(every))
            top = self._top = sorted(records)[len(records) - self._keep :] if self._keep else []
            self._complete = len(top) == len(records)
        return top[::-1][:wanted]

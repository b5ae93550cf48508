"""The records a kernel's probe sent, numbered so that a client can resume where it left off."""

from __future__ import annotations

import uuid
from collections import deque

from ..records import CellRecord, RecordEntry


class RecordHistory:
    """The last `capacity` records of one kernel, each with a sequence number that never repeats."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("a record history needs room for at least one record")
        self._entries: deque[RecordEntry] = deque(maxlen=capacity)
        self.last_seq = 0
        # How many records the cap has dropped, oldest first: reports say so.
        self.compacted = 0
        # Sequence numbers only mean something within one history: a restarted server starts
        # a new one, and a client's `since` from the old one must not hide new records.
        self.id = uuid.uuid4().hex

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, record: CellRecord) -> RecordEntry:
        """Keep `record`; returns its entry ``{"seq": n, "record": record}``."""
        self.last_seq += 1
        if len(self._entries) == self._entries.maxlen:
            self.compacted += 1
        entry: RecordEntry = {"seq": self.last_seq, "record": record}
        self._entries.append(entry)
        return entry

    def latest(self) -> RecordEntry | None:
        """The newest entry, if any."""
        return self._entries[-1] if self._entries else None

    def since(self, seq: int) -> list[RecordEntry]:
        """The entries after sequence number `seq`, oldest first."""
        if not self._entries or seq >= self.last_seq:
            return []
        first = self._entries[0]["seq"]
        skip = max(0, seq - first + 1)
        return [self._entries[i] for i in range(skip, len(self._entries))]

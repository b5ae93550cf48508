"""The records a kernel's probe sent, numbered so that a client can resume where it left off."""

from __future__ import annotations

import json
import uuid
import zlib
from collections import deque
from typing import Optional, cast

from ..leaks import CellRuns
from ..records import CellRecord, LeakVerdict, RecordEntry

# A record held as Python dicts costs ~16 KiB (every key, float and small dict is an object);
# the same record as compressed JSON is well under 2 KiB (benchmarks/history_memory.py). A
# record is encoded once, when it arrives, and decoded only when asked for: the hot path is the
# arrival after every cell, the reads (a report, a client catching up) are rare.
_LEVEL = 6


# A kept entry: its number, its record, and its cell's leak verdict (when the cell had run
# before in this kernel session), each as compressed JSON.
_Stored = tuple[int, bytes, Optional[bytes]]


def _encode(value: CellRecord | LeakVerdict) -> bytes:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def _decode(seq: int, data: bytes, leak: bytes | None) -> RecordEntry:
    entry: RecordEntry = {"seq": seq, "record": json.loads(zlib.decompress(data))}
    if leak is not None:
        entry["leak"] = json.loads(zlib.decompress(leak))
    return entry


class RecordHistory:
    """The last `capacity` records of one kernel, each with a sequence number that never repeats."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("a record history needs room for at least one record")
        self._entries: deque[_Stored] = deque(maxlen=capacity)
        # Each cell's runs in this kernel session, for the leak rule's verdict on each record.
        self._runs = CellRuns()
        # The advice reads the newest record after every cell: keep that one decoded.
        self._latest: RecordEntry | None = None
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
        # A run the kernel died in is no run the leak rule can judge: nothing of it was kept.
        verdict = None if record.get("from_live_readings") else self._runs.add(record)
        leak = verdict.to_json() if verdict is not None and verdict.runs > 1 else None
        stored_leak = None if leak is None else _encode(cast(LeakVerdict, leak))
        self._entries.append((self.last_seq, _encode(record), stored_leak))
        self._latest = {"seq": self.last_seq, "record": record}
        if leak is not None:
            self._latest["leak"] = cast(LeakVerdict, leak)
        return self._latest

    def latest(self) -> RecordEntry | None:
        """The newest entry, if any."""
        return self._latest

    def since(self, seq: int) -> list[RecordEntry]:
        """The entries after sequence number `seq`, oldest first (decoded: each a new copy)."""
        return [_decode(*stored) for stored in self._after(seq)]

    def since_json(self, seq: int) -> str:
        """`since(seq)` as a JSON array, spliced from the kept text: a client catching up on
        10,000 records gets them without each being decoded and encoded again."""
        entries = (
            f'{{"seq":{n},"record":{zlib.decompress(data).decode("utf-8")}{_leak_json(leak)}}}'
            for n, data, leak in self._after(seq)
        )
        return "[" + ",".join(entries) + "]"

    def _after(self, seq: int) -> list[_Stored]:
        if not self._entries or seq >= self.last_seq:
            return []
        first = self._entries[0][0]
        skip = max(0, seq - first + 1)
        return [self._entries[i] for i in range(skip, len(self._entries))]


def _leak_json(leak: bytes | None) -> str:
    return "" if leak is None else f',"leak":{zlib.decompress(leak).decode("utf-8")}'

"""The out-of-memory guard: interrupt the running cell before the kernel is killed.

Fed one reading of the group's (or the host's) memory at a time while a cell runs, it decides
when to interrupt, remembers what it saw, and tells afterwards what happened, in a form that
records carry (schema: OomGuard) and in the words people read. The server and the command line
both read the memory through `guard_watch` and send the interrupt their own way; the decision is
made here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .memory_group import HOST, MemoryReading
from .text import format_bytes

THRESHOLD = 0.9
"""The share of the limit at which the running cell is interrupted (see benchmarks/README.md)."""

LOOKAHEAD = 2.0
"""Interrupt earlier when the last reading's growth, repeated this many times, would reach the
limit: memory grows by up to one reading's growth before the next reading can see it."""

PERIOD = 0.1
"""Seconds between the guard's readings while a cell runs (see benchmarks/README.md: guard)."""

# After the interrupt, memory that grows by more than this share of the limit, and more than
# the growth seen just before it (an allocation under way when the interrupt came may still
# complete), shows that the cell did not stop (native code that ignores SIGINT runs on).
STILL_GROWING = 0.01


@dataclasses.dataclass
class GuardSettings:
    """Whether the guard is on, and when it interrupts."""

    enabled: bool = True
    threshold: float = THRESHOLD
    lookahead: float = LOOKAHEAD
    period: float = PERIOD


class OomGuard:
    """The guard of one kernel, over the cells it runs one after another."""

    def __init__(self, settings: GuardSettings) -> None:
        self.settings = settings
        self._previous: MemoryReading | None = None
        # The usage when the cell started: only a cell that adds memory is interrupted, so that
        # the cell that frees it (after a stop, with the group still nearly full) can run.
        self._start: int | None = None
        self._fired: MemoryReading | None = None
        self._highest_after = 0
        self._growth_before = 0
        self._interval: float | None = None

    def cell_started(self, start: MemoryReading | None = None) -> None:
        """A cell starts (`start`: a reading as it did): earlier readings do not tell its growth."""
        self._start = start.usage if start is not None else None
        self._previous = start
        self._fired = None
        self._highest_after = 0
        self._growth_before = 0
        self._interval = None

    def observe(self, reading: MemoryReading) -> bool:
        """Take a reading while a cell runs; True when the cell must be interrupted now."""
        previous, self._previous = self._previous, reading
        if self._start is None:
            self._start = reading.usage
        if self._fired is not None:
            self._highest_after = max(self._highest_after, reading.usage)
            return False
        if not self.settings.enabled or reading.limit <= 0:
            return False
        growth = max(0, reading.usage - previous.usage) if previous is not None else 0
        projected = reading.usage + growth * self.settings.lookahead
        if reading.share < self.settings.threshold and projected < reading.limit:
            return False
        if reading.usage - self._start <= STILL_GROWING * reading.limit:
            return False
        self._fired = reading
        self._highest_after = reading.usage
        self._growth_before = growth
        if previous is not None and previous.taken and reading.taken:
            self._interval = round(reading.taken - previous.taken, 3)
        return True

    @property
    def fired(self) -> bool:
        """Whether the guard interrupted the running cell."""
        return self._fired is not None

    def outcome(self) -> dict[str, Any] | None:
        """What the guard did in the cell that ended (schema: OomGuard); None if nothing."""
        fired = self._fired
        if fired is None:
            return None
        allowed = max(STILL_GROWING * fired.limit, self._growth_before)
        kept_growing = self._highest_after - fired.usage > allowed
        return {
            "action": "interrupted",
            "scope": fired.scope,
            "usage": fired.usage,
            "limit": fired.limit,
            "threshold": self.settings.threshold,
            "highest_after": self._highest_after,
            "stopped": not kept_growing,
            "interval": self._interval,
        }


def _limit_words(outcome: dict[str, Any]) -> str:
    limit = format_bytes(int(outcome["limit"]))
    if outcome.get("scope") == HOST:
        return f"the machine's {limit}"
    return f"a {limit} limit"


def guard_message(outcome: dict[str, Any]) -> str:
    """What the guard did, in one sentence for people (the CLI, the reports)."""
    where = f"{format_bytes(int(outcome['usage']))} of {_limit_words(outcome)}"
    if outcome.get("stopped", True):
        return f"stopped at {where} so that the kernel would not be killed; your variables are kept"
    return (
        f"interrupted at {where}, but the cell kept growing to "
        f"{format_bytes(int(outcome['highest_after']))}: it runs code that ignores the "
        "interrupt (native code); stop it yourself or free memory before the kernel is killed"
    )

"""A cell's process tree: before, after and peak of the kernel with its descendants.

VmHWM is per process and a descendant's is gone with it, so a worker that starts and ends within
the cell is only seen by reading the tree while the cell runs: a daemon thread does so every
`SAMPLE_INTERVAL` seconds, only between the cell's hooks. The kernel's own peak stays the exact
VmHWM; the tree's peak is the highest reading, or the kernel's peak plus the least its descendants
held in any reading, whichever is higher (with no descendants: the kernel's peak, exactly).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any, Callable

from .proctree import (
    MAX_LISTED,
    SAMPLER_THREAD,
    OwnChildren,
    PrivateMemory,
    Reading,
    command_line,
    process_name,
    read_tree,
)

# A descendant that lives longer than this within a cell is in the cell's peak. A reading of a
# tree without descendants costs about 5 µs in a kernel (benchmarks/README.md).
SAMPLE_INTERVAL = 0.1

METHOD_KERNEL = "kernel"
METHOD_RSS_USS = "rss_uss"


class _Sampler:
    """The thread, and what it found during the current cell: the highest reading, the least
    the descendants held, and each descendant's name, read when first seen."""

    def __init__(
        self, read_rss: Callable[[], int], name: Callable[[int], str], private: PrivateMemory
    ) -> None:
        # Its own open files: the cell's hooks read theirs meanwhile.
        self._own = OwnChildren()
        self._private = private
        self._read_rss = read_rss
        self._name = name
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._generation = 0
        self.highest: Reading | None = None
        self.least: Reading | None = None
        self.names: dict[int, str] = {}
        self._announce: Callable[[], Any] | None = None

    def start(self, announce: Callable[[], Any] | None = None) -> None:
        with self._lock:
            self._generation += 1
            self.highest = self.least = None
            self.names = {}
            self._announce = announce
        self._running.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=SAMPLER_THREAD, daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._running.clear()
        with self._lock:
            self._generation += 1
            self._announce = None

    def close(self) -> None:
        self._closed = True
        self._running.set()

    def add(self, reading: Reading, generation: int | None = None) -> None:
        """Take `reading` into the cell's extremes (a late one of an earlier cell is dropped)."""
        new = [pid for pid in reading.children if pid not in self.names]
        named = {pid: self._name(pid) for pid in new}
        with self._lock:
            if generation is not None and generation != self._generation:
                return
            self.names.update(named)
            if self.highest is None or reading.total > self.highest.total:
                self.highest = reading
            if self.least is None or reading.added < self.least.added:
                self.least = reading

    def _run(self) -> None:
        while True:
            self._running.wait()
            if self._closed:
                self._own.close()
                return
            generation = self._generation
            # The cell's hook has just read the tree: the first reading here is a period later.
            time.sleep(SAMPLE_INTERVAL)
            if generation != self._generation or not self._running.is_set():
                continue
            self._announce_once(generation)
            with contextlib.suppress(OSError, ValueError):
                self.add(
                    read_tree(self._own, self._read_rss(), self._private, refresh=True),
                    generation,
                )

    def _announce_once(self, generation: int) -> None:
        with self._lock:
            announce = self._announce if generation == self._generation else None
            self._announce = None
        if announce is not None:
            # A thread of the probe's own: nothing may escape it.
            with contextlib.suppress(Exception):
                announce()


def _entry(pid: int, name: str, *, kernel: bool, memory: int | None, at_peak: int | None) -> dict:
    return {"pid": pid, "name": name, "kernel": kernel, "memory": memory, "at_peak": at_peak}


class TreeWatch:
    """Measures the kernel's process tree over each cell, for the record's ``tree``."""

    def __init__(self, read_rss: Callable[[], int]) -> None:
        self._pid = os.getpid()
        self._read_rss = read_rss
        self._kernel_cmdline: list[str] | None = None
        self._private = PrivateMemory()
        self._own = OwnChildren()
        self._sampler = _Sampler(read_rss, self._name, self._private)
        self._before: Reading | None = None

    def start_cell(self, rss: int, announce: Callable[[], Any] | None = None) -> int:
        """Read the tree at the cell's start (the kernel's RSS is `rss`); returns its figure.
        `announce` is called once, from the sampling thread, if the cell still runs a period
        later."""
        self._before = read_tree(self._own, rss, self._private, refresh=False)
        self._sampler.start(announce)
        self._sampler.add(self._before)
        return self._before.total

    def end_cell(self, peak: int, rss: int) -> dict[str, Any]:
        """The record's ``tree``, given the kernel's own peak and RSS at the cell's end."""
        self._sampler.stop()
        after = read_tree(self._own, rss, self._private, refresh=False)
        self._sampler.add(after)
        sampler = self._sampler
        highest, least = sampler.highest, sampler.least
        before = self._before or after
        self._before = None
        if highest is None or least is None or (not highest.children and not least.children):
            return self._report(METHOD_KERNEL, before.total, after, peak, Reading(peak, {}))
        at_peak = highest
        if peak + least.added >= highest.total:
            at_peak = Reading(peak, least.children)
        return self._report(METHOD_RSS_USS, before.total, after, at_peak.total, at_peak)

    def once(self, rss: int) -> dict[str, Any]:
        """The record's ``tree`` for a run that had no start (an empty cell): one reading."""
        self._before = None
        self._sampler.start()
        self._sampler.stop()
        return self.end_cell(rss, rss)

    def close(self) -> None:
        """Let the sampling thread end, and close the files kept open."""
        self._sampler.close()
        self._own.close()

    def _report(
        self, method: str, before: int, after: Reading, peak: int, at_peak: Reading
    ) -> dict[str, Any]:
        names = self._sampler.names
        pids = sorted(
            set(after.children) | set(at_peak.children),
            key=lambda pid: -max(after.children.get(pid, 0), at_peak.children.get(pid, 0)),
        )[:MAX_LISTED]
        kernel = _entry(
            self._pid, "kernel", kernel=True, memory=after.kernel, at_peak=at_peak.kernel
        )
        processes = [kernel]
        processes.extend(
            _entry(
                pid,
                names.get(pid) or self._name(pid),
                kernel=False,
                memory=after.children.get(pid),
                at_peak=at_peak.children.get(pid),
            )
            for pid in pids
        )
        return {
            "before": before,
            "after": after.total,
            "peak": max(peak, before, after.total),
            "method": method,
            "sample_interval": SAMPLE_INTERVAL,
            "processes": processes,
        }

    def _name(self, pid: int) -> str:
        if self._kernel_cmdline is None:
            self._kernel_cmdline = command_line(self._pid)
        return process_name(pid, self._kernel_cmdline)

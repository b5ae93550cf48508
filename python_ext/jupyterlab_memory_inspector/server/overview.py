"""Every running kernel at a glance: path, state and memory, read without calling into a kernel.

The figures come from what the server already knows: the session manager (a kernel's notebook
or console), the kernel manager (its name, its process, its execution state) and each kernel's
monitor (the live reader's last reading, the newest record). A kernel that is stopped or hangs
cannot hold the overview up, since nothing here waits for a kernel.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

from .live import local_process_reader
from .monitor import INSTALLING, KernelMonitor
from .overview_tree import KernelTree
from .registry import MonitorRegistry

# The kernel manager's execution states, in the overview's words.
_STATES = {
    "idle": "idle",
    "busy": "busy",
    "starting": "starting",
    "restarting": "starting",
    "autorestarting": "starting",
    "dead": "dead",
}

# /proc/<pid>/stat states of a process that cannot answer: stopped (SIGSTOP), traced, zombie.
_HALTED = {"T": "not answering", "t": "not answering", "Z": "dead", "X": "dead"}


def _process(monitor: KernelMonitor) -> Any:
    return getattr(getattr(monitor.kernel_manager, "provisioner", None), "process", None)


def _process_state(pid: int) -> str | None:
    """The one-letter state of a local process, or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    fields = text[text.rfind(")") + 2 :].split()
    return fields[0] if fields else None


def kernel_state(monitor: KernelMonitor) -> str:
    """idle, busy, starting, dead, not answering, or unknown: from what the server knows."""
    process = _process(monitor)
    if process is not None:
        if process.poll() is not None:
            return "dead"
        halted = _HALTED.get(_process_state(process.pid) or "")
        if halted:
            return halted
    if monitor.state == INSTALLING and monitor.detail:
        # The probe's install got no reply in time: the kernel has not spoken since.
        return "not answering"
    state = getattr(monitor.kernel_manager, "execution_state", None)
    if state not in _STATES:
        state = monitor.execution_state
    return _STATES.get(str(state), "unknown")


class _Peaks:
    """The highest reading of each kernel's current process tree, kept as readings arrive so
    that the overview never scans a kernel's whole history."""

    def __init__(self, monitor: KernelMonitor) -> None:
        self.by_session: dict[str | None, int] = {}
        for sample in monitor.samples:
            self._see(sample.get("probe_session"), _sample_tree(sample))
        # Once per kernel, what came before the overview first looked: the cells' peaks catch
        # the spikes between two live readings.
        for entry in monitor.history.since(0):
            self._see(entry["record"]["probe_session"], _record_tree_peak(entry["record"]))
        monitor.subscribe(self._on_event)

    def _see(self, session: str | None, memory: Any) -> None:
        if isinstance(memory, int) and memory > self.by_session.get(session, 0):
            self.by_session[session] = memory

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("type") == "samples":
            for sample in event["samples"]:
                self._see(sample.get("probe_session"), _sample_tree(sample))
        elif event.get("type") == "records":
            for entry in event["records"]:
                self._see(entry["record"]["probe_session"], _record_tree_peak(entry["record"]))


def _sample_tree(sample: dict[str, Any]) -> Any:
    return sample.get("tree", sample.get("memory"))


def _record_tree_peak(record: dict[str, Any]) -> Any:
    tree = record.get("tree")
    return tree["peak"] if isinstance(tree, dict) else record["peak"]


class Overview:
    """Builds the overview of a registry's kernels (schema: OverviewReply)."""

    def __init__(self, registry: MonitorRegistry) -> None:
        self._registry = registry
        self._peaks: weakref.WeakKeyDictionary[KernelMonitor, _Peaks] = weakref.WeakKeyDictionary()
        self._trees: weakref.WeakKeyDictionary[KernelMonitor, KernelTree] = (
            weakref.WeakKeyDictionary()
        )

    def build(self, sessions: list[dict[str, Any]]) -> dict[str, Any]:
        """The overview, given the session manager's sessions (their path and type)."""
        opened: dict[str, dict[str, Any]] = {}
        for session in sessions:
            kernel_id = (session.get("kernel") or {}).get("id")
            if kernel_id and kernel_id not in opened:
                opened[kernel_id] = session
        kernels = [
            self._kernel(monitor, opened.get(monitor.kernel_id)) for monitor in self._registry.all()
        ]
        total = sum(kernel["memory"] or 0 for kernel in kernels)
        limits = [(k["limit"], k["limit_kind"]) for k in kernels if k["limit"]]
        # A memory limit belongs to the container, shared by every kernel in it; without one,
        # the host's memory is what all kernels share.
        limit, kind = max(
            limits, key=lambda pair: (pair[1] == "limit", pair[0]), default=(None, None)
        )
        return {
            "time": time.time(),
            "kernels": kernels,
            "total": total,
            "limit": limit,
            "limit_kind": kind,
            "share": total / limit if limit else None,
        }

    def _kernel(self, monitor: KernelMonitor, session: dict[str, Any] | None) -> dict[str, Any]:
        peaks = self._peaks.get(monitor)
        if peaks is None:
            peaks = self._peaks[monitor] = _Peaks(monitor)
        current = monitor.probe["probe_session"] if monitor.probe else None
        kernel_memory, memory, children = self._memory_now(monitor, current)
        peak = peaks.by_session.get(current)
        if memory is not None:
            peak = max(peak or 0, memory)
        latest = monitor.history.latest()
        record = latest["record"] if latest else None
        limit, kind = _limit(record)
        return {
            "kernel_id": monitor.kernel_id,
            "name": str(getattr(monitor.kernel_manager, "kernel_name", "") or ""),
            "path": session.get("path") if session else None,
            "type": session.get("type") if session else None,
            "state": kernel_state(monitor),
            "monitor_state": monitor.state,
            "memory": memory,
            "kernel_memory": kernel_memory,
            "child_processes": children,
            "peak": peak,
            "limit": limit,
            "limit_kind": kind,
            "share": memory / limit if memory is not None and limit else None,
            "last_cell": None
            if record is None
            else {
                "execution_count": record["execution_count"],
                "cell_id": record["cell_id"],
                "end": record["end"],
                "status": record["status"],
            },
        }

    def _memory_now(
        self, monitor: KernelMonitor, session: str | None
    ) -> tuple[int | None, int | None, int | None]:
        """The kernel's own memory, its tree's and its number of descendants: read here from a
        local process, else the live reader's last reading of the current process."""
        pid = getattr(_process(monitor), "pid", None)
        read = local_process_reader(monitor.kernel_manager, pid) if pid is not None else None
        kernel = read() if read is not None else None
        if pid is not None and kernel is not None:
            tree = self._trees.get(monitor)
            if tree is None or tree.pid != pid:
                tree = self._trees[monitor] = KernelTree(pid)
            return (kernel, *tree.read(kernel))
        samples = monitor.samples
        if samples and session is not None and samples[-1].get("probe_session") == session:
            memory = int(samples[-1]["memory"])
            return memory, int(samples[-1].get("tree") or memory), None
        return None, None, None


def _limit(record: dict[str, Any] | None) -> tuple[int | None, str | None]:
    """The memory limit that the newest record saw, else the host's memory (as the panel)."""
    if record is None:
        return None, None
    if record["limit"]["bytes"]:
        return int(record["limit"]["bytes"]), "limit"
    if record["host"]["total"]:
        return int(record["host"]["total"]), "host"
    return None, None


_OVERVIEWS: weakref.WeakKeyDictionary[MonitorRegistry, Overview] = weakref.WeakKeyDictionary()


def overview_of(registry: MonitorRegistry) -> Overview:
    """The one overview of a registry, so that the peaks it follows are kept between requests."""
    overview = _OVERVIEWS.get(registry)
    if overview is None:
        overview = _OVERVIEWS[registry] = Overview(registry)
    return overview

"""IPython's cell hooks: measure each cell and turn the measurement into a record.

``pre_run_cell`` and ``post_run_cell`` are matched by the request's msg_id, never by timing,
so that queued cells (Run All) each get their own record. An empty cell fires only
``post_run_cell``; silent runs fire neither and get no record. Runs that keep no history
(``store_history=False``: variable inspectors, completers, widgets' helpers) are other tools'
work, not the user's cells: they get no record either.
"""

from __future__ import annotations

import gc
import time
import traceback
from typing import Any, Callable

from .cellnames import touched_names
from .contract import CELL_START_MSG_TYPE, RECORD_MSG_TYPE
from .encoding import record_bytes
from .gcwatch import GcWatch
from .heaptrace import HeapTrace
from .limits import HOST_SECONDS, LIMIT_SECONDS, Recent, host_memory, memory_limit
from .namespace import NamespaceScanner
from .procmem import ProcessMemory
from .publisher import Publisher
from .treewatch import TreeWatch

SCHEMA_VERSION = 1

RecordListener = Callable[[dict], None]


class _Start:
    __slots__ = ("cell_id", "mono", "probe_time", "rss", "wall")

    def __init__(self, cell_id: str | None, wall: float, mono: float) -> None:
        self.cell_id = cell_id
        self.wall = wall
        self.mono = mono
        self.rss = 0
        self.probe_time = 0.0


def _users(info: Any) -> bool:
    """Whether a run is one of the user's cells: IPython still fires the hooks for a run that
    keeps no history, and only the user's cells keep it."""
    return getattr(info, "store_history", True) is not False and not getattr(info, "silent", False)


def _status(result: Any, started: bool) -> str:
    if not started:
        return "empty"
    if getattr(result, "error_before_exec", None) is not None:
        return "syntax_error"
    if getattr(result, "error_in_exec", None) is not None:
        return "error"
    return "ok"


class CellWatch:
    """Holds the measurements of the cells in flight and publishes a record when each ends."""

    def __init__(
        self,
        *,
        shell: Any,
        memory: ProcessMemory,
        gc_watch: GcWatch,
        heap: HeapTrace,
        scanner: NamespaceScanner,
        publisher: Publisher,
        probe_session: str,
        config: dict[str, Any],
    ) -> None:
        self._shell = shell
        self._memory = memory
        self._gc = gc_watch
        self._heap = heap
        self._scanner = scanner
        self._publisher = publisher
        self._probe_session = probe_session
        self._config = config
        self._limit = Recent(memory_limit, LIMIT_SECONDS)
        self._host = Recent(host_memory, HOST_SECONDS)
        self._pending: dict[str | None, _Start] = {}
        self.tree = TreeWatch(memory.rss)
        self.listeners: list[RecordListener] = []
        # Set by the probe that owns these hooks, so that another copy of the probe (the
        # server's injected one, or the %load_ext one) can retire it instead of doubling up.
        self.retire: Callable[[], None] | None = None
        self.errors = 0
        self.last_error: str | None = None
        scanner.tool_names.cell_ended(shell.user_ns)

    def pre_run_cell(self, info: Any) -> None:
        """IPython hook: note the cell's start; the peak is reset last, so it is the cell's own."""
        entered = time.perf_counter()
        try:
            if not _users(info):
                return
            self._scanner.tool_names.cell_started(self._shell.user_ns)
            start = _Start(getattr(info, "cell_id", None), time.time(), entered)
            self._pending[self._publisher.parent_msg_id()] = start
            self._gc.start_cell()
            self._heap.start_cell()
            start.rss = self._memory.start_cell()
            self.tree.start_cell(start.rss, self._announcer(start.cell_id))
            start.probe_time = time.perf_counter() - entered
            start.mono = time.perf_counter()
        except (Exception, KeyboardInterrupt):  # noqa: BLE001  (never raise into the user's cell)
            self._note_error()

    def _announcer(self, cell_id: str | None) -> Callable[[], None] | None:
        """What tells the server which cell runs, should the kernel die in it (the server
        sees only the request's msg_id). Sent by the tree's thread once the cell has run a
        sampling period: a message per cell would cost every short cell a publication
        (about 0.3 ms), and a cell that exhausts memory runs longer than that."""
        if cell_id is None or not self._publisher.connected:
            return None
        parent = self._publisher.parent()
        content = {"cell_id": cell_id}
        return lambda: self._publisher.send(CELL_START_MSG_TYPE, content, parent)

    def post_run_cell(self, result: Any) -> None:
        """IPython hook: read the peak first, then build and publish the cell's record."""
        try:
            if _users(getattr(result, "info", None)):
                self._finish(result)
        except (Exception, KeyboardInterrupt):  # noqa: BLE001  (never raise into the user's cell)
            self._note_error()

    def _finish(self, result: Any) -> None:
        entered = time.perf_counter()
        msg_id = self._publisher.parent_msg_id()
        info = getattr(result, "info", None)
        start = self._pending.pop(msg_id, None)
        started = start is not None
        if start is None:
            cell_id = getattr(info, "cell_id", None)
            start = _Start(cell_id, time.time(), entered)
            start.rss = peak = rss_after = self._memory.rss()
            tree = self.tree.once(rss_after)
        else:
            peak, rss_after = self._memory.end_cell(start.rss)
            tree = self.tree.end_cell(peak, rss_after)
        duration = max(0.0, entered - start.mono)
        execution_count = getattr(result, "execution_count", None)
        status = _status(result, started)
        record = {
            "schema_version": SCHEMA_VERSION,
            "probe_session": self._probe_session,
            "cell_id": start.cell_id,
            "execution_count": execution_count,
            "msg_id": msg_id,
            "status": status,
            "raised": status in ("error", "syntax_error"),
            "start": start.wall,
            "end": start.wall + duration,
            "duration": duration,
            "rss_before": start.rss,
            "rss_after": rss_after,
            "rss_delta": rss_after - start.rss,
            "peak": max(peak, start.rss, rss_after),
            "peak_method": self._memory.peak_method,
            "tree": tree,
            "heap": self._heap.report(execution_count),
            "gc": self._gc.report(),
            "limit": self._limit(),
            "host": self._host(),
            "variables": None,
        }
        # The scan and the publication make thousands of objects that are all gone when the
        # hook returns: a collection they set off would be spent on them (and on the kernel's
        # young objects) for nothing. The collector's state above is read before this pause.
        collecting = gc.isenabled()
        gc.disable()
        try:
            record["variables"] = self._scanner.scan(
                self._shell,
                self._config["scan_budget"],
                self._config["max_variables"],
                touched_names(getattr(info, "raw_cell", None), self._shell.user_ns),
            )
            record["probe_time"] = start.probe_time + time.perf_counter() - entered
            # Outside a kernel (plain IPython) there is no one to send the JSON to.
            if self._publisher.connected:
                self._publisher.send(RECORD_MSG_TYPE, self._content(record))
        finally:
            if collecting:
                gc.enable()
        self._scanner.tool_names.cell_ended(self._shell.user_ns)
        for listener in self.listeners:
            listener(record)

    def _content(self, record: dict) -> dict | bytes:
        """The record, as JSON made of its items' kept texts where the scan gave them."""
        items = self._scanner.items_json
        if items is None or len(items) != len(record["variables"]["items"]):
            return record
        try:
            return record_bytes(record, items)
        except ValueError:  # a NaN or an infinity: left to the session's packer, as before
            return record

    def _note_error(self) -> None:
        self.errors += 1
        try:
            self.last_error = traceback.format_exc(limit=5)
        except Exception:  # noqa: BLE001  (formatting must not fail the hook either)
            self.last_error = "unformattable error"

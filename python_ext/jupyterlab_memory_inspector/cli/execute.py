"""Runs a notebook in a fresh kernel with the probe installed, and keeps each cell's record.

nbclient executes the cells; this module adds what the memory inspector needs around it: the
probe installed (and announced) before the first cell, each request carrying the cell's id as
JupyterLab sends it, the probe's IOPub messages kept rather than logged as unhandled, and
nbclient's failures turned into one-line messages for people.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Callable, Optional

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from ..oom_guard import GuardSettings, guard_message
from ..protocol import (
    CELL_START_MSG_TYPE,
    PROBE_MSG_TYPE,
    RECORD_MSG_TYPE,
)
from ..report.model import KernelInfo
from .death import note_death
from .failure import failure_text
from .kernel_calls import (
    PROBE_TIMEOUT,
    closing_facts,
    enable_allocation_tracing,
    install_probe,
    kernel_info,
)
from .notebook import HeadlessRun, NotebookRunError, cells_to_run, describe_cell
from .watcher import CellWatcher

# position (1-based, among the cells that run), how many will run, the cell, its record if any
CellDone = Callable[[int, int, NotebookNode, Optional[dict[str, Any]]], None]


class _CellIdKernelClient(AsyncKernelClient):
    """Sends execute requests with ``metadata.cellId``, as JupyterLab does.

    The probe puts that id in the cell's record, so records from a headless run match the cells
    of the notebook just as they do in JupyterLab.
    """

    cell_id: str | None = None

    def execute(  # noqa: PLR0917  (KernelClient.execute's own signature)
        self,
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: dict[str, Any] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
    ) -> str:
        content = {
            "code": code,
            "silent": silent,
            "store_history": store_history,
            "user_expressions": user_expressions or {},
            "allow_stdin": self.allow_stdin if allow_stdin is None else allow_stdin,
            "stop_on_error": stop_on_error,
        }
        metadata = {"cellId": self.cell_id} if self.cell_id and not silent else {}
        msg = self.session.msg("execute_request", content, metadata=metadata)
        self.shell_channel.send(msg)
        return str(msg["header"]["msg_id"])


class ProbedNotebookClient(NotebookClient):
    """An nbclient NotebookClient that runs the notebook under the memory inspector's probe."""

    def __init__(
        self,
        run: HeadlessRun,
        *,
        on_cell_done: CellDone | None = None,
        trace_allocations: bool = False,
        guard: GuardSettings | None = None,
        plan: Sequence[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(run.notebook, kernel_name=run.kernel.name, **kwargs)
        self._run = run
        self._guard = guard or GuardSettings()
        self._watcher: CellWatcher | None = None
        self._on_cell_done = on_cell_done
        self._trace_allocations = trace_allocations
        self._to_run = cells_to_run(run.notebook, self.skip_cells_with_tag)
        # The cells to execute, in order, by index: every cell once unless a plan repeats some
        # (--repeat, --cells; cli/repeat.py).
        self.plan = list(range(len(run.notebook.cells)) if plan is None else plan)

    def create_kernel_manager(self) -> KernelManager:
        manager = super().create_kernel_manager()
        manager.client_factory = _CellIdKernelClient
        return manager

    async def async_run(self) -> None:
        """Start the kernel, install the probe, run every cell; the kernel is shut down after."""
        self.reset_execution_trackers()
        # The kernel's own chatter (its TCP warning, say) would drown the progress lines.
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        async with self.async_setup_kernel(**quiet):
            self._stop_on_signals()
            client = self._client()
            reply = await kernel_info(client)
            language = reply.get("language_info", {})
            self.nb.metadata["language_info"] = language
            if str(language.get("name", "")).lower() != "python":
                raise NotebookRunError(
                    f"kernel {self._run.kernel.name!r} is not a Python kernel "
                    f"({language.get('name', 'unknown language')})"
                )
            self._run.probe = await install_probe(client)
            self._watcher = self._start_watcher()
            if self._trace_allocations:
                await enable_allocation_tracing(client, self._run.probe)
            for index in self.plan:
                await self.async_execute_cell(self.nb.cells[index], index)
            self._run.facts = await closing_facts(client)

    async def async_execute_cell(
        self,
        cell: NotebookNode,
        cell_index: int,
        execution_count: int | None = None,
        store_history: bool = True,
    ) -> NotebookNode:
        if cell_index not in self._to_run:
            return await super().async_execute_cell(cell, cell_index, execution_count)
        self._client().cell_id = cell.get("id")
        if self._watcher is not None:
            self._watcher.start()
        try:
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        except DeadKernelError:
            # After Ctrl-C or SIGTERM the run killed the kernel itself: no death of the notebook's.
            if not self._run.interrupted:
                process = getattr(getattr(self.km, "provisioner", None), "process", None)
                note_death(self._run, process, self._watcher, cell, cell_index, wait=PROBE_TIMEOUT)
            raise
        finally:
            self._client().cell_id = None
            await self._guarded(cell, cell_index)
            if self._on_cell_done is not None:
                position = self._to_run.index(cell_index) + 1
                record = self._run.records_by_cell.get(cell_index)
                self._on_cell_done(position, len(self._to_run), cell, record)

    def process_message(
        self, msg: dict[str, Any], cell: NotebookNode, cell_index: int
    ) -> NotebookNode | None:
        msg_type = msg["msg_type"]
        if msg_type == RECORD_MSG_TYPE:
            self._run.records.append(msg["content"])
            self._run.records_by_cell[cell_index] = msg["content"]
            return None
        if msg_type == PROBE_MSG_TYPE:
            # A cell re-installed the probe: later records come from this one.
            self._run.probe = msg["content"]
            return None
        if msg_type == CELL_START_MSG_TYPE:
            # The server's use (naming the cell of a death); this run knows its cell already.
            return None
        return super().process_message(msg, cell, cell_index)

    def _start_watcher(self) -> CellWatcher | None:
        """The guard around each cell, for a kernel whose process this machine can read."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        pid = getattr(process, "pid", None)
        if self.km is None or not isinstance(pid, int):
            return None
        return CellWatcher(pid, self.km.interrupt_kernel, self._guard)

    async def _guarded(self, cell: NotebookNode, cell_index: int) -> None:
        """Stop the cell's watcher; what the guard did goes into the cell's record."""
        if self._watcher is None:
            return
        outcome = await self._watcher.stop()
        if outcome is None:
            return
        record = self._run.records_by_cell.get(cell_index)
        if record is not None:
            record["oom_guard"] = outcome
        self._run.guarded.append(f"{describe_cell(cell, cell_index)} {guard_message(outcome)}")

    def _stop_on_signals(self) -> None:
        """Stop the run at Ctrl-C or SIGTERM, and kill the kernel rather than wait for its cell.

        nbclient's own handlers (which the kernel's context removes again, with these) shut
        the kernel down under the running cell, which then fails as if the kernel had died.
        """
        task = asyncio.current_task()
        if task is None:
            return

        def stop(signum: int) -> None:
            self._run.interrupted = True
            self._run.stopped_by = signum
            self.shutdown_kernel = "immediate"
            task.cancel()

        loop = asyncio.get_running_loop()
        # Not every platform or thread can take signal handlers; there, Ctrl-C stays nbclient's.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, stop, signum)

    def _client(self) -> _CellIdKernelClient:
        if not isinstance(self.kc, _CellIdKernelClient):
            raise NotebookRunError("the kernel client is not connected")
        return self.kc


def run_notebook(
    notebook: NotebookNode,
    path: Path,
    kernel: KernelInfo,
    *,
    timeout: int | None = None,
    allow_errors: bool = False,
    trace_allocations: bool = False,
    guard: GuardSettings | None = None,
    on_cell_done: CellDone | None = None,
    log: logging.Logger | None = None,
    plan: Sequence[int] | None = None,
) -> HeadlessRun:
    """Run `notebook` (read from `path`, whose folder is the kernel's working directory).

    Never raises for what the notebook or its kernel does: a cell that raises (without
    `allow_errors`), a cell that outlives `timeout` seconds, a kernel that dies or a probe that
    cannot be installed ends the run, and `failure` says so; what ran until then is kept.
    """
    run = HeadlessRun(notebook=notebook, kernel=kernel)
    client = ProbedNotebookClient(
        run,
        on_cell_done=on_cell_done,
        trace_allocations=trace_allocations,
        guard=guard,
        plan=plan,
        timeout=timeout,
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
        log=log or logging.getLogger(__name__),
    )
    try:
        asyncio.run(client.async_run())
    except (
        NotebookRunError,
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
        RuntimeError,
        asyncio.CancelledError,
    ) as err:
        run.failure = "interrupted" if run.interrupted else failure_text(client, run, err, timeout)
    return run

"""Runs a notebook in a fresh kernel with the probe installed, and keeps each cell's record.

nbclient executes the cells; this module adds what the memory inspector needs around it: the
probe installed (and announced) before the first cell, each request carrying the cell's id as
JupyterLab sends it, the probe's IOPub messages kept rather than logged as unhandled, and
nbclient's failures turned into one-line messages for people.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from queue import Empty
from typing import Any, Callable, Optional

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from ..oom_guard import GuardSettings, guard_message
from ..probe_client.call import ProbeTimeout, SilentRequest, call_probe
from ..probe_client.injector import ProbeCallError, install_code
from ..protocol import (
    CELL_START_MSG_TYPE,
    CLOSING_FACTS_CALL,
    CONFIGURE_CALL,
    PROBE_MSG_TYPE,
    RECORD_MSG_TYPE,
)
from ..report.model import KernelInfo
from ..text import printable, shorten
from .death import note_death
from .messages import ALLOW_ERRORS, NO_TRACING_CONTROL, TIMEOUT_FLAG
from .notebook import HeadlessRun, NotebookRunError, cells_to_run, describe_cell
from .watcher import CellWatcher

PROBE_TIMEOUT = 60.0

# position (1-based, among the cells that run), how many will run, the cell, its record if any
CellDone = Callable[[int, int, NotebookNode, Optional[dict[str, Any]]], None]


async def enable_allocation_tracing(
    client: AsyncKernelClient, probe: Mapping[str, Any], nframes: int = 1
) -> None:
    """Turn tracemalloc on in the kernel through the probe's settings, before any cell runs.

    The probe takes settings through ``active().configure_json(...)``, evaluated as a user
    expression of a silent request (as the server does); a probe that announces no ``config``
    has no such control, and tracing is then refused rather than started behind its back.
    """
    if not isinstance(probe.get("config"), Mapping):
        raise NotebookRunError(NO_TRACING_CONTROL)
    changes = json.dumps({"tracing": True, "nframes": nframes})
    refused = "the probe did not turn allocation tracing on"
    try:
        config = await _call_probe(client, CONFIGURE_CALL, changes)
    except ProbeCallError as err:
        raise NotebookRunError(f"{refused}: {err}") from None
    if not isinstance(config, dict) or config.get("tracing") is not True:
        raise NotebookRunError(refused)


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
            reply = await _shell_reply(client, client.kernel_info(), _deadline())
            language = reply.get("language_info", {})
            self.nb.metadata["language_info"] = language
            if str(language.get("name", "")).lower() != "python":
                raise NotebookRunError(
                    f"kernel {self._run.kernel.name!r} is not a Python kernel "
                    f"({language.get('name', 'unknown language')})"
                )
            self._run.probe = await self._install_probe(client)
            self._watcher = self._start_watcher()
            if self._trace_allocations:
                await enable_allocation_tracing(client, self._run.probe)
            for index in self.plan:
                await self.async_execute_cell(self.nb.cells[index], index)
            self._run.facts = await self._advice_facts(client)

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

    async def _advice_facts(self, client: AsyncKernelClient) -> dict[str, Any] | None:
        """What the advisor needs from the kernel at the end of the run; None if the probe
        cannot say (the report then has no suggestions rather than wrong ones)."""
        try:
            # The kernel ends after this: the facts may be found by changing it, much faster.
            facts = await _call_probe(client, CLOSING_FACTS_CALL)
        except ProbeCallError:
            return None
        return facts if isinstance(facts, dict) else None

    async def _install_probe(self, client: AsyncKernelClient) -> dict[str, Any]:
        deadline = _deadline()
        # The install code is one expression: as a user expression, IPython evaluates it as it
        # is, where as a cell's code its 200 KB went through the cell's transformations and
        # compiled twice (about 50 ms).
        msg_id = client.execute(
            "",
            silent=True,
            store_history=False,
            user_expressions={"install": install_code()},
            stop_on_error=False,
        )
        reply = await _shell_reply(client, msg_id, deadline)
        installed = reply.get("user_expressions", {}).get("install", reply)
        if reply.get("status") != "ok" or installed.get("status") != "ok":
            raise NotebookRunError(
                f"the probe could not be installed: {installed.get('ename', 'error')}: "
                f"{installed.get('evalue', installed.get('status'))}"
            )
        probe: dict[str, Any] | None = None
        while True:
            msg = await _iopub_message(client, deadline)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == PROBE_MSG_TYPE:
                probe = msg["content"]
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        if probe is None:
            raise NotebookRunError("the probe was installed but did not announce itself")
        return probe


def _deadline() -> float:
    return time.monotonic() + PROBE_TIMEOUT


def _silent_request(client: AsyncKernelClient) -> SilentRequest:
    async def request(expressions: dict[str, str]) -> dict[str, Any]:
        msg_id = client.execute(
            "", silent=True, store_history=False, user_expressions=expressions, stop_on_error=False
        )
        return await _shell_reply(client, msg_id, _deadline())

    return request


async def _call_probe(client: AsyncKernelClient, method: str, *args: str) -> Any:
    """The probe's answer, through the guarded call that the server uses too."""
    try:
        return await call_probe(_silent_request(client), method, *args, timeout=PROBE_TIMEOUT)
    except ProbeTimeout:
        raise NotebookRunError(_no_answer()) from None


def _no_answer() -> str:
    return f"the kernel did not answer within {PROBE_TIMEOUT:.0f} s"


async def _shell_reply(client: AsyncKernelClient, msg_id: str, deadline: float) -> dict[str, Any]:
    while True:
        try:
            msg = await client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        except Empty:
            raise NotebookRunError(_no_answer()) from None
        if msg["parent_header"].get("msg_id") == msg_id:
            content: dict[str, Any] = msg["content"]
            return content


async def _iopub_message(client: AsyncKernelClient, deadline: float) -> dict[str, Any]:
    try:
        msg: dict[str, Any] = await client.get_iopub_msg(
            timeout=max(0.0, deadline - time.monotonic())
        )
    except Empty:
        raise NotebookRunError(
            f"the kernel went quiet while the probe was installed ({PROBE_TIMEOUT:.0f} s)"
        ) from None
    return msg


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
        run.failure = "interrupted" if run.interrupted else _failure(client, run, err, timeout)
    return run


def _failure(
    client: ProbedNotebookClient, run: HeadlessRun, err: BaseException, timeout: int | None
) -> str:
    if isinstance(err, CellExecutionError):
        return _raised(client, run, err)
    if isinstance(err, CellTimeoutError):
        return f"{_current(client)} did not finish within {timeout} s{TIMEOUT_FLAG}"
    if isinstance(err, DeadKernelError):
        return run.death_text or f"the kernel died while running {_current(client)}"
    if isinstance(err, asyncio.CancelledError):
        return "the run was cancelled"
    if isinstance(err, NotebookRunError):
        return str(err)
    # nbclient and jupyter_client report a kernel that never became ready as a RuntimeError.
    started = "the run stopped" if run.probe is not None else "the kernel could not be started"
    return f"{started}: {err}"


def _current(client: ProbedNotebookClient) -> str:
    index = _last_executed(client)
    if index is None:
        return "a cell"
    return describe_cell(client.nb.cells[index], index)


def _last_executed(client: ProbedNotebookClient) -> int | None:
    to_run = set(cells_to_run(client.nb, client.skip_cells_with_tag))
    ran = [index for index in client.plan if index in to_run]
    count = client.code_cells_executed
    return ran[count - 1] if 0 < count <= len(ran) else None


def _raised(client: ProbedNotebookClient, run: HeadlessRun, err: CellExecutionError) -> str:
    if run.guarded and err.ename == "KeyboardInterrupt":
        return f"the out-of-memory guard stopped {_current(client)}{ALLOW_ERRORS}"
    error = f"{err.ename}: {err.evalue}" if err.evalue else err.ename
    error = printable(shorten(" ".join(error.split()), 160))
    return f"{_current(client)} raised {error}{ALLOW_ERRORS}"

"""What ended a headless run, in one line for people: nbclient's failures named by their cell."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from ..text import printable, shorten
from .messages import ALLOW_ERRORS, TIMEOUT_FLAG
from .notebook import HeadlessRun, NotebookRunError, cells_to_run, describe_cell

if TYPE_CHECKING:
    from .execute import ProbedNotebookClient


def failure_text(
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

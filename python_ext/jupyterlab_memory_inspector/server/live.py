"""The kernel's memory while a cell runs, for the live timeline.

The shell channel waits behind a running cell, so the probe cannot report until the cell ends.
Two ways see memory meanwhile: reading the kernel's process from this server (local kernels
only; blind to nothing, even a spike made while the kernel holds the GIL), or ipykernel's
control-channel ``usage_request`` (any kernel with psutil in its environment).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional

from jupyter_client.manager import KernelManager

PROCESS = "process"
USAGE_REQUEST = "usage_request"

RssReader = Callable[[], Optional[int]]


def _statm_reader(pid: int) -> RssReader | None:
    path = f"/proc/{pid}/statm"
    try:
        page = os.sysconf("SC_PAGE_SIZE")
        with open(path, "rb") as handle:
            handle.read()
    except (OSError, ValueError, AttributeError):
        return None

    def read() -> int | None:
        try:
            with open(path, "rb") as handle:
                resident = int(handle.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            return None
        # A process that has died but is not reaped yet reads as 0 pages: not a reading.
        return resident or None

    return read


def _psutil_reader(pid: int) -> RssReader | None:
    try:
        import psutil  # noqa: PLC0415  (optional outside Linux)

        process = psutil.Process(pid)
    except Exception:  # noqa: BLE001  (ImportError, or no such process)
        return None

    def read() -> int | None:
        try:
            return int(process.memory_info().rss)
        except Exception:  # noqa: BLE001  (the process ended)
            return None

    return read


def local_process_reader(kernel_manager: KernelManager, probe_pid: int) -> RssReader | None:
    """A reader of the kernel process's RSS, if the kernel runs on this machine.

    The probe reports its pid; it is only ours to read when the provisioner launched that very
    process here (a kernel behind a gateway or in a container has a pid of another namespace).
    """
    process = getattr(getattr(kernel_manager, "provisioner", None), "process", None)
    if getattr(process, "pid", None) != probe_pid:
        return None
    return process_reader(probe_pid)


def process_reader(pid: int) -> RssReader | None:
    """A reader of the RSS of process `pid` of this machine; None where it cannot be read."""
    return _statm_reader(pid) or _psutil_reader(pid)


def usage_reply_rss(content: dict[str, Any]) -> int | None:
    """The kernel's RSS from a ``usage_reply``, when the kernel has psutil to measure it."""
    memory = content.get("kernel_memory")
    if isinstance(memory, (int, float)) and memory > 0:
        return int(memory)
    return None

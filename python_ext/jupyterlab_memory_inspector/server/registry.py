"""One monitor per live kernel, attached when a kernel starts and dropped when it shuts down."""

from __future__ import annotations

import logging
from typing import Any

from jupyter_client.multikernelmanager import MultiKernelManager

from ..oom_guard import GuardSettings
from .monitor import KERNEL_TIMEOUT, KernelMonitor
from .sampler import SamplingConfig

KERNEL_ACTIONS_SCHEMA = "https://events.jupyter.org/jupyter_server/kernel_actions/v1"


class MonitorRegistry:
    """Finds or creates the monitor of a kernel, following the server's kernel action events."""

    def __init__(
        self,
        kernel_manager: MultiKernelManager,
        history_capacity: int,
        log: logging.Logger,
        *,
        sampling: SamplingConfig | None = None,
        timeout: float = KERNEL_TIMEOUT,
        guard: GuardSettings | None = None,
    ) -> None:
        self._kernel_manager = kernel_manager
        self._guard = guard
        self._history_capacity = history_capacity
        self._sampling = sampling or SamplingConfig()
        self._timeout = timeout
        self._log = log
        self._monitors: dict[str, KernelMonitor] = {}

    def get(self, kernel_id: str) -> KernelMonitor | None:
        """The monitor of a live kernel, attaching one if the kernel has none yet."""
        monitor = self._monitors.get(kernel_id)
        if monitor is None and kernel_id in self._kernel_manager:
            monitor = KernelMonitor(
                kernel_id,
                self._kernel_manager.get_kernel(kernel_id),
                self._history_capacity,
                self._log,
                sampling=self._sampling,
                timeout=self._timeout,
                guard=self._guard,
            )
            self._monitors[kernel_id] = monitor
            monitor.start()
        return monitor

    def all(self) -> list[KernelMonitor]:
        """A monitor for every live kernel."""
        monitors = (self.get(kernel_id) for kernel_id in self._kernel_manager.list_kernel_ids())
        return [monitor for monitor in monitors if monitor is not None]

    async def on_kernel_action(self, logger: Any, schema_id: str, data: dict[str, Any]) -> None:
        """jupyter_events listener for the kernel manager's start/restart/shutdown events."""
        kernel_id = data.get("kernel_id")
        if data.get("status") != "success" or not kernel_id:
            return
        action = data.get("action")
        if action == "start":
            monitor = self.get(kernel_id)
            if monitor is not None:
                monitor.note("started")
        elif action == "restart":
            monitor = self._monitors.get(kernel_id)
            if monitor is None:
                self.get(kernel_id)
            else:
                monitor.restart()
        elif action == "interrupt":
            monitor = self._monitors.get(kernel_id)
            if monitor is not None:
                monitor.note("interrupted")
        elif action == "shutdown":
            monitor = self._monitors.pop(kernel_id, None)
            if monitor is not None:
                monitor.close()

    def close(self) -> None:
        """Stop every monitor."""
        for monitor in self._monitors.values():
            monitor.close()
        self._monitors.clear()

"""Watches one kernel: installs the probe, receives its messages, keeps the records."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from jupyter_client.manager import KernelManager

from .history import RecordHistory
from .injector import install_code
from .kernel_channels import KernelChannels, KernelRequestError
from .probe.publisher import PROBE_MSG_TYPE, RECORD_MSG_TYPE

MonitorListener = Callable[[dict[str, Any]], None]

# Monitor states, as the API reports them.
CONNECTING = "connecting"
INSTALLING = "installing"
ACTIVE = "active"
UNSUPPORTED = "unsupported"
FAILED = "failed"
CLOSED = "closed"


class KernelMonitor:
    """The server's view of one kernel's memory.

    Listeners get ``{"type": "records", "records": [entry]}`` for each new record and
    ``{"type": "monitor", "monitor": describe()}`` when the monitor's state changes.
    """

    def __init__(
        self,
        kernel_id: str,
        kernel_manager: KernelManager,
        history_capacity: int,
        log: logging.Logger,
    ) -> None:
        self.kernel_id = kernel_id
        self.history = RecordHistory(history_capacity)
        self.state = CONNECTING
        self.detail = ""
        self.probe: dict[str, Any] | None = None
        self.execution_state = "unknown"
        self._kernel_manager = kernel_manager
        self._log = log
        self._channels: KernelChannels | None = None
        self._attach_task: asyncio.Task[None] | None = None
        self._listeners: list[MonitorListener] = []

    def describe(self) -> dict[str, Any]:
        """The monitor's state as the API reports it."""
        return {
            "kernel_id": self.kernel_id,
            "history_id": self.history.id,
            "state": self.state,
            "detail": self.detail,
            "probe": self.probe,
            "execution_state": self.execution_state,
            "last_seq": self.history.last_seq,
            "record_count": len(self.history),
        }

    def subscribe(self, listener: MonitorListener) -> Callable[[], None]:
        """Call `listener` with each event; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def start(self) -> None:
        """Connect to the kernel and install the probe, in the background."""
        self._attach_task = asyncio.ensure_future(self._attach())

    def restart(self) -> None:
        """The kernel restarted: connect anew (its ports may have changed) and re-install."""
        self._disconnect()
        self.probe = None
        self._set_state(CONNECTING)
        self.start()

    def close(self) -> None:
        """Stop watching the kernel."""
        self._disconnect()
        self._set_state(CLOSED)
        self._listeners.clear()

    def _disconnect(self) -> None:
        if self._attach_task is not None:
            self._attach_task.cancel()
            self._attach_task = None
        if self._channels is not None:
            self._channels.stop()
            self._channels = None

    async def _attach(self) -> None:
        channels = KernelChannels(self._kernel_manager.client(), self._on_iopub, self._log)
        self._channels = channels
        channels.start()
        try:
            info = await channels.kernel_info()
            language = str(info.get("language_info", {}).get("name", "unknown"))
            if language != "python":
                self._set_state(UNSUPPORTED, f"{language} kernels are not supported")
                self._disconnect()
                return
            await channels.wait_for_iopub()
            self._set_state(INSTALLING)
            await channels.execute_silently(install_code())
        except KernelRequestError as err:
            self._set_state(FAILED, f"the probe could not be installed: {err}")
            self._log.warning("memory-inspector: kernel %s: %s", self.kernel_id, self.detail)

    def _on_iopub(self, msg: dict[str, Any]) -> None:
        msg_type = msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        if msg_type == RECORD_MSG_TYPE:
            entry = self.history.add(content)
            self._emit({"type": "records", "records": [entry]})
        elif msg_type == PROBE_MSG_TYPE:
            self.probe = content
            self._set_state(ACTIVE)
        elif msg_type == "status":
            self.execution_state = str(content.get("execution_state", "unknown"))

    def _set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        self.detail = detail
        self._emit({"type": "monitor", "monitor": self.describe()})

    def _emit(self, event: dict[str, Any]) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001  (a failing subscriber must not starve the others)
                self._log.exception("memory-inspector: a subscriber failed")

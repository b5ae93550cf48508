"""Watches one kernel: installs the probe, receives its messages, keeps the records."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from typing import Any, Callable, cast

from jupyter_client.manager import KernelManager

from ..message import message, messages_of
from ..oom_guard import GuardSettings
from ..probe_client.call import ProbeTimeout
from ..probe_client.injector import ProbeCallError, probe_result
from ..protocol import (
    CONFIGURE_CALL,
    INFO_CALL,
    PROBE_MSG_TYPE,
    RECORD_MSG_TYPE,
)
from ..records import AdviceFacts, CellRecord, Monitor, ProbeInfo
from .deaths import DeathWatch
from .errors import MonitorBusy, MonitorUnavailable, no_answer
from .guard import KernelGuard, local_guard
from .history import RecordHistory
from .install import install_probe, kernel_language
from .kernel_channels import KernelChannels, KernelRequestError, own_client
from .monitor_states import ACTIVE, CLOSED, CONNECTING, FAILED, INSTALLING, UNSUPPORTED
from .probe_requests import ProbeRequests
from .sampler import LiveSampler, SamplingConfig
from .settings import KernelSettings

MonitorListener = Callable[[dict[str, Any]], None]

# Lifecycle events kept per kernel, newest last.
LIFECYCLE_EVENTS = 100

# How long a call into the kernel may take, unless the server's settings say otherwise.
KERNEL_TIMEOUT = 60.0

# How long a death's note may wait for the IOPub messages already received to be handled.
IOPUB_SETTLE_LIMIT = 1.0


class KernelMonitor(ProbeRequests):
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
        *,
        sampling: SamplingConfig | None = None,
        timeout: float = KERNEL_TIMEOUT,
        guard: GuardSettings | None = None,
    ) -> None:
        self.kernel_id = kernel_id
        # Seconds any call into the kernel may take (MemoryInspectorApp.kernel_timeout).
        self.timeout = timeout
        self.history = RecordHistory(history_capacity)
        self.sampler = LiveSampler(
            kernel_manager,
            sampling or SamplingConfig(),
            on_sample=self._on_sample,
            on_source=lambda: self._emit({"type": "monitor", "monitor": self.describe()}),
        )
        self._busy = asyncio.Event()
        self._idle = asyncio.Event()
        # Known after the first attach, so that a restarted kernel gets its probe at once.
        self._language: str | None = None
        # The last advice facts, with the (last record, probe session) they were measured at.
        self._facts: tuple[tuple[int, str | None], AdviceFacts] | None = None
        self.state = CONNECTING
        self.detail = ""
        self.probe: ProbeInfo | None = None
        self.execution_state = "unknown"
        self.kernel_manager = kernel_manager
        self._log = log
        self._channels: KernelChannels | None = None
        self._attach_task: asyncio.Task[None] | None = None
        self._listeners: list[MonitorListener] = []
        # What happened to the kernel (died, restarted, interrupted), for the timeline.
        self.lifecycle: deque[dict[str, Any]] = deque(maxlen=LIFECYCLE_EVENTS)
        self.deaths = DeathWatch(self)
        # Settings the user chose for this kernel: applied now and again after each restart.
        self.settings = KernelSettings(self._send_config, log)
        self._probe_ready = asyncio.Event()
        # Set when the install's reply did not come in time: the probe may still start later.
        self._install_late = False
        self._probe_check: asyncio.Task[None] | None = None
        # The out-of-memory guard (server/guard.py), for a kernel that runs on this machine.
        self._guard_settings = guard or GuardSettings()
        self.guard: KernelGuard | None = None

    def describe(self) -> Monitor:
        """The monitor's state as the API reports it."""
        return {
            "kernel_id": self.kernel_id,
            "history_id": self.history.id,
            "state": self.state,
            "detail": self.detail,
            **messages_of(detail=self.detail),
            "probe": self.probe,
            "execution_state": self.execution_state,
            "last_seq": self.history.last_seq,
            "record_count": len(self.history),
            "compacted": self.history.compacted,
            "live": {**self.sampler.live, "interval": self.sampler.sampling.busy},
            "lifecycle": list(self.lifecycle),
            "group": self.guard.latest.as_json() if self.guard and self.guard.latest else None,
        }

    def subscribe(self, listener: MonitorListener) -> Callable[[], None]:
        """Call `listener` with each event; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def samples(self) -> deque[dict[str, Any]]:
        """The live memory readings, oldest first."""
        return self.sampler.samples

    def start(self) -> None:
        """Connect to the kernel and install the probe, in the background."""
        self.deaths.watch()
        self._attach_task = asyncio.ensure_future(self._attach())

    def note(self, event: str, **details: Any) -> None:
        """Remember a lifecycle event (started, restarted, died, interrupted) and announce it."""
        self.lifecycle.append({"time": time.time(), "event": event, **details})
        self._emit({"type": "monitor", "monitor": self.describe()})

    def gave_up(self) -> None:
        """The kernel died and its manager will not restart it."""
        self._set_state(CLOSED, message("the kernel died and could not be restarted"))

    def restart(self) -> None:
        """The kernel restarted: connect anew (its ports may have changed) and re-install."""
        # The old connection's messages are about to go: the death they explain is noted first.
        self.deaths.flush()
        self.lifecycle.append({"time": time.time(), "event": "restarted"})
        self._disconnect()
        self.probe = None
        self._probe_ready.clear()
        self._set_state(CONNECTING)
        self.start()

    async def iopub_settled(self) -> None:
        """Return once the kernel's IOPub messages that reached this server are handled."""
        if self._channels is not None:
            await self._channels.iopub_settled(IOPUB_SETTLE_LIMIT)

    def close(self) -> None:
        """Stop watching the kernel."""
        self.deaths.close()
        self._disconnect()
        self.settings.close()
        self._probe_ready.clear()
        self._set_state(CLOSED)
        self._listeners.clear()

    def _disconnect(self) -> None:
        self.sampler.stop()
        if self.guard is not None:
            self.guard.close()
        for task in (self._attach_task, self._probe_check):
            if task is not None:
                task.cancel()
        self._attach_task = self._probe_check = None
        self._install_late = False
        if self._channels is not None:
            self._channels.stop()
            self._channels = None

    async def _attach(self) -> None:
        """Install the probe, first thing: a cell that reaches the kernel before the probe gets
        no record, and after a restart JupyterLab runs cells (Run All) within milliseconds."""
        channels = KernelChannels(own_client(self.kernel_manager), self._on_iopub, self._log)
        self._channels = channels
        await channels.start()
        try:
            reply = await asyncio.wait_for(self._install(channels), self.timeout)
        except asyncio.TimeoutError:
            if self._probe_ready.is_set():
                return  # announced on IOPub: only the reply is late
            # The install still waits in the kernel: once the kernel speaks again, the probe's
            # announcement (or a question to it) makes the monitor active.
            self._install_late = True
            self._set_state(INSTALLING, no_answer(self.timeout))
            self._log.warning("memory-inspector: kernel %s: %s", self.kernel_id, self.detail)
            return
        except KernelRequestError as err:
            self._set_state(FAILED, message("the probe could not be installed: %1", str(err)))
            self._log.warning("memory-inspector: kernel %s: %s", self.kernel_id, self.detail)
            return
        if reply is None:
            return
        try:
            info = probe_result(reply["user_expressions"], "probe")
        except ProbeCallError as err:
            self._set_state(FAILED, message("the probe did not start: %1", str(err)))
            return
        if self.probe is None:
            self._on_probe(info)

    async def _install(self, channels: KernelChannels) -> dict[str, Any] | None:
        """The install's reply; None for a kernel that is not Python's."""
        language = self._language or await kernel_language(channels, self.kernel_manager)
        if language.lower() != "python":
            self._set_state(UNSUPPORTED, message("%1 kernels are not supported", language))
            self._disconnect()
            return None
        self._language = language
        self._set_state(INSTALLING)
        return await install_probe(channels)

    async def _check_late_probe(self) -> None:
        """Ask a kernel whose install timed out whether its probe runs now."""
        try:
            info = await self.call_probe(INFO_CALL)
        except (ProbeTimeout, MonitorBusy):
            return
        except MonitorUnavailable as err:
            self._install_late = False
            self._set_state(FAILED, message("the probe did not start: %1", str(err)))
            return
        if not self._probe_ready.is_set():
            self._on_probe(info)

    def configure(self, changes: dict[str, Any]) -> asyncio.Future[None]:
        """Change the kernel's settings (already validated); the future is done once applied.

        The kernel applies them between cells, so while a cell runs they wait for it; the
        settings are kept and applied again after a restart.
        """
        self._check_available()
        changes = dict(changes)
        interval = changes.pop("sample_interval", None)
        if interval is not None and interval != self.sampler.sampling.busy:
            self.sampler.sampling.busy = interval
            self._emit({"type": "monitor", "monitor": self.describe()})
        if not changes:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        applied = self.settings.change(changes)
        if self._probe_ready.is_set():
            # Sent at once: the kernel runs it after the running cell, before any queued one.
            self.settings.apply_now()
        return applied

    def desired_config(self) -> dict[str, Any]:
        """The settings the next cells will run with (schema: KernelSettings)."""
        settings = dict(self.probe["config"]) if self.probe else {}
        settings.update(self.settings.wanted)
        settings["sample_interval"] = self.sampler.sampling.busy
        return settings

    async def _send_config(self, wanted: dict[str, Any]) -> None:
        config = await self.call_probe(CONFIGURE_CALL, json.dumps(wanted))
        if self.probe is not None:
            self.probe = {**self.probe, "config": config}
        self._emit({"type": "monitor", "monitor": self.describe()})

    def _on_iopub(self, msg: dict[str, Any]) -> None:
        msg_type = msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        self.deaths.iopub(msg, self._channels is not None and self._channels.is_cell_status(msg))
        if msg_type == RECORD_MSG_TYPE:
            # The probe writes records as cell-record.schema.json states them.
            self.add_record(self.guard.annotate(content) if self.guard else content)
        elif msg_type == PROBE_MSG_TYPE:
            self._on_probe(cast(ProbeInfo, content))
        elif msg_type == "execute_input" and self.guard is not None:
            self.guard.executing(msg["parent_header"].get("msg_id"), content.get("execution_count"))
        elif msg_type == "status" and self._channels and self._channels.is_cell_status(msg):
            state = str(content.get("execution_state", "unknown"))
            if state != self.execution_state:
                self.execution_state = state
                self._emit({"type": "monitor", "monitor": self.describe()})
            if self.guard is not None:
                self.guard.status(state, msg["parent_header"].get("msg_id"))
            if self.execution_state == "busy":
                self._busy.set()
                self._idle.clear()
            else:
                self._busy.clear()
                self._idle.set()
                if self._probe_ready.is_set():
                    self.settings.apply_now()
        if (
            self._install_late
            and not self._probe_ready.is_set()
            and not self._busy.is_set()
            and (self._probe_check is None or self._probe_check.done())
        ):
            self._probe_check = asyncio.ensure_future(self._check_late_probe())

    def _on_probe(self, info: ProbeInfo) -> None:
        """The probe is installed: from its announcement, or from the install's reply."""
        self.probe = info
        self._install_late = False
        self._probe_ready.set()
        # The restarter may not have existed yet when the monitor started.
        self.deaths.watch()
        if not self.sampler.running:
            self.guard = local_guard(
                self.kernel_manager, int(info["pid"]), self._guard_settings, self._log
            )
            self.sampler.start(
                int(info["pid"]), self._probe_session, lambda: self._channels, self._busy
            )
        self._set_state(ACTIVE)
        self.settings.again()
        self.settings.apply_now()

    def add_record(self, record: dict[str, Any]) -> None:
        """Keep a cell's record (cell-record.schema.json) and announce it."""
        entry = self.history.add(cast(CellRecord, record))
        self._emit({"type": "records", "records": [entry]})

    def _on_sample(self, sample: dict[str, Any]) -> None:
        if self.guard is not None:
            sample["group"] = self.guard.sampled()
        self.deaths.sampled(sample)
        self._emit({"type": "samples", "samples": [sample]})

    def _probe_session(self) -> str | None:
        return self.probe["probe_session"] if self.probe else None

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

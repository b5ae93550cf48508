"""Watches one kernel: installs the probe, receives its messages, keeps the records."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from typing import Any, Callable, cast

from jupyter_client.manager import KernelManager

from ..probe_client.call import call_probe
from ..probe_client.injector import ProbeCallError, install_code, probe_call, probe_result
from ..protocol import (
    ADVICE_FACTS_CALL,
    COLLECT_CALL,
    CONFIGURE_CALL,
    INFO_CALL,
    PROBE_MSG_TYPE,
    RECORD_MSG_TYPE,
)
from ..records import AdviceFacts, CellRecord, CollectReply, Monitor, ProbeInfo
from .history import RecordHistory
from .kernel_channels import KernelChannels, KernelRequestError, own_client
from .sampler import LiveSampler, SamplingConfig

MonitorListener = Callable[[dict[str, Any]], None]

# Asked with the install: the probe's announcement, also when IOPub was not live in time.
PROBE_INFO = {"probe": probe_call(INFO_CALL)}

# Lifecycle events kept per kernel, newest last.
LIFECYCLE_EVENTS = 100

# How long a request made between cells (a collection, the advice facts) may take.
PROBE_CALL_TIMEOUT = 60.0

# How long a request that needs an idle kernel waits for a status that may trail a reply.
IDLE_GRACE = 2.0


# Monitor states, as the API reports them.
CONNECTING = "connecting"
INSTALLING = "installing"
ACTIVE = "active"
UNSUPPORTED = "unsupported"
FAILED = "failed"
CLOSED = "closed"


class MonitorUnavailable(Exception):
    """The kernel cannot take the request: it is not a Python kernel, or the probe failed."""


class MonitorBusy(Exception):
    """The request must wait for the running cell to finish; the client should retry then."""


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
        sampling: SamplingConfig | None = None,
    ) -> None:
        self.kernel_id = kernel_id
        self.history = RecordHistory(history_capacity)
        self.sampler = LiveSampler(
            kernel_manager,
            sampling or SamplingConfig(),
            on_sample=lambda sample: self._emit({"type": "samples", "samples": [sample]}),
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
        self._watching_deaths = False
        # Settings the user chose for this kernel: applied now and again after each restart.
        self._config: dict[str, Any] = {}
        self._probe_ready = asyncio.Event()

    def describe(self) -> Monitor:
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
            "compacted": self.history.compacted,
            "live": {**self.sampler.live, "interval": self.sampler.sampling.busy},
            "lifecycle": list(self.lifecycle),
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
        self._watch_deaths()
        self._attach_task = asyncio.ensure_future(self._attach())

    def note(self, event: str) -> None:
        """Remember a lifecycle event (started, restarted, died, interrupted) and announce it."""
        self.lifecycle.append({"time": time.time(), "event": event})
        self._emit({"type": "monitor", "monitor": self.describe()})

    def _watch_deaths(self) -> None:
        # The kernel manager's restarter calls these only when it restarts a kernel that died
        # (or gives up on one): a restart the user asked for comes as a kernel action instead.
        if self._watching_deaths:
            return
        add = getattr(self.kernel_manager, "add_restart_callback", None)
        if add is None or getattr(self.kernel_manager, "_restarter", None) is None:
            return
        add(self._on_died, "restart")
        add(self._on_dead, "dead")
        self._watching_deaths = True

    def _on_died(self) -> None:
        self.note("died")

    def _on_dead(self) -> None:
        self.note("died")
        self._set_state(CLOSED, "the kernel died and could not be restarted")

    def restart(self) -> None:
        """The kernel restarted: connect anew (its ports may have changed) and re-install."""
        self.lifecycle.append({"time": time.time(), "event": "restarted"})
        self._disconnect()
        self.probe = None
        self._probe_ready.clear()
        self._set_state(CONNECTING)
        self.start()

    def close(self) -> None:
        """Stop watching the kernel."""
        if self._watching_deaths:
            self.kernel_manager.remove_restart_callback(self._on_died, "restart")
            self.kernel_manager.remove_restart_callback(self._on_dead, "dead")
            self._watching_deaths = False
        self._disconnect()
        self._probe_ready.clear()
        self._set_state(CLOSED)
        self._listeners.clear()

    def _disconnect(self) -> None:
        self.sampler.stop()
        if self._attach_task is not None:
            self._attach_task.cancel()
            self._attach_task = None
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
            language = self._language or _spec_language(self.kernel_manager)
            if language is None:
                info = await channels.kernel_info()
                language = str(info.get("language_info", {}).get("name", "unknown"))
            if language.lower() != "python":
                self._set_state(UNSUPPORTED, f"{language} kernels are not supported")
                self._disconnect()
                return
            self._language = language
            self._set_state(INSTALLING)
            installing = asyncio.ensure_future(
                channels.execute_silently(install_code(), user_expressions=PROBE_INFO)
            )
            # Records come on IOPub: the subscription must be live before the first cell ends.
            await channels.wait_for_iopub()
            reply = await installing
        except KernelRequestError as err:
            self._set_state(FAILED, f"the probe could not be installed: {err}")
            self._log.warning("memory-inspector: kernel %s: %s", self.kernel_id, self.detail)
            return
        try:
            info = probe_result(reply["user_expressions"], "probe")
        except ProbeCallError as err:
            self._set_state(FAILED, f"the probe did not start: {err}")
            return
        if self.probe is None:
            self._on_probe(info)
        if self._config:
            await self._apply_config()

    async def configure(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Change the kernel's settings (already validated); returns them once applied.

        The kernel applies them between cells, so this waits while a cell runs; the settings
        are kept and applied again after a restart.
        """
        if self.state in (UNSUPPORTED, FAILED, CLOSED):
            raise MonitorUnavailable(self.detail or f"the kernel's monitor is {self.state}")
        changes = dict(changes)
        interval = changes.pop("sample_interval", None)
        if interval is not None and interval != self.sampler.sampling.busy:
            self.sampler.sampling.busy = interval
            self._emit({"type": "monitor", "monitor": self.describe()})
        if changes:
            self._config.update(changes)
            await self._probe_ready.wait()
            await self._apply_config()
        return self.desired_config()

    def desired_config(self) -> dict[str, Any]:
        """The settings the next cells will run with (schema: KernelSettings)."""
        settings = dict(self.probe["config"]) if self.probe else {}
        settings.update(self._config)
        settings["sample_interval"] = self.sampler.sampling.busy
        return settings

    async def _apply_config(self) -> dict[str, Any]:
        # No time limit: the kernel applies settings between cells, after a running one.
        config = await self.call_probe(CONFIGURE_CALL, json.dumps(self._config), timeout=None)
        if self.probe is not None:
            self.probe = {**self.probe, "config": config}
        self._emit({"type": "monitor", "monitor": self.describe()})
        return config

    async def collect_garbage(self) -> CollectReply:
        """Run a full collection in the kernel; what it freed (objects, and RSS back)."""
        await self._wait_between_cells("collect garbage")
        self._facts = None
        return await self.call_probe(COLLECT_CALL)

    async def advice_facts(self) -> AdviceFacts:
        """What the probe measures for the advice (schema: AdviceFacts), between cells.

        Measuring walks the kernel's heap, so it is done again only when the kernel's state can
        have changed: after a cell ran (a new record), a restart, or a collection.
        """
        await self._wait_between_cells("ask for advice")
        key = (self.history.last_seq, self.probe["probe_session"] if self.probe else None)
        if self._facts is None or self._facts[0] != key:
            self._facts = (key, await self.call_probe(ADVICE_FACTS_CALL))
        return self._facts[1]

    async def _wait_between_cells(self, doing: str) -> None:
        if self.state in (UNSUPPORTED, FAILED, CLOSED):
            # No probe will ever answer: say why at once rather than wait for one.
            raise MonitorUnavailable(self.detail or f"the kernel's monitor is {self.state}")
        if self._busy.is_set():
            # The idle status can trail the reply that the client saw: allow it a moment.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._idle.wait(), IDLE_GRACE)
        if self._busy.is_set():
            raise MonitorBusy(f"a cell is running: {doing} when it has finished")
        await self._probe_ready.wait()

    async def call_probe(
        self, method: str, *args: str, timeout: float | None = PROBE_CALL_TIMEOUT
    ) -> Any:
        """Call a method of the kernel's probe that returns JSON, between cells.

        Raises ProbeTimeout when the probe does not answer within `timeout` seconds, and
        MonitorUnavailable when it cannot answer at all.
        """
        if self.state in (UNSUPPORTED, FAILED, CLOSED):
            raise MonitorUnavailable(self.detail or f"the kernel's monitor is {self.state}")
        channels = self._channels
        if channels is None:
            raise MonitorUnavailable("the kernel is not connected")

        async def request(expressions: dict[str, str]) -> dict[str, Any]:
            return await channels.execute_silently("", user_expressions=expressions)

        try:
            return await call_probe(request, method, *args, timeout=timeout)
        except (KernelRequestError, ProbeCallError) as err:
            raise MonitorUnavailable(f"the probe could not do it: {err}") from err

    def _on_iopub(self, msg: dict[str, Any]) -> None:
        msg_type = msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        if msg_type == RECORD_MSG_TYPE:
            # The probe writes records as cell-record.schema.json states them.
            entry = self.history.add(cast(CellRecord, content))
            self._emit({"type": "records", "records": [entry]})
        elif msg_type == PROBE_MSG_TYPE:
            self._on_probe(cast(ProbeInfo, content))
        elif msg_type == "status" and _is_cell_status(msg):
            state = str(content.get("execution_state", "unknown"))
            if state != self.execution_state:
                self.execution_state = state
                self._emit({"type": "monitor", "monitor": self.describe()})
            if self.execution_state == "busy":
                self._busy.set()
                self._idle.clear()
            else:
                self._busy.clear()
                self._idle.set()

    def _on_probe(self, info: ProbeInfo) -> None:
        """The probe is installed: from its announcement, or from the install's reply."""
        self.probe = info
        self._probe_ready.set()
        # The restarter may not have existed yet when the monitor started.
        self._watch_deaths()
        if not self.sampler.running:
            self.sampler.start(
                int(info["pid"]), self._probe_session, lambda: self._channels, self._busy
            )
        self._set_state(ACTIVE)

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


def _spec_language(kernel_manager: KernelManager) -> str | None:
    """The kernel's language from its kernelspec, without asking the kernel."""
    try:
        language = kernel_manager.kernel_spec.language  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001  (no spec here, e.g. behind a gateway: ask the kernel)
        return None
    return str(language) if language else None


def _is_cell_status(msg: dict[str, Any]) -> bool:
    """Whether a status message says something about running cells.

    Every request makes the kernel busy and idle again, our own ``usage_request`` polls
    included: only those of execute requests (and the kernel's own ``starting``, which has no
    parent) tell whether a cell runs.
    """
    parent_type = msg.get("parent_header", {}).get("msg_type")
    return parent_type in (None, "execute_request")

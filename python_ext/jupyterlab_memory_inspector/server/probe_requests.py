"""A kernel monitor's requests to its probe between cells: a garbage collection, the advice's
facts, and the call into the probe that every request goes through."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from ..message import message
from ..probe_client.call import ProbeTimeout, call_probe
from ..probe_client.injector import ProbeCallError
from ..protocol import ADVICE_FACTS_CALL, COLLECT_CALL
from ..records import AdviceFacts, CollectReply, ProbeInfo
from .errors import MonitorBusy, MonitorUnavailable, no_answer
from .history import RecordHistory
from .kernel_channels import KernelChannels, KernelRequestError
from .monitor_states import CLOSED, FAILED, UNSUPPORTED

# How long a request that needs an idle kernel waits for a status that may trail a reply.
IDLE_GRACE = 2.0


class ProbeRequests:
    """KernelMonitor's requests to its probe, which the kernel answers between cells.

    Reads what the monitor keeps up to date from the kernel's messages: its state, whether a
    cell runs, whether the probe is ready.
    """

    state: str
    detail: str
    timeout: float
    probe: ProbeInfo | None
    history: RecordHistory
    _channels: KernelChannels | None
    _busy: asyncio.Event
    _idle: asyncio.Event
    _probe_ready: asyncio.Event
    # The last advice facts, with the (last record, probe session) they were measured at.
    _facts: tuple[tuple[int, str | None], AdviceFacts] | None

    def _check_available(self) -> None:
        """MonitorUnavailable where no probe will ever answer: said at once, not waited for."""
        if self.state in (UNSUPPORTED, FAILED, CLOSED):
            raise MonitorUnavailable(
                self.detail or message("the kernel's monitor is %1", self.state)
            )

    async def collect_garbage(self) -> CollectReply:
        """Run a full collection in the kernel; what it freed (objects, and RSS back)."""
        await self._wait_between_cells(message("collect garbage"))
        self._facts = None
        return await self.call_probe(COLLECT_CALL)

    async def advice_facts(self) -> AdviceFacts:
        """What the probe measures for the advice (schema: AdviceFacts), between cells.

        Measuring walks the kernel's heap, so it is done again only when the kernel's state can
        have changed: after a cell ran (a new record), a restart, or a collection.
        """
        await self._wait_between_cells(message("ask for advice"))
        key = (self.history.last_seq, self.probe["probe_session"] if self.probe else None)
        if self._facts is None or self._facts[0] != key:
            self._facts = (key, await self.call_probe(ADVICE_FACTS_CALL))
        return self._facts[1]

    async def _wait_between_cells(self, doing: str) -> None:
        self._check_available()
        if self._busy.is_set():
            # The idle status can trail the reply that the client saw: allow it a moment.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._idle.wait(), IDLE_GRACE)
        if self._busy.is_set():
            raise MonitorBusy(message("a cell is running: %1 when it has finished", doing))
        if not self._probe_ready.is_set():
            try:
                await asyncio.wait_for(self._probe_ready.wait(), self.timeout)
            except asyncio.TimeoutError:
                raise ProbeTimeout(no_answer(self.timeout)) from None

    async def call_probe(self, method: str, *args: str) -> Any:
        """Call a method of the kernel's probe that returns JSON, between cells.

        Raises ProbeTimeout when the kernel does not answer within the time limit (MonitorBusy
        if a cell started meanwhile: the request waits behind it), and MonitorUnavailable when
        the probe cannot answer at all.
        """
        self._check_available()
        channels = self._channels
        if channels is None:
            raise MonitorUnavailable(message("the kernel is not connected"))

        async def request(expressions: dict[str, str]) -> dict[str, Any]:
            return await channels.execute_silently("", user_expressions=expressions)

        try:
            return await call_probe(request, method, *args, timeout=self.timeout)
        except ProbeTimeout:
            if self._busy.is_set():
                raise MonitorBusy(
                    message(
                        "the kernel did not answer in %1 s: a cell is running; "
                        "try again when it has finished",
                        f"{self.timeout:g}",
                    )
                ) from None
            raise ProbeTimeout(no_answer(self.timeout)) from None
        except (KernelRequestError, ProbeCallError) as err:
            raise MonitorUnavailable(message("the probe could not do it: %1", str(err))) from err

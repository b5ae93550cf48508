"""A kernel's probe settings as the user chose them: kept, applied between cells, and applied
again after each restart.

A change is sent at once: the kernel runs it after the running cell, before the queued ones.
Nothing here waits on the kernel without a limit: a send that times out (a long cell, or a stuck
kernel) still waits in the kernel, and is sent again at the kernel's next idle status to make
sure. Who asked waits on a plain future, as long as they like.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, Callable

from ..probe_client.call import ProbeTimeout
from .errors import MonitorBusy, MonitorUnavailable

# Sends the wanted settings to the probe within the time limit.
Send = Callable[[dict[str, Any]], Awaitable[None]]


class KernelSettings:
    """The settings wanted for one kernel, and whether the kernel has them yet."""

    def __init__(self, send: Send, log: logging.Logger) -> None:
        self.wanted: dict[str, Any] = {}
        self._send = send
        self._log = log
        self._pending = False
        self._applied: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    def change(self, changes: dict[str, Any]) -> asyncio.Future[None]:
        """Want `changes` too; the future is done once the kernel has them."""
        self.wanted.update(changes)
        self._pending = True
        if self._applied is None or self._applied.done():
            self._applied = asyncio.get_running_loop().create_future()
        return self._applied

    def again(self) -> None:
        """The probe was (re)installed with its defaults: the wanted settings are due again."""
        if self.wanted:
            self._pending = True

    def apply_now(self) -> None:
        """Send what is due, unless a send is already on its way."""
        if self._pending and (self._task is None or self._task.done()):
            self._task = asyncio.ensure_future(self._apply())

    def close(self) -> None:
        """Stop sending; whoever still waits is told that the monitor closed."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._applied is not None and not self._applied.done():
            self._applied.set_exception(MonitorUnavailable("the kernel's monitor closed"))
            # Read here: nobody may be waiting any more, and asyncio would warn about it.
            self._applied.exception()
        self._applied = None

    async def _apply(self) -> None:
        while self._pending:
            self._pending = False
            applied = self._applied
            try:
                await self._send(dict(self.wanted))
            except (ProbeTimeout, MonitorBusy) as err:
                # Sent again at the next idle status; the settings are the same each time.
                self._pending = True
                self._log.info("memory-inspector: settings not applied yet: %s", err)
                return
            except MonitorUnavailable as err:
                if applied is not None and not applied.done():
                    applied.set_exception(err)
                return
            if applied is not None and not applied.done() and not self._pending:
                applied.set_result(None)

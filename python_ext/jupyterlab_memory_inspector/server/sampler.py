"""Samples a kernel's memory now and then for the live timeline: often while a cell runs,
rarely while the kernel is idle. It chooses how to read (see `live`) and says which."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections import deque
from typing import Any, Callable

from jupyter_client.manager import KernelManager

from ..message import message, messages_of
from . import live
from .kernel_channels import KernelChannels, KernelRequestError
from .proctree import tree_reader

# How long a usage_request may take before the sample is skipped.
USAGE_TIMEOUT = 2.0

NO_LIVE_NOTE = message(
    "The kernel runs elsewhere and has no psutil: memory shows after each cell, not while one runs."
)


@dataclasses.dataclass
class SamplingConfig:
    """How often the live memory is read while a cell runs and while the kernel is idle."""

    busy: float = 0.5
    idle: float = 5.0
    capacity: int = 20_000


class LiveSampler:
    """The live readings of one kernel, and the loop that takes them.

    `on_sample` gets each new sample; `on_source` is called when the way of reading changes.
    """

    def __init__(
        self,
        kernel_manager: KernelManager,
        sampling: SamplingConfig,
        on_sample: Callable[[dict[str, Any]], None],
        on_source: Callable[[], None],
    ) -> None:
        self._kernel_manager = kernel_manager
        # A copy: each kernel's busy interval can be set on its own.
        self.sampling = dataclasses.replace(sampling)
        self.samples: deque[dict[str, Any]] = deque(maxlen=self.sampling.capacity)
        self.live: dict[str, Any] = {"source": None, "metric": None, "note": ""}
        self._on_sample = on_sample
        self._on_source = on_source
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the loop has been started and not stopped."""
        return self._task is not None

    def start(
        self,
        pid: int,
        session: Callable[[], str | None],
        channels: Callable[[], KernelChannels | None],
        busy: asyncio.Event,
    ) -> None:
        """Start reading the kernel process `pid`; `session` tells the probe session that each
        sample belongs to, `channels` the kernel's connection, `busy` is set while a cell runs."""
        self._task = asyncio.ensure_future(self._run(pid, session, channels, busy))

    def stop(self) -> None:
        """Stop the loop; the samples taken are kept."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(
        self,
        pid: int,
        session: Callable[[], str | None],
        channels: Callable[[], KernelChannels | None],
        busy: asyncio.Event,
    ) -> None:
        read = await self._reader(pid, channels)
        while True:
            reading = await read()
            if reading is not None:
                sample = {"time": time.time(), **reading, "probe_session": session()}
                self.samples.append(sample)
                self._on_sample(sample)
            if busy.is_set():
                await asyncio.sleep(self.sampling.busy)
                continue
            # An idle kernel is read rarely, but a cell that starts wakes the loop at once.
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(busy.wait(), self.sampling.idle)

    async def _reader(
        self, pid: int, channels: Callable[[], KernelChannels | None]
    ) -> Callable[[], Any]:
        """Choose how to read live memory, and say which in ``live``."""
        local = live.local_process_reader(self._kernel_manager, pid)
        if local is not None:
            self._set_live(live.PROCESS, "rss", "")
            tree = tree_reader(pid)

            async def read_process() -> dict[str, int] | None:
                memory = local()
                if memory is None:
                    return None
                # Listing the descendants scans /proc, and a big one's smaps_rollup takes
                # milliseconds: off the event loop.
                loop = asyncio.get_running_loop()
                figure = None if tree is None else await loop.run_in_executor(None, tree, memory)
                return {"memory": memory, "tree": memory if figure is None else figure}

            return read_process

        async def read_usage() -> dict[str, int] | None:
            connected = channels()
            if connected is None:
                return None
            try:
                reply = await asyncio.wait_for(connected.usage(), USAGE_TIMEOUT)
            except (asyncio.TimeoutError, KernelRequestError):
                return None
            memory = live.usage_reply_rss(reply)
            # ipykernel sums the PSS of the kernel and its descendants: that is its tree.
            return None if memory is None else {"memory": memory, "tree": memory}

        if await read_usage() is not None:
            self._set_live(live.USAGE_REQUEST, "pss", "")
            return read_usage
        self._set_live(None, None, NO_LIVE_NOTE)

        async def read_nothing() -> None:
            await asyncio.sleep(0)

        return read_nothing

    def _set_live(self, source: str | None, metric: str | None, note: str) -> None:
        self.live = {"source": source, "metric": metric, "note": note, **messages_of(note=note)}
        self._on_source()

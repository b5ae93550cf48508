"""A reply that does not come while the kernel idles is looked for, and the kernel nudged.

The kernel here is a stand-in that behaves as ipykernel does when its shell stream misses a
wake-up (ipykernel issue 1554): the request sits unread until another message reaches the
kernel. Without the channels' watch the request would wait for its whole time limit.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from types import SimpleNamespace
from typing import Any

import zmq

from jupyterlab_memory_inspector.server import kernel_channels
from jupyterlab_memory_inspector.server.kernel_channels import KernelChannels


class Socket:
    def __init__(self) -> None:
        self.events_read = 0

    def get(self, option: int) -> int:
        assert option == zmq.EVENTS
        self.events_read += 1
        return zmq.POLLOUT


class StrandingKernel:
    """A client whose kernel leaves a silent request unread until the next message."""

    def __init__(self) -> None:
        self._ids = (f"msg-{n}" for n in itertools.count())
        self._shell: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._never: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._stranded: list[str] = []
        self.shell_channel = SimpleNamespace(socket=Socket())
        self.control_channel = SimpleNamespace(socket=Socket())
        self.nudges = 0

    def start_channels(self, **_: Any) -> None:
        pass

    def stop_channels(self) -> None:
        pass

    async def get_shell_msg(self) -> dict[str, Any]:
        return await self._shell.get()

    async def get_control_msg(self) -> dict[str, Any]:
        return await self._never.get()

    async def get_iopub_msg(self) -> dict[str, Any]:
        return await self._never.get()

    def execute(self, code: str, **_: Any) -> str:
        msg_id = next(self._ids)
        self._stranded.append(msg_id)
        return msg_id

    def kernel_info(self) -> str:
        self.nudges += 1
        for msg_id in self._stranded:
            self._reply(msg_id, "execute_reply", {"status": "ok", "user_expressions": {}})
        self._stranded.clear()
        msg_id = next(self._ids)
        self._reply(msg_id, "kernel_info_reply", {"status": "ok"})
        return msg_id

    def _reply(self, parent: str, msg_type: str, content: dict[str, Any]) -> None:
        self._shell.put_nowait(
            {
                "header": {"msg_type": msg_type},
                "parent_header": {"msg_id": parent},
                "content": content,
            }
        )


def test_a_request_the_kernel_left_unread_is_answered_after_a_nudge(monkeypatch):
    monkeypatch.setattr(kernel_channels, "REPLY_CHECK_INTERVAL", 0.05)

    async def scenario() -> tuple[dict[str, Any], StrandingKernel]:
        kernel = StrandingKernel()
        channels = KernelChannels(kernel, lambda msg: None, logging.getLogger("test"))  # type: ignore[arg-type]
        await channels.start()
        try:
            reply = await asyncio.wait_for(channels.execute_silently("pass"), 5)
        finally:
            channels.stop()
        return reply, kernel

    reply, kernel = asyncio.run(scenario())
    assert reply["status"] == "ok"
    # Looked at both reply sockets (pyzmq hands over a reply that waits unread), nudged once.
    assert kernel.shell_channel.socket.events_read >= 1
    assert kernel.control_channel.socket.events_read >= 1
    assert kernel.nudges == 1


def test_a_request_answered_in_time_gets_no_nudge(monkeypatch):
    monkeypatch.setattr(kernel_channels, "REPLY_CHECK_INTERVAL", 0.05)

    async def scenario() -> StrandingKernel:
        kernel = StrandingKernel()
        channels = KernelChannels(kernel, lambda msg: None, logging.getLogger("test"))  # type: ignore[arg-type]
        await channels.start()
        try:
            request = asyncio.ensure_future(channels.execute_silently("pass"))
            await asyncio.sleep(0)
            # The kernel answers at once, as it does when nothing is missed.
            kernel._reply("msg-0", "execute_reply", {"status": "ok"})
            await asyncio.wait_for(request, 5)
            # An absence is seen over a window: four of the watch's looks.
            await asyncio.sleep(4 * kernel_channels.REPLY_CHECK_INTERVAL)
        finally:
            channels.stop()
        return kernel

    kernel = asyncio.run(scenario())
    assert kernel.nudges == 0
    assert kernel.shell_channel.socket.events_read == 0

"""The server's own connection to one kernel: shell requests and the IOPub stream.

jupyter_client's ``reply=True`` helpers read the shell channel themselves and drop replies meant
for other requests, so two requests in flight would lose each other's replies. Here one task
reads every shell reply and hands it to the request that is waiting for its msg_id.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from queue import Empty
from typing import Any, Callable

import zmq
from jupyter_client.client import KernelClient
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session
from jupyter_core.utils import ensure_async
from jupyter_server.gateway.managers import GatewayKernelClient

IOPubHandler = Callable[[dict], None]

RECONNECT_INTERVAL_MS = 10

# How many answered silent requests are still told apart from cells by their statuses.
ANSWERED_KEPT = 16

# How often a wait for unread IOPub messages looks at the socket.
IOPUB_SETTLE_STEP = 0.01

# How long a request waits for its reply before the client looks for it (`_watch_replies`).
REPLY_CHECK_INTERVAL = 2.0

# A gateway client's queues are read by polling (their own wait spins a core).
GATEWAY_POLL_INTERVAL = 0.02


def own_client(kernel_manager: KernelManager) -> KernelClient:
    """A client of the kernel with a session of its own.

    ``KernelManager.client()`` hands every client the manager's Session, hence the same session
    id, and ipykernel 7 then routes shell replies to whichever of those connections spoke last:
    one of them loses its replies. Every JupyterLab page has its own session; so do we.
    """
    shared = kernel_manager.session
    client = kernel_manager.client(
        session=Session(key=shared.key, signature_scheme=shared.signature_scheme)
    )
    if not isinstance(client, GatewayKernelClient):
        # ZeroMQ retries a connection to a kernel still starting every 100 ms by default; the
        # probe must reach a new kernel before JupyterLab's first cells do, so retry sooner.
        # The client's context is its own: other sockets keep their defaults.
        client.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_INTERVAL_MS)
    return client


class KernelRequestError(Exception):
    """A request to the kernel failed: it replied with an error, or the connection closed."""


class KernelChannels:
    """Shell requests with replies matched by msg_id, and every IOPub message to `on_iopub`."""

    def __init__(self, client: KernelClient, on_iopub: IOPubHandler, log: logging.Logger) -> None:
        self._client = client
        self._on_iopub = on_iopub
        self._log = log
        self._waiting: dict[str, asyncio.Future[dict]] = {}
        # The silent requests still waiting for their replies: by msg_id, and by content.
        self._own: dict[str, str] = {}
        self._unanswered: dict[str, asyncio.Future[dict]] = {}
        # And those answered lately: their statuses on IOPub may come after the reply.
        self._answered: deque[str] = deque(maxlen=ANSWERED_KEPT)
        self._tasks: list[asyncio.Task[None]] = []
        self._iopub_live = asyncio.Event()
        # When each waiting request was sent, and the silent ones the kernel was nudged for.
        self._sent: dict[str, float] = {}
        self._nudged: set[str] = set()

    async def start(self) -> None:
        """Open the channels and start reading them."""
        await ensure_async(
            self._client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=True)
        )
        self._tasks = [
            asyncio.ensure_future(self._read_replies(self._client.get_shell_msg)),
            asyncio.ensure_future(self._read_replies(self._client.get_control_msg)),
            asyncio.ensure_future(self._read_iopub()),
        ]
        if not isinstance(self._client, GatewayKernelClient):
            self._tasks.append(asyncio.ensure_future(self._watch_replies()))

    def stop(self) -> None:
        """Close the channels; requests still waiting fail with `KernelRequestError`."""
        for task in self._tasks:
            task.cancel()
        self._tasks = []
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(KernelRequestError("the connection to the kernel closed"))
                # Marked as read: the caller of a timed-out request is gone.
                future.exception()
        self._waiting.clear()
        self._sent.clear()
        self._nudged.clear()
        self._own.clear()
        self._unanswered.clear()
        try:
            self._client.stop_channels()
        except Exception:  # noqa: BLE001  (closing a half-open connection must not fail shutdown)
            self._log.debug("memory-inspector: error while closing kernel channels", exc_info=True)

    async def kernel_info(self) -> dict:
        """The kernel's ``kernel_info_reply`` content."""
        return await self._wait(self._client.kernel_info())

    async def usage(self) -> dict:
        """ipykernel's ``usage_reply`` content: answered on the control channel, even while a
        cell keeps the shell busy."""
        msg = self._client.session.msg("usage_request", {})
        # A gateway routes by this field and takes a message without it for the shell, where
        # ipykernel does not answer usage requests; ZeroMQ channels ignore it.
        msg["channel"] = "control"
        self._client.control_channel.send(msg)
        return await self._wait(msg["header"]["msg_id"])

    async def wait_for_iopub(self, nudge_interval: float = 0.5) -> None:
        """Return once IOPub delivers: what the kernel publishes before that is lost to us.

        A subscription takes a moment to reach the kernel, so we nudge it with
        ``kernel_info`` requests (each makes it publish a status) until a message arrives.
        """
        while not self._iopub_live.is_set():
            try:
                await asyncio.wait_for(self._iopub_live.wait(), nudge_interval)
            except asyncio.TimeoutError:
                await self.kernel_info()

    async def iopub_settled(self, limit: float) -> None:
        """Return once the IOPub messages that reached this client are handled (at most `limit`
        seconds): each wait lets the reader run, and the socket then has none unread."""
        if isinstance(self._client, GatewayKernelClient):
            return  # its reader polls a queue: what arrived is handled within a poll interval
        socket = self._client.iopub_channel.socket
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            await asyncio.sleep(IOPUB_SETTLE_STEP)
            if not socket.get(zmq.EVENTS) & zmq.POLLIN or loop.time() >= deadline:
                return

    async def execute_silently(
        self, code: str, user_expressions: dict[str, str] | None = None
    ) -> dict:
        """Run `code` without history, display or aborting the user's queued cells on error."""
        # Shielded: a caller that gives up must not take the reply from the others.
        return checked(await asyncio.shield(self._send_silently(code, user_expressions or {})))

    def _send_silently(self, code: str, user_expressions: dict[str, str]) -> asyncio.Future[dict]:
        """The reply to this request, however late it comes (or KernelRequestError once the
        channels close). A request like one still unanswered is not sent again: a kernel that
        is slow to answer would otherwise find the same request queued once per retry."""
        key = json.dumps([code, user_expressions], sort_keys=True)
        future = self._unanswered.get(key)
        if future is not None:
            return future
        msg_id = self._client.execute(
            code,
            silent=True,
            store_history=False,
            user_expressions=user_expressions,
            allow_stdin=False,
            stop_on_error=False,
        )
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._waiting[msg_id] = future
        self._sent[msg_id] = loop.time()
        self._own[msg_id] = key
        self._unanswered[key] = future
        return future

    def is_cell_status(self, msg: dict[str, Any]) -> bool:
        """Whether a status message says something about running cells.

        Every request makes the kernel busy and idle again, our own ``usage_request`` polls
        included: only those of execute requests (and the kernel's own ``starting``, which has
        no parent) tell whether a cell runs, and not those of our silent requests: one that a
        stuck kernel answers late must not turn every request after it into "a cell is running".
        """
        parent = msg.get("parent_header", {})
        msg_id = parent.get("msg_id")
        return parent.get("msg_type") in (None, "execute_request") and (
            msg_id not in self._own and msg_id not in self._answered
        )

    async def _wait(self, msg_id: str) -> dict:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[dict] = loop.create_future()
        self._waiting[msg_id] = future
        self._sent[msg_id] = loop.time()
        try:
            return await future
        finally:
            self._waiting.pop(msg_id, None)
            self._sent.pop(msg_id, None)

    async def _receive(self, get_msg: Callable[..., Any]) -> dict:
        """The next message of a channel: a ZeroMQ channel waits for it without a timeout; a
        gateway's queue is polled, since its own blocking read is a busy loop."""
        if not isinstance(self._client, GatewayKernelClient):
            return await get_msg()
        while True:
            try:
                return await get_msg(timeout=0)
            except Empty:
                await asyncio.sleep(GATEWAY_POLL_INTERVAL)

    async def _read_replies(self, get_msg: Callable[..., Any]) -> None:
        while True:
            msg = await self._receive(get_msg)
            msg_id = msg.get("parent_header", {}).get("msg_id", "")
            future = self._waiting.get(msg_id)
            if msg_id in self._own:
                # Nobody may be waiting any more: the future keeps the reply for whoever asks.
                self._unanswered.pop(self._own.pop(msg_id), None)
                self._waiting.pop(msg_id, None)
                self._sent.pop(msg_id, None)
                self._nudged.discard(msg_id)
                self._answered.append(msg_id)
            if future is not None and not future.done():
                future.set_result(msg.get("content", {}))

    async def _watch_replies(self) -> None:
        """Look for the replies of requests that wait long.

        A silent request to a freshly restarted kernel was seen here to wait for its time limit
        although the kernel had run it and gone idle (a report, 1 run in 10 of a test under load);
        where its reply was lost was not found. Both ends read their sockets through
        edge-triggered descriptors, where a wake-up can be missed: reading the socket's events
        makes pyzmq hand over a reply that waits unread, and a message to the kernel makes its
        shell stream read a request that waits there (ipykernel issue 1554). Once per request;
        a cell that runs long makes the kernel answer the nudge after it, harmlessly.
        """
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(REPLY_CHECK_INTERVAL)
            due = loop.time() - REPLY_CHECK_INTERVAL
            overdue = [msg_id for msg_id, sent in self._sent.items() if sent <= due]
            if not overdue:
                continue
            for channel in (self._client.shell_channel, self._client.control_channel):
                channel.socket.get(zmq.EVENTS)
            silent = [msg_id for msg_id in overdue if msg_id in self._own]
            if any(msg_id not in self._nudged for msg_id in silent):
                self._nudged.update(silent)
                self._log.debug("memory-inspector: no reply in %g s; nudging", REPLY_CHECK_INTERVAL)
                self._client.kernel_info()

    async def _read_iopub(self) -> None:
        while True:
            msg: Any = await self._receive(self._client.get_iopub_msg)
            self._iopub_live.set()
            try:
                self._on_iopub(msg)
            except Exception:  # noqa: BLE001  (one bad message must not stop the stream)
                self._log.exception("memory-inspector: failed to handle a kernel message")


def checked(content: dict) -> dict:
    """A silent request's reply content; KernelRequestError if it did not end "ok"."""
    if content.get("status") != "ok":
        raise KernelRequestError(
            f"{content.get('ename', 'error')}: {content.get('evalue', content.get('status'))}"
        )
    return content

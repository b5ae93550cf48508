"""Every running kernel at a glance: ``GET /memory-inspector/overview`` and its live stream."""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

import tornado.web
import tornado.websocket
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized, ws_authenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin

from ..overview import overview_of
from ..registry import MonitorRegistry
from .base import AUTH_RESOURCE, BaseHandler, JsonErrorsMixin

# How often an open overview stream looks for changes, in seconds: the figures it sends are
# the live readers' (every 0.5 s while a cell runs, every 5 s while idle).
STREAM_INTERVAL = 1.0


async def build_overview(handler: JupyterHandler, registry: MonitorRegistry) -> dict[str, Any]:
    """The overview (schema: OverviewReply), with the session manager's paths."""
    sessions = await ensure_async(handler.session_manager.list_sessions())
    return overview_of(registry).build(list(sessions))


class OverviewHandler(BaseHandler):
    """``GET /memory-inspector/overview``: every running kernel, its path, state and memory."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.finish(await build_overview(self, self.registry))


class OverviewStreamHandler(  # type: ignore[misc]
    JsonErrorsMixin, WebSocketMixin, tornado.websocket.WebSocketHandler, JupyterHandler
):
    """``WS /memory-inspector/overview/stream``: ``overview`` events (api.schema.json,
    OverviewEvent), the first at once and then each time a figure or a kernel changes."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, registry: MonitorRegistry) -> None:  # type: ignore[override]
        self.registry = registry
        self._task: asyncio.Task[None] | None = None

    @ws_authenticated
    async def get(self) -> None:
        """Refuse before the upgrade (403 without the right), then upgrade."""
        allowed = await ensure_async(
            self.authorizer.is_authorized(self, self.current_user, "read", AUTH_RESOURCE)
        )
        if not allowed:
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        await super().get()

    def open(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().open(*args, **kwargs)
        self._task = asyncio.ensure_future(self._send_changes())

    def on_message(self, message: Any) -> None:
        """Clients have nothing to say on this socket; anything they send is ignored."""

    def on_close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _send_changes(self) -> None:
        sent: Any = None
        while True:
            overview = await build_overview(self, self.registry)
            # The time alone changes at every look: it is no news.
            figures = {key: value for key, value in overview.items() if key != "time"}
            if figures != sent:
                sent = figures
                try:
                    self.write_message(json.dumps({"type": "overview", "overview": overview}))
                except tornado.websocket.WebSocketClosedError:
                    return
            await asyncio.sleep(STREAM_INTERVAL)

"""``WS /memory-inspector/kernels/<id>/stream``: a kernel's records, samples and state, live."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, Callable

import tornado.web
import tornado.websocket
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import ws_authenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin

from ..registry import MonitorRegistry
from .base import AUTH_RESOURCE, JsonErrorsMixin, monitor_for, parse_since


class StreamHandler(  # type: ignore[misc]
    JsonErrorsMixin, WebSocketMixin, tornado.websocket.WebSocketHandler, JupyterHandler
):
    """``WS /memory-inspector/kernels/<id>/stream?since=N&history=H``: records after N, then live.

    Server to client only: ``records``, ``monitor`` and ``samples`` events (api.schema.json,
    StreamEvent); the first message is always a ``monitor``, then the backlog.
    """

    auth_resource = AUTH_RESOURCE

    def initialize(self, registry: MonitorRegistry) -> None:  # type: ignore[override]
        self.registry = registry
        self._unsubscribe: Callable[[], None] | None = None

    @ws_authenticated
    async def get(self, kernel_id: str) -> None:
        """Refuse before the upgrade (403 without the right, 400/404 for a bad id), then upgrade."""
        allowed = await ensure_async(
            self.authorizer.is_authorized(self, self.current_user, "read", AUTH_RESOURCE)
        )
        if not allowed:
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        self.monitor = monitor_for(self.registry, kernel_id)
        self.since = parse_since(self, self.monitor)
        await super().get(kernel_id)

    def open(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().open(*args, **kwargs)
        self._send({"type": "monitor", "monitor": self.monitor.describe()})
        # The records are spliced in as the history keeps them, as JSON text.
        backlog = self.monitor.history.since_json(self.since)
        if backlog != "[]":
            self._write(f'{{"type":"records","records":{backlog}}}')
        if self.monitor.samples:
            self._send({"type": "samples", "samples": list(self.monitor.samples)})
        self._unsubscribe = self.monitor.subscribe(self._send)

    def on_message(self, message: Any) -> None:
        """Clients have nothing to say on this socket; anything they send is ignored."""

    def on_close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _send(self, event: dict[str, Any]) -> None:
        self._write(json.dumps(event))

    def _write(self, text: str) -> None:
        try:
            self.write_message(text)
        except tornado.websocket.WebSocketClosedError:
            self.on_close()

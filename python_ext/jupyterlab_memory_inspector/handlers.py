"""The REST and websocket API under ``/memory-inspector/``.

Every verb is authenticated and authorized against our own resource, ``memory-inspector``, so
that a JupyterHub or custom authorizer can grant or refuse it separately from kernels.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.client import responses
from typing import Any, Callable

import tornado.web
import tornado.websocket
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized, ws_authenticated
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from jupyter_server.utils import url_path_join

from .monitor import KernelMonitor
from .registry import MonitorRegistry

AUTH_RESOURCE = "memory-inspector"
NAMESPACE = "memory-inspector"

_KERNEL_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ApiError(tornado.web.HTTPError):
    """An error whose message is meant for the client."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(status_code, log_message=message)
        self.message = message


def _monitor_for(registry: MonitorRegistry, kernel_id: str) -> KernelMonitor:
    if not _KERNEL_ID.match(kernel_id):
        raise ApiError(HTTPStatus.BAD_REQUEST, f"'{kernel_id[:64]}' is not a kernel id")
    monitor = registry.get(kernel_id)
    if monitor is None:
        raise ApiError(HTTPStatus.NOT_FOUND, f"no running kernel has the id {kernel_id}")
    return monitor


def _parse_since(handler: tornado.web.RequestHandler, monitor: KernelMonitor) -> int:
    """The ``since`` query argument, or 0 when it was counted in another ``history``."""
    value = handler.get_query_argument("since", None)
    if value is None:
        return 0
    if not value.isdigit():
        raise ApiError(HTTPStatus.BAD_REQUEST, "'since' must be a non-negative integer")
    history = handler.get_query_argument("history", None)
    if history is not None and history != monitor.history.id:
        return 0
    return int(value)


class JsonErrorsMixin:
    """Errors as ``{"code", "message"}``; the traceback of an unexpected error stays in the log."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, ApiError):
            message = error.message
        elif isinstance(error, tornado.web.HTTPError) and error.log_message:
            message = error.log_message % error.args if error.args else error.log_message
        else:
            message = responses.get(status_code, "Error")
        self.set_header("Content-Type", "application/json")  # type: ignore[attr-defined]
        self.finish(json.dumps({"code": status_code, "message": message}))  # type: ignore[attr-defined]


class BaseHandler(JsonErrorsMixin, APIHandler):
    """Our REST handlers' base: a registry to look kernels up in."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, registry: MonitorRegistry) -> None:
        self.registry = registry


class KernelsHandler(BaseHandler):
    """``GET /memory-inspector/kernels``: the monitor of every live kernel."""

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        self.finish({"kernels": [monitor.describe() for monitor in self.registry.all()]})


class KernelHandler(BaseHandler):
    """``GET /memory-inspector/kernels/<id>``: one kernel's monitor."""

    @tornado.web.authenticated
    @authorized
    def get(self, kernel_id: str) -> None:
        self.finish(_monitor_for(self.registry, kernel_id).describe())


class RecordsHandler(BaseHandler):
    """``GET /memory-inspector/kernels/<id>/records?since=N&history=H``: the records after N.

    ``history`` is the ``history_id`` that N was counted in; when it is not the current one
    (the server restarted), every record is returned.
    """

    @tornado.web.authenticated
    @authorized
    def get(self, kernel_id: str) -> None:
        monitor = _monitor_for(self.registry, kernel_id)
        since = _parse_since(self, monitor)
        self.finish(
            {
                "monitor": monitor.describe(),
                "records": monitor.history.since(since),
            }
        )


class StreamHandler(  # type: ignore[misc]
    JsonErrorsMixin, WebSocketMixin, tornado.websocket.WebSocketHandler, JupyterHandler
):
    """``WS /memory-inspector/kernels/<id>/stream?since=N&history=H``: records after N, then live.

    Server to client only: ``{"type": "records", "records": [...]}`` and
    ``{"type": "monitor", "monitor": {...}}``; the first message is always a ``monitor``.
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
        self.monitor = _monitor_for(self.registry, kernel_id)
        self.since = _parse_since(self, self.monitor)
        await super().get(kernel_id)

    def open(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().open(*args, **kwargs)
        self._send({"type": "monitor", "monitor": self.monitor.describe()})
        backlog = self.monitor.history.since(self.since)
        if backlog:
            self._send({"type": "records", "records": backlog})
        self._unsubscribe = self.monitor.subscribe(self._send)

    def on_message(self, message: Any) -> None:
        """Clients have nothing to say on this socket; anything they send is ignored."""

    def on_close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _send(self, event: dict[str, Any]) -> None:
        try:
            self.write_message(json.dumps(event))
        except tornado.websocket.WebSocketClosedError:
            self.on_close()


def routes(registry: MonitorRegistry) -> list[tuple[str, type, dict[str, Any]]]:
    """The URL table; `ExtensionApp` puts the server's base_url in front (JupyterHub)."""
    kernel = r"/kernels/(?P<kernel_id>[^/]+)"
    table: list[tuple[str, type]] = [
        (r"/kernels", KernelsHandler),
        (kernel, KernelHandler),
        (kernel + r"/records", RecordsHandler),
        (kernel + r"/stream", StreamHandler),
    ]
    return [
        (url_path_join("/", NAMESPACE, pattern), handler, {"registry": registry})
        for pattern, handler in table
    ]

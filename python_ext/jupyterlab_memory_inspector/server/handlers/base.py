"""What every handler of the API shares: JSON errors, the kernel lookup, query arguments.

Every verb is authenticated and authorized against our own resource, ``memory-inspector``, so
that a JupyterHub or custom authorizer can grant or refuse it separately from kernels.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.client import responses
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler

from ...message import message_json
from ..monitor import KernelMonitor
from ..registry import MonitorRegistry

AUTH_RESOURCE = "memory-inspector"
NAMESPACE = "memory-inspector"

_KERNEL_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class ApiError(tornado.web.HTTPError):
    """An error whose message is meant for the client."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(status_code, log_message=message)
        self.message = message


def monitor_for(registry: MonitorRegistry, kernel_id: str) -> KernelMonitor:
    """The monitor of a running kernel: 400 for a malformed id, 404 for an unknown one."""
    if not _KERNEL_ID.match(kernel_id):
        raise ApiError(HTTPStatus.BAD_REQUEST, f"'{kernel_id[:64]}' is not a kernel id")
    monitor = registry.get(kernel_id)
    if monitor is None:
        raise ApiError(HTTPStatus.NOT_FOUND, f"no running kernel has the id {kernel_id}")
    return monitor


def parse_since(handler: tornado.web.RequestHandler, monitor: KernelMonitor) -> int:
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
        reply: dict[str, Any] = {"code": status_code, "message": message}
        structured = message_json(message)
        if structured is not None:
            reply["messages"] = {"message": structured}
        self.set_header("Content-Type", "application/json")  # type: ignore[attr-defined]
        self.finish(json.dumps(reply))  # type: ignore[attr-defined]


class BaseHandler(JsonErrorsMixin, APIHandler):
    """Our REST handlers' base: a registry to look kernels up in."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, registry: MonitorRegistry) -> None:
        self.registry = registry

"""The REST and websocket API under ``/memory-inspector/``.

Every verb is authenticated and authorized against our own resource, ``memory-inspector``, so
that a JupyterHub or custom authorizer can grant or refuse it separately from kernels.
"""

from __future__ import annotations

import asyncio
import json
import re
from http import HTTPStatus
from http.client import responses
from typing import Any, Callable

import tornado.web
import tornado.websocket
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from .later_use import CellSource
from .monitor import KernelMonitor, MonitorBusy, MonitorUnavailable
from .probe import check_config
from .registry import MonitorRegistry

AUTH_RESOURCE = "memory-inspector"
NAMESPACE = "memory-inspector"

# How long a settings request waits for a busy kernel before replying 202 (applied later).
CONFIG_WAIT = 5.0

# A notebook bigger than this is not one that advice requests come from.
MAX_CELLS = 20_000

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
        self.set_header("Content-Type", "application/json")  # type: ignore[attr-defined]
        self.finish(json.dumps({"code": status_code, "message": message}))  # type: ignore[attr-defined]


class BaseHandler(JsonErrorsMixin, APIHandler):
    """Our REST handlers' base: a registry to look kernels up in."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, registry: MonitorRegistry) -> None:
        self.registry = registry

    def json_object(self) -> dict[str, Any]:
        """The request body, which must be a JSON object."""
        try:
            body = json.loads(self.request.body or b"null")
        except (ValueError, UnicodeDecodeError) as err:
            raise ApiError(HTTPStatus.BAD_REQUEST, "the body is not valid JSON") from err
        if not isinstance(body, dict):
            raise ApiError(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
        return body


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
        self.finish(monitor_for(self.registry, kernel_id).describe())


class RecordsHandler(BaseHandler):
    """``GET /memory-inspector/kernels/<id>/records?since=N&history=H``: the records after N.

    ``history`` is the ``history_id`` that N was counted in; when it is not the current one
    (the server restarted), every record is returned.
    """

    @tornado.web.authenticated
    @authorized
    def get(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        since = parse_since(self, monitor)
        self.finish(
            {
                "monitor": monitor.describe(),
                "records": monitor.history.since(since),
            }
        )


def parse_cells(cells: Any) -> list[CellSource]:
    """The notebook's code cells from a request body (NotebookCell objects), or a 400."""
    if not isinstance(cells, list) or len(cells) > MAX_CELLS:
        raise ApiError(
            HTTPStatus.BAD_REQUEST, f"'cells' must be a list of at most {MAX_CELLS} cells"
        )
    parsed = []
    for position, cell in enumerate(cells):
        if (
            not isinstance(cell, dict)
            or not isinstance(cell.get("id"), str)
            or not cell["id"]
            or not isinstance(cell.get("source"), str)
            or not isinstance(cell.get("label", ""), str)
        ):
            raise ApiError(
                HTTPStatus.BAD_REQUEST,
                f"cells[{position}] must be an object with a string 'id' and 'source'",
            )
        label = cell.get("label") or f"cell {position + 1}"
        parsed.append(CellSource(cell["id"], cell["source"], label))
    return parsed


class ConfigHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/config``: change the probe's settings.

    200 with the settings once the kernel applied them; 202 when a running cell keeps the kernel
    busy (they apply once it is idle, and the stream announces them); 409 when the kernel has no
    probe (not a Python kernel, or installing it failed).
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        body = self.json_object()
        interval = body.pop("sample_interval", None)
        try:
            changes = check_config(body)
        except ValueError as err:
            raise ApiError(HTTPStatus.BAD_REQUEST, str(err)) from err
        if interval is not None:
            if type(interval) not in (int, float) or not 0.1 <= interval <= 10:
                raise ApiError(
                    HTTPStatus.BAD_REQUEST,
                    "sample_interval must be a number of seconds in [0.1, 10]",
                )
            changes["sample_interval"] = float(interval)
        if not changes:
            raise ApiError(HTTPStatus.BAD_REQUEST, "the body names no setting to change")
        applying = asyncio.ensure_future(monitor.configure(changes))
        try:
            config = await asyncio.wait_for(asyncio.shield(applying), CONFIG_WAIT)
        except asyncio.TimeoutError:
            applying.add_done_callback(_log_failure(self.log))
            self.set_status(HTTPStatus.ACCEPTED)
            self.finish({"applied": False, "config": monitor.desired_config()})
            return
        except MonitorUnavailable as err:
            raise ApiError(HTTPStatus.CONFLICT, str(err)) from err
        self.finish({"applied": True, "config": config})


def _log_failure(log: Any) -> Callable[[asyncio.Future[Any]], None]:
    def done(future: asyncio.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.warning("memory-inspector: settings not applied: %s", future.exception())

    return done


class CollectHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/collect``: a full ``gc.collect()`` in the kernel.

    200 with what it freed; 409 while a cell runs (the shell would make the request wait behind
    it) or when the kernel has no probe.
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        try:
            self.finish(await monitor.collect_garbage())
        except (MonitorBusy, MonitorUnavailable) as err:
            raise ApiError(HTTPStatus.CONFLICT, str(err)) from err

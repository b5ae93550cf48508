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
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized, ws_authenticated
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from jupyter_server.utils import url_path_join

from .advisor import advise
from .free_cell import free_memory_cell
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


class ConfigHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/config``: change the probe's settings.

    200 with the settings once the kernel applied them; 202 when a running cell keeps the kernel
    busy (they apply once it is idle, and the stream announces them); 409 when the kernel has no
    probe (not a Python kernel, or installing it failed).
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = _monitor_for(self.registry, kernel_id)
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
        monitor = _monitor_for(self.registry, kernel_id)
        try:
            self.finish(await monitor.collect_garbage())
        except (MonitorBusy, MonitorUnavailable) as err:
            raise ApiError(HTTPStatus.CONFLICT, str(err)) from err


class AdviceHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/advice``: suggestions, and the free-memory cell.

    The body (AdviceRequest) carries the notebook's code cells, so that a name a later cell
    reads is flagged. 409 while a cell runs or when the kernel has no probe.
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = _monitor_for(self.registry, kernel_id)
        later, choose = _parse_advice_request(self.json_object())
        try:
            facts = await monitor.advice_facts()
        except (MonitorBusy, MonitorUnavailable) as err:
            raise ApiError(HTTPStatus.CONFLICT, str(err)) from err
        latest = monitor.history.latest()
        record = latest["record"] if latest else None
        # Variables measured before a restart are gone with that kernel process.
        probe = monitor.probe
        if record is not None and probe and record["probe_session"] != probe["probe_session"]:
            record = None
        suggestions = advise(record, facts, later)
        chosen = [
            suggestion
            for suggestion in suggestions
            if (suggestion.id in choose if choose is not None else suggestion.expected_bytes > 0)
        ]
        source, predicted = free_memory_cell(chosen)
        self.finish(
            {
                "suggestions": [suggestion.to_json() for suggestion in suggestions],
                "cell": {
                    "source": source,
                    "predicted": predicted,
                    "suggestions": [suggestion.id for suggestion in chosen],
                },
                "facts": facts,
                "record_seq": latest["seq"] if latest and record is not None else 0,
            }
        )


def _parse_advice_request(body: dict[str, Any]) -> tuple[list[CellSource], set[str] | None]:
    """The cells after the chosen one, and the chosen suggestion ids (None: the default)."""
    unknown = set(body) - {"cells", "cell_id", "choose"}
    if unknown:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"unknown fields: {', '.join(sorted(unknown))}")
    cells = body.get("cells")
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
        parsed.append(
            CellSource(cell["id"], cell["source"], cell.get("label") or f"cell {position + 1}")
        )
    cell_id = body.get("cell_id")
    if cell_id is None:
        later: list[CellSource] = []
    else:
        ids = [cell.cell_id for cell in parsed]
        if not isinstance(cell_id, str) or cell_id not in ids:
            raise ApiError(HTTPStatus.BAD_REQUEST, "'cell_id' must be the id of one of the cells")
        later = parsed[ids.index(cell_id) + 1 :]
    choose = body.get("choose")
    if choose is not None and (
        not isinstance(choose, list) or not all(isinstance(item, str) for item in choose)
    ):
        raise ApiError(HTTPStatus.BAD_REQUEST, "'choose' must be a list of suggestion ids")
    return later, set(choose) if choose is not None else None


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
        self.monitor = _monitor_for(self.registry, kernel_id)
        self.since = _parse_since(self, self.monitor)
        await super().get(kernel_id)

    def open(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().open(*args, **kwargs)
        self._send({"type": "monitor", "monitor": self.monitor.describe()})
        backlog = self.monitor.history.since(self.since)
        if backlog:
            self._send({"type": "records", "records": backlog})
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
        (kernel + r"/config", ConfigHandler),
        (kernel + r"/collect", CollectHandler),
        (kernel + r"/advice", AdviceHandler),
        (kernel + r"/stream", StreamHandler),
    ]
    return [
        (url_path_join("/", NAMESPACE, pattern), handler, {"registry": registry})
        for pattern, handler in table
    ]

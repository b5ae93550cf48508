"""The monitors of the server's kernels, and the records each one holds."""

from __future__ import annotations

import json

import tornado.web
from jupyter_server.auth.decorator import authorized

from .base import BaseHandler, monitor_for, parse_since


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
        # The records are spliced in as the history keeps them, as JSON text.
        monitor_json = json.dumps(monitor.describe())
        records_json = monitor.history.since_json(since)
        self.finish(f'{{"monitor":{monitor_json},"records":{records_json}}}')

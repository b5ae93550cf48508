"""``POST /memory-inspector/kernels/<id>/collect``: a full garbage collection in the kernel."""

from __future__ import annotations

from http import HTTPStatus

import tornado.web
from jupyter_server.auth.decorator import authorized

from ...message import error_words
from ...probe_client.call import ProbeTimeout
from ..monitor import MonitorBusy, MonitorUnavailable
from .base import ApiError, BaseHandler, monitor_for


class CollectHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/collect``: a full ``gc.collect()`` in the kernel.

    200 with what it freed; 409 while a cell runs (the shell would make the request wait behind
    it) or when the kernel has no probe; 504 when the probe does not answer in time.
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        try:
            self.finish(await monitor.collect_garbage())
        except (MonitorBusy, MonitorUnavailable) as err:
            raise ApiError(HTTPStatus.CONFLICT, error_words(err)) from err
        except ProbeTimeout as err:
            raise ApiError(HTTPStatus.GATEWAY_TIMEOUT, error_words(err)) from err

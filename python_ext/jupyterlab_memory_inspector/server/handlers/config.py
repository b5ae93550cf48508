"""``POST /memory-inspector/kernels/<id>/config``: a kernel's settings."""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any, Callable

import tornado.web
from jupyter_server.auth.decorator import authorized

from ...message import error_words
from ..monitor import MonitorUnavailable
from .base import ApiError, BaseHandler, monitor_for
from .body import parse_body

# How long a settings request waits for a busy kernel before replying 202 (applied later).
CONFIG_WAIT = 5.0


class ConfigHandler(BaseHandler):
    """``POST /memory-inspector/kernels/<id>/config``: change the probe's settings.

    200 with the settings once the kernel applied them; 202 when a running cell keeps the kernel
    busy or the kernel does not answer in time (they apply once it is idle, and the stream
    announces them); 409 when the kernel has no probe (not a Python kernel, or installing it
    failed).
    """

    @tornado.web.authenticated
    @authorized
    async def post(self, kernel_id: str) -> None:
        monitor = monitor_for(self.registry, kernel_id)
        body = parse_body(self.request.body, "ConfigRequest")
        # Seconds arrive as JSON integers too; the kernel and the sampler keep floats.
        changes = {
            key: float(value) if key in ("scan_budget", "sample_interval") else value
            for key, value in body.items()
        }
        try:
            applying = monitor.configure(changes)
            # Never longer than a call into the kernel may take: the answer is then 202.
            await asyncio.wait_for(asyncio.shield(applying), min(CONFIG_WAIT, monitor.timeout))
        except asyncio.TimeoutError:
            applying.add_done_callback(_log_failure(self.log))
            self.set_status(HTTPStatus.ACCEPTED)
            self.finish({"applied": False, "config": monitor.desired_config()})
            return
        except MonitorUnavailable as err:
            raise ApiError(HTTPStatus.CONFLICT, error_words(err)) from err
        self.finish({"applied": True, "config": monitor.desired_config()})


def _log_failure(log: Any) -> Callable[[asyncio.Future[Any]], None]:
    def done(future: asyncio.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.warning("memory-inspector: settings not applied: %s", future.exception())

    return done

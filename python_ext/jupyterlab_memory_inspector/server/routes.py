"""The server extension's URL table, under ``/memory-inspector/``."""

from __future__ import annotations

from typing import Any

from jupyter_server.utils import url_path_join

from .handlers.advice import AdviceHandler
from .handlers.base import NAMESPACE
from .handlers.collect import CollectHandler
from .handlers.config import ConfigHandler
from .handlers.info import InfoHandler
from .handlers.kernels import KernelHandler, KernelsHandler, RecordsHandler
from .handlers.overview import OverviewHandler, OverviewStreamHandler
from .handlers.report import ReportHandler
from .handlers.stream import StreamHandler
from .registry import MonitorRegistry


def routes(registry: MonitorRegistry) -> list[tuple[str, type, dict[str, Any]]]:
    """The URL table; `ExtensionApp` puts the server's base_url in front (JupyterHub)."""
    kernel = r"/kernels/(?P<kernel_id>[^/]+)"
    table: list[tuple[str, type]] = [
        (r"/info", InfoHandler),
        (r"/kernels", KernelsHandler),
        (r"/overview", OverviewHandler),
        (r"/overview/stream", OverviewStreamHandler),
        (kernel, KernelHandler),
        (kernel + r"/records", RecordsHandler),
        (kernel + r"/config", ConfigHandler),
        (kernel + r"/collect", CollectHandler),
        (kernel + r"/advice", AdviceHandler),
        (kernel + r"/report", ReportHandler),
        (kernel + r"/stream", StreamHandler),
    ]
    return [
        (url_path_join("/", NAMESPACE, pattern), handler, {"registry": registry})
        for pattern, handler in table
    ]

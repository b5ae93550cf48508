"""The server extension's URL table, under ``/memory-inspector/``."""

from __future__ import annotations

from typing import Any

from jupyter_server.utils import url_path_join

from .advice_handler import AdviceHandler
from .handlers import (
    NAMESPACE,
    CollectHandler,
    ConfigHandler,
    KernelHandler,
    KernelsHandler,
    RecordsHandler,
)
from .registry import MonitorRegistry
from .report_handler import ReportHandler
from .stream_handler import StreamHandler


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
        (kernel + r"/report", ReportHandler),
        (kernel + r"/stream", StreamHandler),
    ]
    return [
        (url_path_join("/", NAMESPACE, pattern), handler, {"registry": registry})
        for pattern, handler in table
    ]

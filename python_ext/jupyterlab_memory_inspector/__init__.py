"""jupyterlab-memory-inspector: see, understand and reclaim the memory a notebook's kernel holds."""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-memory-inspector"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import MemoryInspectorApp  # noqa: PLC0415  (keep `import` cheap inside kernels)

    return [{"module": "jupyterlab_memory_inspector", "app": MemoryInspectorApp}]

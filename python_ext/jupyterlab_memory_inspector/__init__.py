"""jupyterlab-memory-inspector: see, understand and reclaim the memory a notebook's kernel holds."""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-memory-inspector"}]


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext jupyterlab_memory_inspector``: a one-line memory summary after each cell.

    In a kernel that JupyterLab's server already probes, the summary joins that probe rather
    than installing a second one (two would reset each other's peak).
    """
    import sys  # noqa: PLC0415  (keep `import jupyterlab_memory_inspector` cheap)

    from .ipython_summary import printer  # noqa: PLC0415
    from .probe import active, install  # noqa: PLC0415
    from .protocol import PROBE_PACKAGE  # noqa: PLC0415

    injected = sys.modules.get(PROBE_PACKAGE)
    probe = injected.active() if injected is not None else None
    if probe is None:
        probe = active() or install(shell)
    if not any(getattr(listener, "memory_summary", False) for listener in probe.watch.listeners):
        listener = printer(sys.stdout.write)
        listener.memory_summary = True  # type: ignore[attr-defined]
        probe.watch.listeners.append(listener)


def unload_ipython_extension(shell: Any) -> None:
    """``%unload_ext``: stop printing, and remove the probe if the extension installed it."""
    import sys  # noqa: PLC0415

    from .probe import active, uninstall  # noqa: PLC0415
    from .protocol import PROBE_PACKAGE  # noqa: PLC0415

    injected = sys.modules.get(PROBE_PACKAGE)
    probe = injected.active() if injected is not None else None
    if probe is not None:
        probe.watch.listeners[:] = [
            listener
            for listener in probe.watch.listeners
            if not getattr(listener, "memory_summary", False)
        ]
    own = active()
    if own is not None and own.shell is shell:
        uninstall()


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .server.app import MemoryInspectorApp  # noqa: PLC0415  (keep `import` cheap inside kernels)

    return [{"module": "jupyterlab_memory_inspector", "app": MemoryInspectorApp}]

"""The server extension: a monitor for every kernel, and the API that serves their records."""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import Float, Int, validate

from ..protocol import SERVER_SAMPLE_INTERVAL
from .registry import KERNEL_ACTIONS_SCHEMA, MonitorRegistry
from .routes import routes


class MemoryInspectorApp(ExtensionApp):
    """Attaches the memory probe to every kernel and keeps what it reports."""

    name = "jupyterlab_memory_inspector"
    load_other_extensions = True

    history_size = Int(
        10_000,
        config=True,
        help="How many cell records to keep per kernel; the oldest go first.",
    )

    sample_interval = Float(
        0.5,
        config=True,
        help="Seconds between readings of a kernel's memory while a cell runs (live timeline).",
    )

    idle_sample_interval = Float(
        5.0,
        config=True,
        help="Seconds between readings of a kernel's memory while it is idle.",
    )

    sample_history = Int(
        20_000,
        config=True,
        help="How many live memory readings to keep per kernel; the oldest go first.",
    )

    @validate("sample_interval", "idle_sample_interval")
    def _valid_interval(self, proposal: dict[str, Any]) -> float:
        if proposal["value"] not in SERVER_SAMPLE_INTERVAL:
            low, high = SERVER_SAMPLE_INTERVAL.low, SERVER_SAMPLE_INTERVAL.high
            raise ValueError(
                f"{proposal['trait'].name} must be between {low:g} and {high:g} seconds"
            )
        return float(proposal["value"])

    @validate("history_size", "sample_history")
    def _valid_history_size(self, proposal: dict[str, Any]) -> int:
        if proposal["value"] < 1:
            raise ValueError(f"{proposal['trait'].name} must be at least 1")
        return int(proposal["value"])

    def initialize_settings(self) -> None:
        """Create the registry of monitors and follow the kernel manager's events."""
        self.registry = MonitorRegistry(self.serverapp.kernel_manager, self.history_size, self.log)
        self.serverapp.event_logger.add_listener(
            schema_id=KERNEL_ACTIONS_SCHEMA, listener=self.registry.on_kernel_action
        )

    def initialize_handlers(self) -> None:
        """Register the ``/memory-inspector/`` routes."""
        self.handlers.extend(routes(self.registry))

    async def stop_extension(self) -> None:
        """Disconnect from every kernel before the server stops."""
        self.serverapp.event_logger.remove_listener(listener=self.registry.on_kernel_action)
        self.registry.close()

"""The server extension: a monitor for every kernel, and the API that serves their records."""

from __future__ import annotations

from typing import Any

from jupyter_server.extension.application import ExtensionApp
from traitlets import Bool, Float, Int, TraitError, validate

from ..oom_guard import LOOKAHEAD, PERIOD, THRESHOLD, GuardSettings
from ..protocol import SERVER_SAMPLE_INTERVAL, Range
from .registry import KERNEL_ACTIONS_SCHEMA, MonitorRegistry
from .routes import routes
from .sampler import SamplingConfig

# Seconds a call into a kernel may take: an hour at most, since whoever asked is waiting.
KERNEL_TIMEOUT = Range(0, 3600, open_low=True)

# The out-of-memory guard's share of the limit: below half it would stop ordinary cells.
GUARD_THRESHOLD = Range(0.5, 1, open_low=False)
GUARD_LOOKAHEAD = Range(0, 100)


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

    kernel_timeout = Float(
        60.0,
        config=True,
        help=(
            "Seconds a call into a kernel (probe install, advice, collect, report, settings) "
            "may wait for its answer; past it the request answers 504 (409 while a cell runs)."
        ),
    )

    oom_guard = Bool(
        True,
        config=True,
        help=(
            "Interrupt the running cell when the kernel's memory group (its container's cgroup, "
            "else the machine) is nearly full, so that the kernel is not killed and its "
            "variables are kept."
        ),
    )

    oom_guard_threshold = Float(
        THRESHOLD,
        config=True,
        help="The share of the memory limit in use at which the guard interrupts the running cell.",
    )

    oom_guard_lookahead = Float(
        LOOKAHEAD,
        config=True,
        help=(
            "Interrupt earlier when the growth between the last two readings, repeated this many "
            "times, would reach the limit (memory grows unseen between two readings)."
        ),
    )

    oom_guard_interval = Float(
        PERIOD,
        config=True,
        help=(
            "Seconds between the guard's readings of the kernel's memory group while a cell runs "
            "(its own period: the live timeline keeps sample_interval)."
        ),
    )

    @validate("oom_guard_threshold")
    def _valid_threshold(self, proposal: dict[str, Any]) -> float:
        return _in_range(proposal, GUARD_THRESHOLD, "(a share of the limit)")

    @validate("oom_guard_lookahead")
    def _valid_lookahead(self, proposal: dict[str, Any]) -> float:
        return _in_range(proposal, GUARD_LOOKAHEAD, "readings")

    @validate("sample_interval", "idle_sample_interval", "oom_guard_interval")
    def _valid_interval(self, proposal: dict[str, Any]) -> float:
        return _in_range(proposal, SERVER_SAMPLE_INTERVAL, "seconds")

    @validate("kernel_timeout")
    def _valid_timeout(self, proposal: dict[str, Any]) -> float:
        return _in_range(proposal, KERNEL_TIMEOUT, "seconds")

    @validate("history_size", "sample_history")
    def _valid_history_size(self, proposal: dict[str, Any]) -> int:
        if proposal["value"] < 1:
            raise TraitError(f"{_setting(proposal)} must be at least 1, not {proposal['value']!r}")
        return int(proposal["value"])

    def initialize_settings(self) -> None:
        """Create the registry of monitors and follow the kernel manager's events."""
        self.registry = MonitorRegistry(
            self.serverapp.kernel_manager,
            self.history_size,
            self.log,
            sampling=SamplingConfig(
                busy=self.sample_interval,
                idle=self.idle_sample_interval,
                capacity=self.sample_history,
            ),
            timeout=self.kernel_timeout,
            guard=GuardSettings(
                self.oom_guard,
                self.oom_guard_threshold,
                self.oom_guard_lookahead,
                self.oom_guard_interval,
            ),
        )
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


def _setting(proposal: dict[str, Any]) -> str:
    """The setting's name as an administrator writes it in ``jupyter_server_config.py``."""
    return f"{MemoryInspectorApp.__name__}.{proposal['trait'].name}"


def _in_range(proposal: dict[str, Any], allowed: Range, unit: str) -> float:
    value = proposal["value"]
    if value not in allowed:
        raise TraitError(f"{_setting(proposal)} must be in {allowed.text()} {unit}, not {value!r}")
    return float(value)

"""The kernel-side probe: measures what each cell does to memory and publishes a record.

Stdlib only, so that the server can inject its source into any Python kernel. Its state lives in
this package, never in the user's namespace, and its hooks never raise into a cell.
"""

from __future__ import annotations

import os
import platform
import sys
import uuid
from typing import Any

from .cellwatch import CellWatch
from .procmem import ProcessMemory
from .publisher import PROBE_MSG_TYPE, Publisher

PROBE_VERSION = "1"

_active: Probe | None = None


class Probe:
    """One installation of the probe in one IPython shell."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.session = uuid.uuid4().hex
        self.memory = ProcessMemory()
        self.publisher = Publisher(shell)
        self.watch = CellWatch(self.memory, self.publisher, self.session)

    def info(self) -> dict:
        """What the server needs to know about this probe and its kernel process."""
        return {
            "probe_version": PROBE_VERSION,
            "probe_session": self.session,
            "pid": os.getpid(),
            "hostname": platform.node(),
            "python": platform.python_version(),
            "platform": sys.platform,
            "peak_method": self.memory.peak_method,
            "rss_available": self.memory.available,
            "rss": self.memory.rss(),
        }

    def start(self) -> None:
        """Register the cell hooks and announce the probe to the kernel's clients."""
        events = self.shell.events
        events.register("pre_run_cell", self.watch.pre_run_cell)
        events.register("post_run_cell", self.watch.post_run_cell)
        self.publisher.send(PROBE_MSG_TYPE, self.info())

    def stop(self) -> None:
        """Unregister the hooks and release what the probe holds open."""
        events = self.shell.events
        for name, hook in (
            ("pre_run_cell", self.watch.pre_run_cell),
            ("post_run_cell", self.watch.post_run_cell),
        ):
            if hook in events.callbacks.get(name, ()):
                events.unregister(name, hook)
        self.memory.close()


def install(shell: Any) -> Probe:
    """Install the probe in `shell`, replacing an earlier installation."""
    global _active  # noqa: PLW0603  (one probe per process, owned by this module)
    uninstall()
    probe = Probe(shell)
    probe.start()
    _active = probe
    return probe


def uninstall() -> None:
    """Remove the installed probe, if any."""
    global _active  # noqa: PLW0603
    if _active is not None:
        _active.stop()
        _active = None


def active() -> Probe | None:
    """The installed probe, if any."""
    return _active

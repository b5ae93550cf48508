"""The kernel-side probe: measures what each cell does to memory and publishes a record.

Stdlib only, so that the server can inject its source into any Python kernel. Its state lives in
this package, never in the user's namespace, and its hooks never raise into a cell.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import sys
import time
import uuid
from typing import Any

from .cellwatch import CellWatch
from .contract import DEFAULT_CONFIG, PROBE_MSG_TYPE, PROBE_VERSION, check_config
from .facts import collected_garbage, cyclic_garbage, malloc_state, open_resources, torch_cuda
from .gcwatch import GcWatch
from .heaptrace import HeapTrace
from .kinds import CONTAINERS, OBJECT, SCALAR, SKIP
from .libraries import Libraries
from .namespace import NamespaceScanner
from .procmem import ProcessMemory
from .publisher import Publisher
from .sizing import OutOfTime, Sizer
from .typeinfo import own_size

# Finding what gc.collect() would free walks the whole heap: it may take this long, on request.
GARBAGE_BUDGET = 2.0

_active: Probe | None = None

# Objects sized by themselves in garbage: what they hold is in the garbage if it goes with them.
_OWN_SIZE_KINDS = frozenset((OBJECT, SCALAR, SKIP, *CONTAINERS))


def size_of_all(objects: list[Any]) -> int | None:
    """The bytes `objects` keep alive together: data buffers (a numpy base, a frame's blocks)
    once however many of them share one, containers and plain objects by their own size (their
    contents are in `objects` too when they would be freed with them)."""
    libraries = Libraries()
    libraries.refresh()
    sizer = Sizer(libraries, time.perf_counter() + GARBAGE_BUDGET, set(), set())
    parts: dict[Any, Any] = {}
    total = 0
    try:
        for obj in objects:
            kind, base = sizer.kind_of(type(obj))
            if kind in _OWN_SIZE_KINDS:
                # The builtin's own __sizeof__, never an override; plain objects from their type.
                total += own_size(obj) if base is object else base.__sizeof__(obj)
                continue
            measure = sizer.measure(obj, kind, base)
            total += measure.size - sum(part[0] for part in measure.parts.values())
            parts.update(measure.parts)
    except OutOfTime:
        return None
    return total + sum(part[0] for part in parts.values())


class Probe:
    """One installation of the probe in one IPython shell."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.session = uuid.uuid4().hex
        self.config = dict(DEFAULT_CONFIG)
        self.memory = ProcessMemory()
        self.gc = GcWatch()
        self.heap = HeapTrace(shell)
        self.publisher = Publisher(shell)
        self.watch = CellWatch(
            shell=shell,
            memory=self.memory,
            gc_watch=self.gc,
            heap=self.heap,
            scanner=NamespaceScanner(),
            publisher=self.publisher,
            probe_session=self.session,
            config=self.config,
        )

    def info(self) -> dict[str, Any]:
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
            "config": dict(self.config),
        }

    def info_json(self) -> str:
        """`info`, for the server, which reads it from a silent execute request."""
        return json.dumps(self.info())

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change settings (tracing, nframes, scan_budget, max_variables); returns them all."""
        self.config.update(check_config(changes))
        self.heap.configure(self.config["tracing"], self.config["nframes"])
        self.config["tracing"] = self.heap.tracing
        self.config["nframes"] = self.heap.nframes if self.heap.tracing else self.config["nframes"]
        return dict(self.config)

    def configure_json(self, changes: str) -> str:
        """`configure` for the server, which speaks JSON through a silent execute request."""
        return json.dumps(self.configure(**json.loads(changes)))

    def collect_json(self) -> str:
        """A full garbage collection on the user's request: what it freed, as JSON."""
        rss_before = self.memory.rss()
        started = time.perf_counter()
        collected = gc.collect()
        duration = time.perf_counter() - started
        return json.dumps(
            {
                "collected": collected,
                "uncollectable": len(gc.garbage),
                "rss_before": rss_before,
                "rss_after": self.memory.rss(),
                "duration": duration,
            }
        )

    def advice_facts_json(self, budget: float = GARBAGE_BUDGET) -> str:
        """What the advisor needs beyond the variables (schema: AdviceFacts), as JSON."""
        # The garbage first: the other measurements leave small cycles of their own.
        return self._facts_json(cyclic_garbage(size_of_all, budget))

    def closing_facts_json(self) -> str:
        """`advice_facts_json` for a kernel that ends next (the command line's, after its last
        cell): the garbage is found by collecting it, in milliseconds (`collected_garbage`)."""
        return self._facts_json(collected_garbage(size_of_all, GARBAGE_BUDGET))

    def _facts_json(self, garbage: dict[str, Any]) -> str:
        user_ns = self.shell.user_ns
        hidden = self.shell.user_ns_hidden
        names = [
            (name, value)
            for name, value in dict.items(user_ns)
            if type(name) is str and not name.startswith("_") and name not in hidden
        ]
        return json.dumps(
            {
                "resources": open_resources(names),
                "malloc": malloc_state(),
                "torch_cuda": torch_cuda(),
                "garbage": garbage,
            }
        )

    def start(self) -> None:
        """Register the cell hooks and announce the probe to the kernel's clients."""
        self.gc.install()
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
        self.gc.uninstall()
        self.heap.configure(False, self.config["nframes"])
        self.memory.close()
        self.watch.tree.close()


def _retire_others(shell: Any) -> list[Any]:
    """Stop any other copy of the probe on `shell`; returns its record listeners to keep."""
    listeners: list[Any] = []
    for hook in list(shell.events.callbacks.get("post_run_cell", ())):
        owner = getattr(hook, "__self__", None)
        retire = getattr(owner, "retire", None) if type(owner).__name__ == "CellWatch" else None
        if callable(retire):
            listeners.extend(owner.listeners)
            retire()
    return listeners


def install(shell: Any) -> Probe:
    """Install the probe in `shell`, replacing an earlier installation of any copy."""
    global _active  # noqa: PLW0603  (one probe per process, owned by this module)
    uninstall()
    listeners = _retire_others(shell)
    probe = Probe(shell)
    probe.watch.listeners.extend(listeners)
    probe.watch.retire = uninstall
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

"""How much memory the kernel may use, and how much the machine has.

A container's limit (cgroup v2 ``memory.max``, v1 ``memory.limit_in_bytes``) or the
``MEM_LIMIT`` that JupyterHub's spawners set is what the kernel is killed at: the panel warns
against it. Both are read from small files that can change (a container resized, memory taken
by other processes), but reading them costs more than a third of a millisecond, longer than many
cells take: a record carries a reading at most `Recent.seconds` old.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable

LIMIT_SECONDS = 5.0
"""How old the memory limit in a record may be: containers are resized rarely."""
HOST_SECONDS = 1.0
"""How old the machine's available memory in a record may be."""

# cgroup v1 reports "no limit" as a huge page-aligned number rather than "max".
_V1_UNLIMITED = 1 << 62


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    except (OSError, ValueError):
        return None


def _own_cgroup_dirs(root: str) -> tuple[str | None, str | None]:
    """The process's cgroup v2 directory (from the ``0::/path`` line) and v1 memory-controller
    directory, if any."""
    text = _read(root + "/proc/self/cgroup") or ""
    v2 = v1 = None
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hierarchy, controllers, path = parts
        if hierarchy == "0" and controllers == "":
            v2 = os.path.normpath(root + "/sys/fs/cgroup" + path)
        elif "memory" in controllers.split(","):
            v1 = os.path.normpath(root + "/sys/fs/cgroup/memory" + path)
    return v2, v1


def _v2_limit(directory: str, top: str) -> int | None:
    # The tightest memory.max on the way up from the process's cgroup to the root applies.
    limits = []
    while directory.startswith(top):
        value = _read(os.path.join(directory, "memory.max"))
        if value is not None and value != "max" and value.isdigit():
            limits.append(int(value))
        if directory == top:
            break
        directory = os.path.dirname(directory)
    return min(limits) if limits else None


def memory_limit(root: str = "") -> dict[str, Any]:
    """The kernel's memory limit and where it came from (schema: MemoryLimit).

    `root` is where /proc and /sys are found: "" but in tests.
    """
    v2, v1 = _own_cgroup_dirs(root)
    if v2 is not None:
        limit = _v2_limit(v2, root + "/sys/fs/cgroup")
        if limit is not None:
            return {"bytes": limit, "source": "cgroup2"}
    for directory in (v1, root + "/sys/fs/cgroup/memory"):
        if directory is None:
            continue
        value = _read(os.path.join(directory, "memory.limit_in_bytes"))
        if value is not None and value.isdigit() and int(value) < _V1_UNLIMITED:
            return {"bytes": int(value), "source": "cgroup1"}
    env = os.environ.get("MEM_LIMIT", "").strip()
    if env.isdigit() and int(env) > 0:
        return {"bytes": int(env), "source": "env"}
    return {"bytes": None, "source": None}


def host_memory() -> dict[str, int | None]:
    """The machine's total and available memory (schema: HostMemory)."""
    total = available = None
    for line in (_read("/proc/meminfo") or "").splitlines():
        name, _, rest = line.partition(":")
        fields = rest.split()
        if not fields or not fields[0].isdigit():
            continue
        if name == "MemTotal":
            total = int(fields[0]) * 1024
        elif name == "MemAvailable":
            available = int(fields[0]) * 1024
    return {"total": total, "available": available}


class Recent:
    """A reading taken again once it is `seconds` old; each call answers a copy."""

    def __init__(self, read: Callable[[], dict[str, Any]], seconds: float) -> None:
        self._read = read
        self.seconds = seconds
        self._value: dict[str, Any] | None = None
        self._taken = 0.0

    def __call__(self) -> dict[str, Any]:
        now = time.monotonic()
        if self._value is None or now - self._taken >= self.seconds:
            self._value = self._read()
            self._taken = now
        return dict(self._value)

"""The memory a kernel is killed for: its cgroup's usage against the group's limit, or the host's.

A container's limit applies to everything in the group (the server, every kernel, their
children), so the share of a limit compares the group's usage with it, never one process's. A
process is killed when the nearest group with a limit is full: that group is the one read here.
Without a group limit, the host's available memory is what runs out.

Read by the server (the out-of-memory guard, the cause of a kernel's death) and by the command
line's watcher; never by the probe, which has its own stdlib reading of the limit.
"""

from __future__ import annotations

import dataclasses
import os

V1_ROOT = "/sys/fs/cgroup/memory"
V2_ROOT = "/sys/fs/cgroup"

# cgroup v1 writes "no limit" as a huge page-aligned number rather than "max".
_V1_UNLIMITED = 1 << 62

GROUP = "group"
HOST = "host"


@dataclasses.dataclass(frozen=True)
class MemoryReading:
    """One reading of the memory that a process can run out of.

    `scope` is ``group`` (a cgroup with a limit: `usage` is the group's, `limit` its limit,
    `oom_kills` its out-of-memory kill counter) or ``host`` (`usage` is total minus available).
    """

    scope: str
    usage: int
    limit: int
    oom_kills: int | None = None
    path: str = ""

    @property
    def share(self) -> float:
        """The fraction of the limit in use."""
        return self.usage / self.limit if self.limit > 0 else 0.0

    def as_json(self) -> dict[str, object]:
        """The reading as records and stream events carry it (schema: MemoryReading)."""
        return {
            "scope": self.scope,
            "usage": self.usage,
            "limit": self.limit,
            "oom_kills": self.oom_kills,
        }


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    except (OSError, ValueError):
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def _counter(path: str, name: str) -> int | None:
    """A ``name value`` line of a flat-keyed cgroup file (memory.oom_control, memory.events)."""
    for line in (_read(path) or "").splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            return _int(value.strip())
    return None


def cgroup_dirs(pid: int | str = "self") -> tuple[str | None, str | None]:
    """The process's cgroup v2 directory and v1 memory-controller directory, where mounted."""
    v2 = v1 = None
    for line in (_read(f"/proc/{pid}/cgroup") or "").splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "" and os.path.isfile(os.path.join(V2_ROOT + path, "memory.max")):
            v2 = V2_ROOT + path
        elif "memory" in controllers.split(",") and os.path.isdir(V1_ROOT + path):
            v1 = V1_ROOT + path
    return v2, v1


def _ancestors(directory: str, root: str) -> list[str]:
    found = []
    while directory.startswith(root):
        found.append(directory)
        if directory == root:
            break
        directory = os.path.dirname(directory)
    return found


def _v1_group(directory: str) -> MemoryReading | None:
    # The nearest group on the way up that has a limit is the one whose fullness kills.
    for path in _ancestors(directory, V1_ROOT):
        limit = _int(_read(os.path.join(path, "memory.limit_in_bytes")))
        if limit is None or limit >= _V1_UNLIMITED:
            continue
        usage = _int(_read(os.path.join(path, "memory.usage_in_bytes")))
        if usage is None:
            return None
        kills = _counter(os.path.join(path, "memory.oom_control"), "oom_kill")
        return MemoryReading(GROUP, usage, limit, kills, path)
    return None


def _v2_group(directory: str) -> MemoryReading | None:
    for path in _ancestors(directory, V2_ROOT):
        limit = _int(_read(os.path.join(path, "memory.max")))
        if limit is None:
            continue  # "max", or the root, which has no memory.max
        usage = _int(_read(os.path.join(path, "memory.current")))
        if usage is None:
            return None
        kills = _counter(os.path.join(path, "memory.events"), "oom_kill")
        return MemoryReading(GROUP, usage, limit, kills, path)
    return None


def host_reading() -> MemoryReading | None:
    """The machine's memory in use (total minus available) against its total."""
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
    if total is None or available is None:
        return None
    return MemoryReading(HOST, total - available, total)


class GroupReader:
    """Reads the memory that the process `pid` can run out of: found once, read each call.

    Finding the group walks /proc and the cgroup tree; reading it afterwards is two or three
    small files (tens of microseconds), cheap enough for every live reading.
    """

    def __init__(self, pid: int | str = "self") -> None:
        v2, v1 = cgroup_dirs(pid)
        self._v2 = v2
        self._v1 = v1

    def read(self) -> MemoryReading | None:
        """The group's reading, else the host's; None where neither can be read."""
        reading = None
        if self._v2 is not None:
            reading = _v2_group(self._v2)
        if reading is None and self._v1 is not None:
            reading = _v1_group(self._v1)
        return reading or host_reading()

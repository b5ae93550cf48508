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
import time

# Where the kernel shows cgroups and processes, under a root that is "" but in tests.
V1_ROOT = "/sys/fs/cgroup/memory"
V2_ROOT = "/sys/fs/cgroup"
PROC = "/proc"

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
    # When it was read (time.monotonic()): how far apart the guard's readings are.
    taken: float = 0.0

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


def cgroup_dirs(pid: int | str = "self", root: str = "") -> tuple[str | None, str | None]:
    """The process's cgroup v2 directory and v1 memory-controller directory, where mounted.

    /proc/<pid>/cgroup has a ``0::/path`` line for the v2 hierarchy and a
    ``N:memory[,...]:/path`` line for v1's memory controller; the paths are relative to the
    hierarchies' mounts (to the container's own group where it has a cgroup namespace).
    """
    v2 = v1 = None
    for line in (_read(f"{root}{PROC}/{pid}/cgroup") or "").splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        hierarchy, controllers, path = parts
        v2_dir = os.path.normpath(root + V2_ROOT + path)
        v1_dir = os.path.normpath(root + V1_ROOT + path)
        if hierarchy == "0" and controllers == "":
            if os.path.isfile(os.path.join(v2_dir, "memory.max")):
                v2 = v2_dir
        elif "memory" in controllers.split(",") and os.path.isdir(v1_dir):
            v1 = v1_dir
    return v2, v1


def _ancestors(directory: str, root: str) -> list[str]:
    found = []
    while directory.startswith(root):
        found.append(directory)
        if directory == root:
            break
        directory = os.path.dirname(directory)
    return found


def _v1_group(directory: str, root: str) -> MemoryReading | None:
    # The nearest group on the way up that has a limit is the one whose fullness kills.
    for path in _ancestors(directory, root + V1_ROOT):
        limit = _int(_read(os.path.join(path, "memory.limit_in_bytes")))
        if limit is None or limit >= _V1_UNLIMITED:
            continue
        usage = _int(_read(os.path.join(path, "memory.usage_in_bytes")))
        if usage is None:
            return None
        kills = _counter(os.path.join(path, "memory.oom_control"), "oom_kill")
        return MemoryReading(GROUP, usage, limit, kills, path)
    return None


def _v2_group(directory: str, root: str) -> MemoryReading | None:
    for path in _ancestors(directory, root + V2_ROOT):
        limit = _int(_read(os.path.join(path, "memory.max")))
        if limit is None:
            continue  # "max", or the root, which has no memory.max
        usage = _int(_read(os.path.join(path, "memory.current")))
        if usage is None:
            return None
        kills = _counter(os.path.join(path, "memory.events"), "oom_kill")
        return MemoryReading(GROUP, usage, limit, kills, path)
    return None


def host_reading(root: str = "") -> MemoryReading | None:
    """The machine's memory in use (total minus available) against its total."""
    total = available = None
    for line in (_read(f"{root}{PROC}/meminfo") or "").splitlines():
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
    small files (tens of microseconds), cheap enough for every live reading. `root` is where
    /proc and /sys are found: "" but in tests.
    """

    def __init__(self, pid: int | str = "self", root: str = "") -> None:
        v2, v1 = cgroup_dirs(pid, root)
        self._v2 = v2
        self._v1 = v1
        self._root = root

    def read(self) -> MemoryReading | None:
        """The group's reading, else the host's; None where neither can be read."""
        now = time.monotonic()
        reading = None
        if self._v2 is not None:
            reading = _v2_group(self._v2, self._root)
        if reading is None and self._v1 is not None:
            reading = _v1_group(self._v1, self._root)
        reading = reading or host_reading(self._root)
        return None if reading is None else dataclasses.replace(reading, taken=now)

"""A real memory limit for tests: a child of the test process's own cgroup v1 memory group.

Whatever writes its pid into the child's ``cgroup.procs`` (and everything it starts after that)
is held to the child's limit and killed by the kernel's out-of-memory killer past it. Tests that
need one skip where no writable cgroup v1 memory controller exists (not root, or cgroup v2 only).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

V1_ROOT = Path("/sys/fs/cgroup/memory")


def own_memory_group() -> Path | None:
    """The test process's cgroup v1 memory group, when it exists and we may make children."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            group = V1_ROOT / path.lstrip("/")
            if group.is_dir() and os.access(group, os.W_OK):
                return group
    return None


NO_CGROUP = "needs a writable cgroup v1 memory controller (root, /sys/fs/cgroup/memory)"


@contextlib.contextmanager
def memory_cgroup(limit: int) -> Iterator[Path]:
    """A fresh child memory group limited to `limit` bytes; removed once its processes end."""
    parent = own_memory_group()
    if parent is None:
        pytest.skip(NO_CGROUP)
    group = parent / f"jmi-test-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        (group / "memory.limit_in_bytes").write_text(str(limit))
        yield group
    finally:
        _remove(group)


def join(group: Path, pid: int | None = None) -> None:
    """Move `pid` (this process by default) into `group`."""
    (group / "cgroup.procs").write_text(str(pid or os.getpid()))


def oom_kills(group: Path) -> int:
    """The group's out-of-memory kill counter."""
    for line in (group / "memory.oom_control").read_text().splitlines():
        name, _, value = line.partition(" ")
        if name == "oom_kill":
            return int(value)
    raise AssertionError(f"no oom_kill counter in {group}")


def _remove(group: Path, within: float = 30.0) -> None:
    # rmdir fails while the group holds a process: the ones a test started may take a moment
    # to be reaped; past the deadline, what is left is moved out and the group removed anyway.
    deadline = time.monotonic() + within
    while (group / "cgroup.procs").read_text().split() and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in (group / "cgroup.procs").read_text().split():
        with contextlib.suppress(OSError):
            join(group.parent, int(pid))
    group.rmdir()

"""A real memory limit for tests: a child of the test process's own cgroup v1 memory group.

Whatever writes its pid into the child's ``cgroup.procs`` (and everything it starts after that)
is held to the child's limit and killed by the kernel's out-of-memory killer past it. Tests that
need one skip where no writable cgroup v1 memory controller exists (not root, or cgroup v2 only).
`kernel_in_group` starts a test server's kernel inside such a group, as in a container.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from lab_client import LabLikeClient, get_json, poll, start_kernel

from jupyterlab_memory_inspector.server.kernel_channels import own_client
from jupyterlab_memory_inspector.text import MiB

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


# The limit of the tests' kernels, in a group of their own.
LIMIT = 700 * MiB

# 25 MiB at a time towards 2 GiB, a tenth of a second apart (reading a file, say): far past
# the limit unless something stops it.
GROW = (
    "import time\n"
    "for _ in range(80):\n"
    "    chunks.append(bytearray(25 * 2**20))\n"
    "    time.sleep(0.1)"
)

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


@contextlib.asynccontextmanager
async def kernel_in_group(jp_fetch, jp_serverapp) -> AsyncIterator[tuple[str, LabLikeClient, Path]]:
    """A kernel started inside a fresh 700 MiB memory group, and a client that runs cells."""
    with memory_cgroup(LIMIT) as group:
        # The server forks the kernel while handling the request: the kernel is born in the
        # group, and the server goes back to its own group right after.
        join(group)
        try:
            kernel_id = await start_kernel(jp_fetch)
        finally:
            join(group.parent)
        client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
        try:
            await poll(
                lambda: get_json(jp_fetch, "memory-inspector", "kernels", kernel_id),
                lambda monitor: monitor["state"] == "active" and monitor["group"] is not None,
                "the monitor active with a reading of the kernel's group",
            )
            yield kernel_id, client, group
        finally:
            client.close()
            await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id, now=True)


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

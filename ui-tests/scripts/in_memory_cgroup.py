"""Run a command inside a fresh memory cgroup (v1) with a limit, as a container would hold it.

    python scripts/in_memory_cgroup.py 734003200 jupyter lab --port=...

The group is a child of this process's own memory group; the command and everything it starts
count against the limit. SIGTERM and SIGINT are passed on to the command; once it and its
processes have ended, the group is removed. Exits with the command's status.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path


def own_group() -> Path:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            return Path("/sys/fs/cgroup/memory") / path.lstrip("/")
    raise SystemExit("no cgroup v1 memory controller")


def main() -> int:
    limit, command = sys.argv[1], sys.argv[2:]
    group = own_group() / f"jmi-ui-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    try:
        (group / "memory.limit_in_bytes").write_text(limit)
        child = subprocess.Popen(
            command,
            # Only the child writes its own pid, before exec: no lock of ours is involved.
            preexec_fn=lambda: (group / "cgroup.procs").write_text(str(os.getpid())),  # noqa: PLW1509
        )
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda number, _: child.send_signal(number))
        status = child.wait()
    finally:
        deadline = time.monotonic() + 30
        while (group / "cgroup.procs").read_text().split() and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in (group / "cgroup.procs").read_text().split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        while (group / "cgroup.procs").read_text().split() and time.monotonic() < deadline + 10:
            time.sleep(0.1)
        group.rmdir()
    return status


if __name__ == "__main__":
    sys.exit(main())

"""cgroup v2: finding a process's group from /proc/<pid>/cgroup's ``0::/path`` line and reading
its memory.max, memory.current and memory.events, in the server's reader (memory_group.py) and
the probe's (probe/limits.py).

A real cgroup v2 group is not available here: this machine mounts cgroup v1 only (its tests
with a real group and a real out-of-memory kill are test_oom_guard_*.py). These tests lay out a
directory as the kernel lays out its cgroup2 and proc files (a limit of "max" or a number of
bytes, ``name value`` lines in memory.events, no memory.max at the hierarchy's root) and point
the readers' root at it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyterlab_memory_inspector.memory_group import GROUP, HOST, GroupReader
from jupyterlab_memory_inspector.probe.limits import memory_limit
from jupyterlab_memory_inspector.text import MiB

PID = 4242
LIMIT = 700 * MiB

MEMINFO = "MemTotal:       16318284 kB\nMemFree:         1203456 kB\nMemAvailable:   12000000 kB\n"

# As a 6.x kernel writes it; oom_kill is the count of processes its OOM killer killed.
EVENTS = "low 0\nhigh 0\nmax 17\noom 2\noom_kill {kills}\noom_group_kill 0\n"

STAT = "anon 601882624\nfile 41377792\nkernel 9457664\nshmem 0\ninactive_file 20971520\n"


def lay_out(root: Path, cgroup_file: str, groups: dict[str, dict[str, str]]) -> str:
    """/proc/self/cgroup and /proc/PID/cgroup with `cgroup_file`, /proc/meminfo, and each group
    under /sys/fs/cgroup with its files; returns the root to give the readers."""
    for pid in ("self", str(PID)):
        (root / "proc" / pid).mkdir(parents=True)
        (root / "proc" / pid / "cgroup").write_text(cgroup_file)
    (root / "proc" / "meminfo").write_text(MEMINFO)
    hierarchy = root / "sys" / "fs" / "cgroup"
    # The root group: controllers and statistics, but no memory.max or memory.current.
    hierarchy.mkdir(parents=True)
    (hierarchy / "cgroup.controllers").write_text("cpuset cpu io memory hugetlb pids rdma misc\n")
    (hierarchy / "memory.stat").write_text(STAT)
    for path, files in groups.items():
        directory = hierarchy / path.strip("/")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "cgroup.procs").write_text("")
        (directory / "memory.stat").write_text(STAT)
        for name, text in files.items():
            (directory / name).write_text(text)
    return str(root)


def group(limit: str, usage: int = 0, kills: int = 0) -> dict[str, str]:
    return {
        "memory.max": limit + "\n",
        "memory.current": f"{usage}\n",
        "memory.events": EVENTS.format(kills=kills),
    }


@pytest.fixture(autouse=True)
def no_mem_limit_variable(monkeypatch):
    monkeypatch.delenv("MEM_LIMIT", raising=False)


def test_the_nearest_group_with_a_limit_on_the_way_up_is_read(tmp_path):
    root = lay_out(
        tmp_path,
        "0::/system.slice/jupyter.service/kernel-1\n",
        {
            "/system.slice": group("max", 3000 * MiB),
            "/system.slice/jupyter.service": group(str(LIMIT), 650 * MiB, kills=1),
            "/system.slice/jupyter.service/kernel-1": group("max", 400 * MiB),
        },
    )
    reading = GroupReader(PID, root).read()
    assert reading is not None
    assert (reading.scope, reading.usage, reading.limit) == (GROUP, 650 * MiB, LIMIT)
    assert reading.oom_kills == 1
    assert reading.path == f"{root}/sys/fs/cgroup/system.slice/jupyter.service"
    assert reading.as_json() == {
        "scope": GROUP,
        "usage": 650 * MiB,
        "limit": LIMIT,
        "oom_kills": 1,
    }
    assert memory_limit(root) == {"bytes": LIMIT, "source": "cgroup2"}


def test_a_limit_on_the_process_own_group_and_a_looser_one_above(tmp_path):
    root = lay_out(
        tmp_path,
        "0::/kubepods.slice/pod-a/container-b\n",
        {
            "/kubepods.slice": group(str(8192 * MiB), 5000 * MiB, kills=3),
            "/kubepods.slice/pod-a": group("max", 700 * MiB),
            "/kubepods.slice/pod-a/container-b": group(str(1024 * MiB), 700 * MiB),
        },
    )
    reading = GroupReader(PID, root).read()
    # The process is killed when its own group is full: that group is read, not the pod slice.
    assert (reading.usage, reading.limit, reading.oom_kills) == (700 * MiB, 1024 * MiB, 0)
    assert memory_limit(root) == {"bytes": 1024 * MiB, "source": "cgroup2"}


def test_a_tighter_limit_above_is_the_probes_limit(tmp_path):
    root = lay_out(
        tmp_path,
        "0::/user.slice/session-2.scope\n",
        {
            "/user.slice": group(str(LIMIT), 300 * MiB),
            "/user.slice/session-2.scope": group(str(2048 * MiB), 300 * MiB),
        },
    )
    assert memory_limit(root) == {"bytes": LIMIT, "source": "cgroup2"}


def test_a_container_with_its_own_cgroup_namespace_reads_the_mounts_root(tmp_path):
    # Docker and Kubernetes on cgroup v2: the container sees its own group as "/", mounted at
    # /sys/fs/cgroup, and that group has the container's memory.max.
    root = lay_out(tmp_path, "0::/\n", {})
    for name, text in group(str(LIMIT), 512 * MiB, kills=2).items():
        (tmp_path / "sys" / "fs" / "cgroup" / name).write_text(text)
    reading = GroupReader(PID, root).read()
    assert (reading.scope, reading.usage, reading.limit, reading.oom_kills) == (
        GROUP,
        512 * MiB,
        LIMIT,
        2,
    )
    assert memory_limit(root) == {"bytes": LIMIT, "source": "cgroup2"}


def test_without_a_limit_up_to_the_root_the_host_is_read(tmp_path):
    root = lay_out(
        tmp_path,
        "0::/user.slice/user-0.slice/session-1.scope\n",
        {
            "/user.slice": group("max", 900 * MiB),
            "/user.slice/user-0.slice": group("max", 900 * MiB),
            "/user.slice/user-0.slice/session-1.scope": group("max", 200 * MiB),
        },
    )
    reading = GroupReader(PID, root).read()
    assert reading.scope == HOST
    assert reading.limit == 16318284 * 1024
    assert reading.usage == (16318284 - 12000000) * 1024
    assert reading.oom_kills is None
    assert memory_limit(root) == {"bytes": None, "source": None}


def test_memory_events_without_an_oom_kill_line_leave_the_counter_unknown(tmp_path):
    # Kernels before 4.13 write memory.events without oom_kill.
    root = lay_out(tmp_path, "0::/jail\n", {"/jail": group(str(LIMIT), 100 * MiB)})
    (tmp_path / "sys/fs/cgroup/jail/memory.events").write_text("low 0\nhigh 0\nmax 0\noom 0\n")
    reading = GroupReader(PID, root).read()
    assert (reading.scope, reading.limit, reading.oom_kills) == (GROUP, LIMIT, None)


def test_the_other_processes_group_is_read_not_the_readers_own(tmp_path):
    root = lay_out(
        tmp_path, "0::/server\n", {"/server": group("max"), "/kernel": group(str(LIMIT), 9 * MiB)}
    )
    (tmp_path / "proc" / str(PID) / "cgroup").write_text("0::/kernel\n")
    assert GroupReader(PID, root).read().usage == 9 * MiB
    assert GroupReader("self", root).read().scope == HOST


def test_a_hybrid_system_reads_v1s_memory_controller_when_v2_has_no_memory_files(tmp_path):
    # systemd's hybrid layout: the memory controller is bound to v1, the unified hierarchy
    # holds the same path without memory files.
    root = lay_out(tmp_path, "12:memory:/jupyter\n1:name=systemd:/jupyter\n0::/jupyter\n", {})
    (tmp_path / "sys/fs/cgroup/jupyter").mkdir()
    v1 = tmp_path / "sys/fs/cgroup/memory/jupyter"
    v1.mkdir(parents=True)
    (v1 / "memory.limit_in_bytes").write_text(f"{LIMIT}\n")
    (v1 / "memory.usage_in_bytes").write_text(f"{300 * MiB}\n")
    (v1 / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 4\n")
    reading = GroupReader(PID, root).read()
    assert (reading.usage, reading.limit, reading.oom_kills) == (300 * MiB, LIMIT, 4)
    assert memory_limit(root) == {"bytes": LIMIT, "source": "cgroup1"}

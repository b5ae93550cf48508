"""What a descendant adds to the tree when its memory is not yet, or no longer, what was read.

Both readers are checked, the probe's (`read_tree`) and the server's (`tree_reader`), with this
test process in the kernel's place and real children of it: one made by vfork and held before
it execs, one forked, read, then turned into another program by exec. The server's reader gives
only the tree's sum: what this process's other children (if any) add is read before.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import pytest
from polling import wait_for

from jupyterlab_memory_inspector.probe.procmem import ProcessMemory
from jupyterlab_memory_inspector.probe.proctree import OwnChildren, PrivateMemory, read_tree
from jupyterlab_memory_inspector.server import proctree as server_tree
from jupyterlab_memory_inspector.text import MiB

HELD = 300 * MiB


@pytest.fixture(scope="module", autouse=True)
def held() -> Iterator[bytearray]:
    """Memory this process holds, every page written: what a child sharing it would show."""
    page = os.sysconf("SC_PAGE_SIZE")
    block = bytearray(HELD)
    block[::page] = b"x" * len(block[::page])
    yield block


@contextlib.contextmanager
def child_in_our_memory(fifo: Path) -> Iterator[int]:
    """A child made by glibc's posix_spawn (clone with CLONE_VM and CLONE_VFORK, as subprocess
    makes its children), held before its exec by a file action that opens a FIFO no one writes
    to yet. Called through ctypes, which lets go of the GIL (os.posix_spawn keeps it)."""
    os.mkfifo(fifo)
    libc = ctypes.CDLL(None, use_errno=True)
    spawned = ctypes.c_int(0)

    def spawn() -> None:
        # This thread waits in posix_spawn until the child has exec'd.
        actions = ctypes.create_string_buffer(512)
        libc.posix_spawn_file_actions_init(actions)
        libc.posix_spawn_file_actions_addopen(actions, 3, bytes(fifo), os.O_RDONLY, 0)
        argv = (ctypes.c_char_p * 2)(b"true", None)
        environ = (ctypes.c_char_p * 1)(None)
        libc.posix_spawn(ctypes.byref(spawned), b"/bin/true", actions, None, argv, environ)
        libc.posix_spawn_file_actions_destroy(actions)

    children = OwnChildren()
    before = set(children.read())
    spawner = threading.Thread(target=spawn, daemon=True)
    spawner.start()
    try:
        assert wait_for(lambda: set(children.read()) - before)
        (pid,) = set(children.read()) - before
        yield pid
    finally:
        # A writer lets its open return, now or when it gets there: it execs and ends. O_RDWR
        # never waits for a reader.
        writer = os.open(fifo, os.O_RDWR)
        spawner.join(30)
        os.close(writer)
        os.waitpid(spawned.value, 0)


def test_a_child_that_runs_in_the_kernels_memory_adds_nothing_to_the_probes_tree(
    tmp_path: Path,
):
    with child_in_our_memory(tmp_path / "hold") as pid:
        reading = read_tree(OwnChildren(), ProcessMemory().rss(), PrivateMemory(), refresh=True)
        # Its smaps_rollup shows this process's pages as its own: 300 MiB and more.
        assert reading.children[pid] < 10 * MiB


def test_a_child_that_runs_in_the_kernels_memory_adds_nothing_to_the_servers_tree(
    tmp_path: Path,
):
    read = server_tree.tree_reader(os.getpid())
    assert read is not None
    others = read(0) or 0
    with child_in_our_memory(tmp_path / "hold"):
        assert (read(0) or 0) - others < 10 * MiB


@contextlib.contextmanager
def forked_then_execd(ready: Path) -> Iterator[tuple[int, Callable[[], object]]]:
    """A fork of this process and its cue: then it runs exec, into a program that holds 100 MiB
    of its own and then writes `ready`."""
    go_read, go_write = os.pipe()
    program = (
        "import sys, time; b = bytearray(100 << 20); b[::4096] = b'x' * len(b[::4096]); "
        "open(sys.argv[1], 'w').close(); time.sleep(60)"
    )
    pid = os.fork()
    if pid == 0:
        # The copy only waits for its cue, then becomes another program: no cleanup runs here.
        os.read(go_read, 1)
        os.execv(sys.executable, [sys.executable, "-c", program, str(ready)])
    os.close(go_read)
    try:
        yield pid, lambda: os.write(go_write, b"x")
    finally:
        os.close(go_write)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.mark.parametrize("refresh", [True, False], ids=["sampler", "hook"])
def test_a_child_that_execd_since_it_was_read_is_read_again_by_the_probe(
    refresh: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Only the exec may make it read the child's smaps_rollup again, not the time since.
    monkeypatch.setattr(PrivateMemory, "REFRESH_FACTOR", 1e9)
    own, private = OwnChildren(), PrivateMemory()
    rss = ProcessMemory().rss()
    ready = tmp_path / "ready"
    with forked_then_execd(ready) as (pid, go):
        # A fork shares this process's 300 MiB: it holds little of its own.
        assert read_tree(own, rss, private, refresh=True).children[pid] < 50 * MiB
        go()
        assert wait_for(ready.exists, timeout=30)
        # Its resident memory is now less than what it shared at that read: read again, also
        # by a cell's hook, which otherwise only estimates.
        assert read_tree(own, rss, private, refresh=refresh).children[pid] >= 100 * MiB


def test_a_child_that_execd_since_it_was_read_is_read_again_by_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(server_tree, "REFRESH_FACTOR", 1e9)
    read = server_tree.tree_reader(os.getpid())
    assert read is not None
    others = read(0) or 0
    ready = tmp_path / "ready"
    with forked_then_execd(ready) as (_, go):
        assert (read(0) or 0) - others < 50 * MiB
        go()
        assert wait_for(ready.exists, timeout=30)
        assert (read(0) or 0) - others >= 100 * MiB

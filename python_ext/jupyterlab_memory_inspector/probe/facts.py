"""What the advisor needs to know beyond the variables, gathered only when the user asks.

Open files and sockets in the namespace, memory that glibc keeps after ``del`` (``malloc_trim``
can give it back), PyTorch's CUDA cache, and what ``gc.collect()`` would free: each is measured
here without changing anything in the kernel, so that the suggestion's estimate is honest.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import io
import mmap
import os
import platform
import socket
import sys
import time
from typing import Any, Callable

# The bytes a set of objects keeps alive, counting shared buffers once; None if out of time.
SizeOfAll = Callable[[list[Any]], "int | None"]

# Exact C-implemented types whose `closed`/`fileno` are their own getters, not user code.
_FILE_TYPES = (
    io.TextIOWrapper,
    io.BufferedReader,
    io.BufferedWriter,
    io.BufferedRandom,
    io.BufferedRWPair,
    io.FileIO,
)

# Beyond this many tracked objects, finding the unreachable ones takes seconds: say so instead.
GARBAGE_OBJECT_LIMIT = 3_000_000


def open_resources(names: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """User names bound to open files, sockets or memory maps."""
    found = []
    for name, value in names:
        cls = type(value)
        try:
            if cls in _FILE_TYPES and not cls.closed.__get__(value):
                found.append(_resource(name, value, "file", _file_name(value)))
            elif cls is socket.socket and socket.socket.fileno(value) != -1:
                found.append(_resource(name, value, "socket", ""))
            elif cls is mmap.mmap and not mmap.mmap.closed.__get__(value):
                found.append(_resource(name, value, "mmap", "", size=mmap.mmap.__len__(value)))
        except (OSError, ValueError, AttributeError):
            continue
    return found


def _resource(name: str, value: Any, kind: str, detail: str, size: int = 0) -> dict[str, Any]:
    cls = type(value)
    return {
        "name": name,
        "kind": kind,
        "type": f"{cls.__module__}.{cls.__qualname__}",
        "detail": detail,
        "size": size,
    }


def _file_name(value: Any) -> str:
    # TextIOWrapper and the buffered types expose `name` through their raw FileIO, all in C.
    try:
        name = type(value).name.__get__(value)
    except (AttributeError, ValueError):
        return ""
    return name if type(name) is str else ""


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (field, ctypes.c_size_t)
        for field in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _anonymous_rss() -> int | None:
    """Resident memory not backed by files (statm: resident minus shared)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            fields = handle.read().split()
        return (int(fields[1]) - int(fields[2])) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@functools.lru_cache(maxsize=1)
def _mallinfo2() -> Callable[[], _MallInfo2] | None:
    """glibc's mallinfo2, looked up once (each lookup leaves ctypes objects in a cycle)."""
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        function = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return None
    function.restype = _MallInfo2
    return function


def malloc_state() -> dict[str, Any] | None:
    """glibc's view of the heap, and how much ``malloc_trim(0)`` could give back; None if not
    glibc 2.33+ (``mallinfo2``).

    ``fordblks`` (free bytes in the heap) stays the same after a trim, which only returns the
    pages: the estimate is bounded by the anonymous RSS that live allocations do not explain,
    so a heap that was trimmed already stops asking for it.
    """
    mallinfo2 = _mallinfo2()
    if mallinfo2 is None:
        return None
    info = mallinfo2()
    anonymous = _anonymous_rss()
    in_use = info.uordblks + info.hblkhd
    trimmable = info.fordblks if anonymous is None else min(info.fordblks, anonymous - in_use)
    return {
        "free": int(info.fordblks),
        "in_use": int(in_use),
        "trimmable": max(0, int(trimmable)),
    }


def torch_cuda() -> dict[str, int] | None:
    """PyTorch's CUDA cache, if the user's code already initialised CUDA (never initialise it)."""
    torch = sys.modules.get("torch")
    cuda = getattr(torch, "cuda", None) if torch is not None else None
    if cuda is None:
        return None
    try:
        if not cuda.is_initialized():
            return None
        reserved = int(cuda.memory_reserved())
        allocated = int(cuda.memory_allocated())
    except Exception:  # noqa: BLE001  (a broken or partial torch install must not break advice)
        return None
    return {"reserved": reserved, "allocated": allocated, "cached": max(0, reserved - allocated)}


def cyclic_garbage(size_of_all: SizeOfAll, budget: float) -> dict[str, Any]:
    """What ``gc.collect()`` would free now, found by the collector's own method without
    collecting: objects whose references all come from other tracked objects, and everything
    reachable only from them, are unreachable garbage.

    Returns ``{"objects", "bytes", "complete"}``; ``complete`` is false (and the figures are
    None) when the heap is too large for the budget.
    """
    deadline = time.perf_counter() + budget
    objects = gc.get_objects()
    if len(objects) > GARBAGE_OBJECT_LIMIT:
        return dict(_INCOMPLETE)
    try:
        garbage = _unreachable(objects, deadline)
        return dict(_INCOMPLETE) if garbage is None else _sized(garbage, size_of_all, deadline)
    finally:
        # Drop every reference this function took before returning.
        objects.clear()


def collected_garbage(size_of_all: SizeOfAll, budget: float) -> dict[str, Any]:
    """What ``gc.collect()`` frees, found by running it, for a kernel that ends next (the
    command line's, after its last cell), the same figures as `cyclic_garbage`.

    The collector's pass in C takes milliseconds where `cyclic_garbage`'s walk in Python takes
    a tenth of a second on a kernel that just started, and more with the heap. It is not
    without effects, so it is only for a kernel that nobody uses after it: the finalizers and
    weak reference callbacks of the garbage run now rather than at the kernel's exit.
    ``DEBUG_SAVEALL`` keeps the garbage in ``gc.garbage`` instead of freeing it, to be sized.
    """
    deadline = time.perf_counter() + budget
    flags = gc.get_debug()
    kept = len(gc.garbage)
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
    finally:
        gc.set_debug(flags)
    garbage = gc.garbage[kept:]
    # Back to unreachable cycles, as they were: the kernel's exit frees them.
    del gc.garbage[kept:]
    try:
        return _sized(garbage, size_of_all, deadline)
    finally:
        garbage.clear()


_INCOMPLETE: dict[str, Any] = {"objects": None, "bytes": None, "complete": False}


def _sized(garbage: list[Any], size_of_all: SizeOfAll, deadline: float) -> dict[str, Any]:
    freed = _freed_with(garbage, deadline)
    total = size_of_all(freed) if freed is not None else None
    if total is None:
        return dict(_INCOMPLETE)
    return {"objects": len(garbage), "bytes": total, "complete": True}


def _unreachable(objects: list[Any], deadline: float) -> list[Any] | None:
    index = {id(obj): position for position, obj in enumerate(objects)}
    inside = [0] * len(objects)
    for position, obj in enumerate(objects):
        if position % 4096 == 0 and time.perf_counter() > deadline:
            return None
        for referent in gc.get_referents(obj):
            target = index.get(id(referent))
            if target is not None:
                inside[target] += 1
    # sys.getrefcount counts its own argument and our `objects` list: 2 references of ours.
    # The loop variables would be a third for the last objects they saw.
    obj = referent = None
    reachable = [
        sys.getrefcount(objects[position]) - 2 - inside[position] > 0
        for position in range(len(objects))
    ]
    stack = [position for position, root in enumerate(reachable) if root]
    while stack:
        if len(stack) % 4096 == 0 and time.perf_counter() > deadline:
            return None
        for referent in gc.get_referents(objects[stack.pop()]):
            target = index.get(id(referent))
            if target is not None and not reachable[target]:
                reachable[target] = True
                stack.append(target)
    return [objects[position] for position, alive in enumerate(reachable) if not alive]


def _freed_with(garbage: list[Any], deadline: float) -> list[Any] | None:
    """The garbage, plus untracked objects (arrays, strings) that only the garbage holds."""
    held: dict[int, list[Any]] = {}
    tracked = {id(obj) for obj in garbage}
    for obj in garbage:
        if time.perf_counter() > deadline:
            return None
        for referent in gc.get_referents(obj):
            if id(referent) not in tracked and not gc.is_tracked(referent):
                entry = held.setdefault(id(referent), [referent, 0])
                entry[1] += 1
    # The loop variables would count as one more holder of the last object they saw.
    obj = referent = None
    freed = list(garbage)
    for entry in held.values():
        # Ours: the `entry` list and getrefcount's argument. Any reference beyond those and
        # the garbage's means something alive still holds the object.
        if sys.getrefcount(entry[0]) - 2 == entry[1]:
            freed.append(entry[0])
    return freed

"""Runs inside a kernel that has the probe: what each part of its cell hooks costs.

`probe_overhead.py` sends this file's source with a call appended, through silent requests
(which fire no cell hook) into a namespace of their own, never the user's:

- ``instrument()`` wraps each call that ``CellWatch.pre_run_cell`` and ``CellWatch._finish``
  make with a timer of wall time and of the main thread's CPU time, in this kernel only and
  without touching the probe's code (instance and module attributes shadow the originals); the
  benchmark then runs real cells, so each part is timed where it runs, right after a cell, with
  the kernel's other threads awake (wall time beyond CPU time is time spent waiting: for the
  GIL, which a file read releases, or for the operating system);
- ``collect()`` restores the originals and answers the timings;
- ``profile_scan(n)`` profiles n namespace scans with cProfile, whose own cost inflates
  functions called often: its figures are shares, not durations;
- ``gc_callback_us(collections, repeat)`` times what the probe's collector callback adds to
  each collection, with CPython calling it (the info dict it builds for callbacks included):
  runs of ``gc.collect(0)`` on an empty youngest generation with the callback and without,
  alternated; the only work of the probe's while a cell runs (with the VmHWM peak there is no
  sampling thread);
- ``gc_callback_ab(rounds, pairs)`` runs the user's ``churn`` with and without that callback,
  alternated in this one kernel, and a second time without it in each pair: the "without again"
  runs show how far two runs of the same code differ here (the noise the A/B sits in).
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import statistics
import sys
import time
import types
from typing import Any, Callable

PROBE_PACKAGE = "_jupyterlab_memory_inspector_probe"
STATE = "_memory_inspector_benchmark_timers"
PROFILE_TOP = 12
ENCODE = "post: publish: the record's JSON, of the items' kept texts"
PUBLISH = "post: publish (session.send)"
SERIALIZE = "post: publish: JSON + HMAC (session.serialize)"
# Timed only inside their parent part, which includes them.
SUBPARTS = {SERIALIZE: PUBLISH}


def _watch() -> Any:
    return sys.modules[PROBE_PACKAGE].active().watch


def _targets() -> list[tuple[object, str, str]]:
    """(owner, attribute, label) of every call the hooks make, in the order they make them."""
    watch = _watch()
    memory = watch._memory
    return [
        (watch._publisher, "parent_msg_id", "pre and post: request id"),
        (watch._gc, "start_cell", "pre: gc counters reset"),
        (watch._heap, "start_cell", "pre: tracemalloc check"),
        (memory, "start_cell", "pre: session peak, VmHWM reset, RSS"),
        (memory, "end_cell", "post: peak and RSS (VmHWM, VmRSS)"),
        (watch._heap, "report", "post: tracemalloc report"),
        (watch._gc, "report", "post: gc report"),
        (watch, "_limit", "post: memory limit (cgroup files, every 5 s)"),
        (watch, "_host", "post: host memory (/proc/meminfo, every 1 s)"),
        (watch._scanner, "scan", "post: namespace scan"),
        (watch, "_content", ENCODE),
        (watch._publisher, "send", PUBLISH),
        (
            watch._shell.kernel.session,
            "serialize",
            "post: publish: JSON + HMAC (session.serialize)",
        ),
    ]


def instrument() -> None:
    """Time every part of the hooks from now on."""
    state = types.ModuleType(STATE)
    state.samples = {}  # type: ignore[attr-defined]
    state.restore = []  # type: ignore[attr-defined]
    stack: list[str] = []
    for owner, attribute, label in _targets():
        original = getattr(owner, attribute)
        own = attribute in vars(owner)
        state.restore.append((owner, attribute, original if own else None))  # type: ignore[attr-defined]
        samples = state.samples.setdefault(label, [])  # type: ignore[attr-defined]
        setattr(owner, attribute, _timed(original, label, samples, stack))
    sys.modules[STATE] = state


def _timed(
    original: Callable[..., Any],
    label: str,
    samples: list[tuple[float, float]],
    stack: list[str],
) -> Callable[..., Any]:
    parent = SUBPARTS.get(label)

    def timed(*args: Any, **kwargs: Any) -> Any:
        # Only top-level calls count, and sub-parts inside their parent: start_cell reads the
        # RSS too, and session.serialize also serves the kernel's own messages.
        counted = not stack if parent is None else stack[-1:] == [parent]
        stack.append(label)
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started, time.thread_time() - cpu
            stack.pop()
            if counted:
                samples.append(elapsed)

    return timed


def collect(cells: int) -> dict[str, Any]:
    """Restore the originals; per part, its mean wall and CPU µs per cell (means add up,
    medians do not), its median wall µs per call and its calls per cell."""
    state = sys.modules.pop(STATE)
    for owner, attribute, original in reversed(state.restore):
        if original is None:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, original)
    return {
        label: {
            "wall_us_per_cell": sum(wall for wall, _ in samples) * 1e6 / cells,
            "cpu_us_per_cell": sum(cpu for _, cpu in samples) * 1e6 / cells,
            "median_wall_us_per_call": (
                statistics.median(wall for wall, _ in samples) * 1e6 if samples else 0.0
            ),
            "calls_per_cell": len(samples) / cells,
        }
        for label, samples in state.samples.items()
    }


def profile_scan(repeat: int) -> list[dict[str, Any]]:
    """The functions where the namespace scan spends its time, by own time."""
    watch = _watch()
    shell, config = watch._shell, watch._config
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        watch._scanner.scan(shell, config["scan_budget"], config["max_variables"])
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values()) or 1.0
    rows = [
        {
            "function": f"{filename.rsplit('/', 1)[-1].rstrip('>')}:{line}({function})",
            "calls_per_scan": ncalls / repeat,
            "own_share": own / total,
            "cumulative_share": cumulative / total,
        }
        for (filename, line, function), (_, ncalls, own, cumulative, _) in stats.items()
    ]
    rows.sort(key=lambda row: -row["own_share"])
    return rows[:PROFILE_TOP]


def gc_callback_us(collections: int, repeat: int) -> float:
    """Median µs that the probe's collector callback adds to one collection."""
    callback = _watch()._gc._on_gc
    runs: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(repeat):
        for with_callback in (True, False):
            if not with_callback:
                gc.callbacks.remove(callback)
            try:
                started = time.perf_counter()
                for _ in range(collections):
                    gc.collect(0)
                runs[with_callback].append(time.perf_counter() - started)
            finally:
                if not with_callback:
                    gc.callbacks.append(callback)
    extra = statistics.median(runs[True]) - statistics.median(runs[False])
    return extra / collections * 1e6


def gc_callback_ab(rounds: int, pairs: int) -> dict[str, list[float]]:
    """Seconds of ``churn(rounds)`` with the probe's collector callback, without it and
    without it again, in an order that alternates (ABCCBA), so that drift cancels; the
    callback is put back."""
    callback = _watch()._gc._on_gc
    churn = _watch()._shell.user_ns["churn"]
    settings = ("with", "without", "without again")
    seconds: dict[str, list[float]] = {setting: [] for setting in settings}
    for index in range(pairs):
        for setting in settings if index % 2 == 0 else settings[::-1]:
            if setting != "with":
                gc.callbacks.remove(callback)
            try:
                seconds[setting].append(churn(rounds)[0])
            finally:
                if setting != "with":
                    gc.callbacks.append(callback)
    return seconds

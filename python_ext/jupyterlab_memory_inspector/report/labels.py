"""Wording shared by the renderings, so that a figure reads the same in each of them."""

from __future__ import annotations

from collections.abc import Mapping

from ..advice.suggestion import Confidence
from ..text import format_bytes, format_delta
from .model import DIED, KILLED, CellRun, Environment, GcActivity, KernelInfo, Report
from .outcome import fatal_run_text

STATUS_TEXT = {
    "ok": "ok",
    "error": "raised",
    "syntax_error": "syntax error",
    "empty": "empty",
}


def status_text(status: str) -> str:
    """The record's status in words."""
    return STATUS_TEXT.get(status, status)


def run_status_text(cell: CellRun) -> str:
    """The run's status in words; for the run the kernel died in, how and at what reading."""
    death = cell.record.get("death")
    if isinstance(death, Mapping):
        return fatal_run_text(death, cell.label)
    return status_text(cell.status)


def failed(cell: CellRun) -> bool:
    """Whether the run did not end well: it raised, or the kernel died in it."""
    return cell.status in ("error", "syntax_error", KILLED, DIED)


PEAK_METHOD_TEXT = {
    "vmhwm": "exactly (the kernel's high-water mark, reset before each cell)",
    "sampling": "by sampling while each cell ran (a short spike can be missed)",
    "endpoints": "only at the start and end of each cell (spikes in between are not seen)",
}


def peak_method_text(method: str | None) -> str:
    """How the peaks were measured, in words rather than the probe's method name."""
    return PEAK_METHOD_TEXT.get(method or "", "in a way this version does not know")


def format_duration(seconds: float) -> str:
    """``0.2 ms``, ``850 ms``, ``2.4 s``, ``3 min 05 s``."""
    if seconds < 0.0095:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_confidence(confidence: Confidence) -> str:
    """A fraction as a percentage, a word as it is, nothing as a dash."""
    if confidence is None:
        return "—"
    if isinstance(confidence, str):
        return confidence
    if 0 <= confidence <= 1:
        return f"{confidence:.0%}"
    return f"{confidence:g}"


def format_expected(expected: int | None) -> str:
    """Memory a suggestion is expected to return."""
    return "unknown" if expected is None else format_bytes(expected)


def gc_text(gc: GcActivity | None) -> str:
    """``gen0 3 · gen2 1, 120 freed, 4 ms`` or a dash when no collection ran."""
    if gc is None:
        return "—"
    runs = [f"gen{gen} {count}" for gen, count in enumerate(gc.collections) if count]
    if not runs:
        return "—"
    text = " · ".join(runs) + f", {gc.collected} freed"
    if gc.uncollectable:
        text += f", {gc.uncollectable} uncollectable"
    return text + f", {format_duration(gc.pause)}"


def kernel_text(kernel: KernelInfo) -> str:
    """``Python 3 (ipykernel) [python3]``."""
    return f"{kernel.display_name} [{kernel.name}]"


def environment_text(environment: Environment) -> str:
    """``Python 3.11.7 on linux, memory limit 2.00 GiB (cgroup2)``."""
    parts = []
    if environment.python:
        where = f" on {environment.platform}" if environment.platform else ""
        parts.append(f"Python {environment.python}{where}")
    parts.append(limit_text(environment))
    if environment.host_total is not None:
        parts.append(f"host memory {format_bytes(environment.host_total)}")
    return ", ".join(parts)


def limit_text(environment: Environment) -> str:
    """The memory limit and where it came from, or that none was found."""
    if environment.memory_limit is None:
        return "no memory limit found"
    source = f" ({environment.memory_limit_source})" if environment.memory_limit_source else ""
    return f"memory limit {format_bytes(environment.memory_limit)}{source}"


def summary_text(report: Report) -> str:
    """One sentence: runs, time, the memory of the kernel and its processes from start to
    end, the highest peak."""
    summary = report.summary
    if summary.runs == 0 or summary.tree_start is None or summary.tree_end is None:
        return "No cell runs were recorded."
    runs = f"{summary.runs} cell run{'s' if summary.runs != 1 else ''}"
    errors = f" ({summary.errors} raised)" if summary.errors else ""
    text = (
        f"{runs}{errors} in {format_duration(summary.duration)}; "
        f"memory {format_bytes(summary.tree_start)} → {format_bytes(summary.tree_end)} "
        f"({format_delta(summary.tree_end - summary.tree_start)})"
    )
    peak_cell = report.cell(summary.highest_tree_peak_run)
    if peak_cell is not None:
        text += f"; highest peak {peak_text(peak_cell)} in {peak_cell.label}"
    return text + "."


def peak_text(cell: CellRun) -> str:
    """The cell's peak, the process tree's; with workers, what the kernel alone reached."""
    tree = cell.tree
    if not tree.descendants:
        return format_bytes(tree.peak)
    workers = len(tree.descendants)
    return (
        f"{format_bytes(tree.peak)} with {workers} child process{'es' if workers != 1 else ''} "
        f"(the kernel alone {format_bytes(cell.peak)})"
    )


def compacted_text(compacted: int) -> str:
    """The note shown when the history dropped older runs, or an empty string."""
    if compacted <= 0:
        return ""
    runs = "run was" if compacted == 1 else "runs were"
    return f"The history was compacted: {compacted} older cell {runs} dropped and are not shown."

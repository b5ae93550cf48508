"""The one-line summary that ``%load_ext jupyterlab_memory_inspector`` prints after each cell.

Outside JupyterLab (plain IPython, a console, another notebook client) this line is the whole
user interface, so it says the three things that matter: the change, the peak above the start,
and the largest variable that the cell bound.
"""

from __future__ import annotations

from typing import Any, Callable

from .text import format_bytes

# How the peak was measured, when not exactly: words rather than the probe's method name.
_METHOD_WORDS = {
    "sampling": "sampled: a short spike can be missed",
    "endpoints": "start and end only",
}


def summary_line(record: dict[str, Any]) -> str:
    """One line: ``memory: +412 MiB; peak +1.00 GiB above start; largest new: df (...)``.

    The largest new variable is the largest name that the cell bound or rebound.
    """
    # The kernel's process tree (its workers and subprocesses too), where the probe read it.
    tree = record.get("tree") or {}
    before = tree.get("before", record["rss_before"])
    delta = tree["after"] - before if tree else record["rss_delta"]
    sign = "+" if delta >= 0 else ""
    parts = [
        f"memory: {sign}{format_bytes(delta)}",
        f"peak +{format_bytes(max(0, tree.get('peak', record['peak']) - before))} above start",
    ]
    children = sum(1 for process in tree.get("processes", ()) if not process.get("kernel"))
    if children:
        parts[-1] += f" with {children} child process{'es' if children != 1 else ''}"
    method = record.get("peak_method")
    if method != "vmhwm":
        parts[-1] += f" ({_METHOD_WORDS.get(str(method), method)})"
    new = [item for item in record.get("variables", {}).get("items", []) if item.get("new")]
    if new:
        largest = max(new, key=lambda item: item["size"])
        parts.append(
            f"largest new: {largest['name']} ({largest['type']}, {format_bytes(largest['size'])})"
        )
    return "; ".join(parts)


def printer(write: Callable[[str], Any]) -> Callable[[dict[str, Any]], None]:
    """A record listener that writes the summary line of each cell."""

    def print_summary(record: dict[str, Any]) -> None:
        if record.get("status") != "empty":
            write(summary_line(record) + "\n")

    return print_summary

"""The notebook side of a headless run: which kernel, which cells, their ids, their records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpecManager, NoSuchKernel
from nbformat import NotebookNode

from ..report.model import KernelInfo, first_line
from ..text import printable, shorten
from .messages import CHOOSE_KERNEL

METADATA_KEY = "memory_inspector"


class NotebookRunError(Exception):
    """The notebook could not be run to the end; the message is one line, for people."""


@dataclass
class HeadlessRun:
    """What a run produced, also when it stopped early (`failure` says why)."""

    notebook: NotebookNode
    kernel: KernelInfo
    probe: dict[str, Any] | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    records_by_cell: dict[int, dict[str, Any]] = field(default_factory=dict)
    failure: str | None = None
    interrupted: bool = False
    # The signal that stopped the run (SIGINT, SIGTERM), when one did.
    stopped_by: int | None = None
    facts: dict[str, Any] | None = None
    # What the out-of-memory guard did, one line per cell it stopped (see oom_guard).
    guarded: list[str] = field(default_factory=list)
    # Why the kernel died, when it did (schema: KernelDeath), and that in one line for people.
    death: dict[str, Any] | None = None
    death_text: str | None = None

    def sources(self) -> dict[str, str]:
        """Each cell's source by cell id, as the report wants it."""
        return {cell["id"]: cell["source"] for cell in self.notebook.cells if "id" in cell}


def resolve_kernel(notebook: NotebookNode, requested: str | None) -> KernelInfo:
    """The kernel to run: `requested`, else the notebook's, else the default Python kernel."""
    from_notebook = notebook.metadata.get("kernelspec", {}).get("name")
    name = requested or from_notebook or NATIVE_KERNEL_NAME
    specs = KernelSpecManager()
    try:
        spec = specs.get_kernel_spec(name)
    except NoSuchKernel:
        installed = ", ".join(sorted(specs.find_kernel_specs())) or "none"
        origin = "" if requested else CHOOSE_KERNEL
        raise NotebookRunError(
            f"no kernel named {name!r}{origin}; installed kernels: {installed}"
        ) from None
    if spec.language.lower() != "python":
        raise NotebookRunError(
            f"kernel {name!r} runs {spec.language}: the memory inspector needs a Python kernel"
        )
    return KernelInfo(name=name, display_name=spec.display_name, language=spec.language)


def cells_to_run(notebook: NotebookNode, skip_tag: str = "skip-execution") -> list[int]:
    """Indexes of the cells nbclient will execute: code cells with some source, not skipped.

    `skip_tag` is nbclient's ``skip_cells_with_tag``, whose default it repeats.
    """
    return [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        and cell.source.strip()
        and skip_tag not in cell.metadata.get("tags", [])
    ]


def describe_cell(cell: NotebookNode, index: int) -> str:
    """``cell [3] "x = load()"``: how messages name a cell."""
    count = cell.get("execution_count")
    label = f"[{count}]" if count is not None else f"#{index + 1}"
    line = printable(shorten(first_line(cell.get("source", "")), 60))
    return f'cell {label} "{line}"' if line else f"cell {label}"


def attach_records(notebook: NotebookNode, records_by_cell: Mapping[int, dict[str, Any]]) -> None:
    """Put each code cell's record in its metadata; cells that did not run carry none."""
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop(METADATA_KEY, None)
        if index in records_by_cell:
            cell.metadata[METADATA_KEY] = records_by_cell[index]

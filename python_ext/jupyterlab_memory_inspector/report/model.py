"""The report model: what a session did to a kernel's memory, ready for any rendering.

Records are read defensively beyond their core fields (times, RSS, peak): gc, limit, host and
variables arrived in a later version of the record, and a report of an older session or of a
probe from another version must still render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..advice.suggestion import Suggestion
from ..death_cause import OOM_KILL
from ..leaks import DEFAULT_TOLERANCE
from .outcome import RightSize, right_size
from .reruns import CellLeak, cell_leaks
from .tree import TreeFigures, tree_figures

# The status of the run the kernel died in: by the out-of-memory killer, or otherwise.
KILLED = "killed"
DIED = "died"

# Long first lines (a data literal, minified JSON) would swamp every rendering.
SOURCE_LINE_LIMIT = 200


@dataclass(frozen=True)
class KernelInfo:
    """The kernel that ran the notebook."""

    name: str
    display_name: str
    language: str


@dataclass(frozen=True)
class Environment:
    """Where the kernel ran: from the probe's announcement and the records' limit and host."""

    python: str | None
    platform: str | None
    peak_method: str | None
    memory_limit: int | None
    memory_limit_source: str | None
    host_total: int | None


@dataclass(frozen=True)
class TimelinePoint:
    """One cell run on the memory timeline."""

    run: int
    execution_count: int | None
    start: float
    end: float
    rss_before: int
    rss_after: int
    peak: int


@dataclass(frozen=True)
class GcActivity:
    """What the garbage collector did during one cell run."""

    collections: tuple[int, ...]
    collected: int
    uncollectable: int
    pause: float


@dataclass(frozen=True)
class CellRun:
    """One row per cell run; `record` is the probe's record as it came."""

    run: int
    cell_id: str | None
    execution_count: int | None
    source_line: str | None
    status: str
    start: float
    duration: float
    rss_before: int
    rss_after: int
    delta: int
    peak: int
    peak_above_start: int
    gc: GcActivity | None
    tree: TreeFigures
    record: Mapping[str, Any]

    @property
    def label(self) -> str:
        """How people know the run: its execution count as Jupyter shows it, or its position."""
        if self.execution_count is None:
            return f"run {self.run}"
        return f"[{self.execution_count}]"


@dataclass(frozen=True)
class Holder:
    """Something else that keeps a variable's object alive."""

    kind: str
    where: str


@dataclass(frozen=True)
class Variable:
    """One of the largest objects the namespace held at the end."""

    name: str
    kind: str
    type: str
    size: int
    exact: bool
    summary: str
    new: bool
    view_of: str | None
    holders: tuple[Holder, ...]


@dataclass(frozen=True)
class LargestVariables:
    """The last record's variables; `reported` is false when it carried none."""

    reported: bool
    partial: bool
    items: tuple[Variable, ...]


@dataclass(frozen=True)
class Summary:
    """The session at a glance; runs are numbered from 1, as in `CellRun.run`."""

    runs: int
    errors: int
    duration: float
    rss_start: int | None
    rss_end: int | None
    highest_peak: int | None
    highest_peak_run: int | None
    largest_delta_run: int | None
    highest_tree_peak: int | None
    highest_tree_peak_run: int | None
    tree_start: int | None
    tree_end: int | None


@dataclass(frozen=True)
class Report:
    """Everything every rendering shows; `compacted` counts older runs the history dropped."""

    notebook: str
    generated: str
    kernel: KernelInfo
    environment: Environment
    summary: Summary
    timeline: tuple[TimelinePoint, ...]
    cells: tuple[CellRun, ...]
    variables: LargestVariables
    suggestions: tuple[Suggestion, ...]
    compacted: int
    # The kernel's latest death, if it died (schema: KernelDeath).
    death: Mapping[str, Any] | None = None
    right_size: RightSize | None = None
    # Cells that ran more than once (a re-run, --repeat), with the leak rule's verdict.
    leaks: tuple[CellLeak, ...] = ()
    # Every death of the kernel in the session, oldest first.
    deaths: tuple[Mapping[str, Any], ...] = ()

    def cell(self, run: int | None) -> CellRun | None:
        """The cell run numbered `run`, if there is one."""
        if run is None or not 1 <= run <= len(self.cells):
            return None
        return self.cells[run - 1]


def build_report(
    *,
    notebook: str,
    kernel: KernelInfo,
    probe: Mapping[str, Any] | None,
    records: Sequence[Mapping[str, Any]],
    sources: Mapping[str, str],
    suggestions: Sequence[Suggestion | Mapping[str, Any]] = (),
    compacted: int = 0,
    generated: datetime | None = None,
    death: Mapping[str, Any] | None = None,
    leak_tolerance: int = DEFAULT_TOLERANCE,
    deaths: Sequence[Mapping[str, Any]] | None = None,
) -> Report:
    """The report of a session.

    `probe` is the probe's announcement (``memory_inspector_probe``), `records` the cell records
    oldest first, `sources` each cell's source by cell id, `suggestions` the advisor's (each with
    at least ``code``, ``reason``, ``expected_bytes`` and ``confidence``), and `compacted` how
    many older runs the history dropped before `records`; `death` the kernel's death that
    ended the session (schema: KernelDeath) and `deaths` every death of the session (by
    default `death` alone); cells that ran more than once are judged by the leak rule with
    `leak_tolerance`.
    """
    if compacted < 0:
        raise ValueError("compacted counts dropped runs: it cannot be negative")
    cells = tuple(_cell_run(n, record, sources) for n, record in enumerate(records, 1))
    if deaths is None:
        deaths = [] if death is None else [death]
    # The variables are the probe's: a record made after a death has none to tell.
    measured = [record for record in records if not record.get("from_live_readings")]
    when = generated or datetime.now(timezone.utc)
    return Report(
        notebook=notebook,
        generated=when.astimezone(timezone.utc).isoformat(timespec="seconds"),
        kernel=kernel,
        environment=_environment(probe or {}, records),
        summary=_summary(cells),
        timeline=tuple(_point(cell) for cell in cells),
        cells=cells,
        variables=_largest_variables(measured[-1] if measured else {}),
        suggestions=tuple(
            item if isinstance(item, Suggestion) else Suggestion.from_json(item)
            for item in suggestions
        ),
        compacted=compacted,
        death=dict(death) if death is not None else None,
        right_size=right_size(records, death),
        leaks=cell_leaks(cells, leak_tolerance),
        deaths=tuple(dict(each) for each in deaths),
    )


def first_line(source: str) -> str:
    """The first line of `source` that is not blank, stripped and cut to a readable length."""
    line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    if len(line) > SOURCE_LINE_LIMIT:
        return line[: SOURCE_LINE_LIMIT - 1] + "…"
    return line


def _cell_run(run: int, record: Mapping[str, Any], sources: Mapping[str, str]) -> CellRun:
    cell_id = _optional_str(record.get("cell_id"))
    source = sources.get(cell_id) if cell_id is not None else None
    rss_before = int(record["rss_before"])
    peak = int(record["peak"])
    return CellRun(
        run=run,
        cell_id=cell_id,
        execution_count=_optional_int(record.get("execution_count")),
        source_line=first_line(source) if source is not None else None,
        status=_status(record),
        start=float(record["start"]),
        duration=float(record["duration"]),
        rss_before=rss_before,
        rss_after=int(record["rss_after"]),
        delta=int(record["rss_delta"]),
        peak=peak,
        peak_above_start=max(0, peak - rss_before),
        # The collector was not watched in a run the kernel died in.
        gc=None if record.get("from_live_readings") else _gc_activity(record.get("gc")),
        tree=tree_figures(record),
        record=record,
    )


def _status(record: Mapping[str, Any]) -> str:
    death = record.get("death")
    if isinstance(death, Mapping):
        return KILLED if death.get("cause") == OOM_KILL else DIED
    return str(record.get("status", "ok"))


def _point(cell: CellRun) -> TimelinePoint:
    return TimelinePoint(
        run=cell.run,
        execution_count=cell.execution_count,
        start=cell.start,
        end=float(cell.record.get("end", cell.start + cell.duration)),
        rss_before=cell.rss_before,
        rss_after=cell.rss_after,
        peak=cell.peak,
    )


def _gc_activity(gc: Any) -> GcActivity | None:
    if not isinstance(gc, Mapping):
        return None
    return GcActivity(
        collections=tuple(int(n) for n in gc.get("collections") or ()),
        collected=int(gc.get("collected") or 0),
        uncollectable=int(gc.get("uncollectable") or 0),
        pause=float(gc.get("pause") or 0.0),
    )


def _environment(probe: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> Environment:
    limit: Mapping[str, Any] = {}
    host_total = None
    # The newest record that knows: a limit can be found (or changed) during the session.
    for record in reversed(records):
        candidate = record.get("limit")
        if not limit and isinstance(candidate, Mapping) and candidate.get("bytes") is not None:
            limit = candidate
        host = record.get("host")
        if host_total is None and isinstance(host, Mapping):
            host_total = _optional_int(host.get("total"))
        if limit and host_total is not None:
            break
    return Environment(
        python=_optional_str(probe.get("python")),
        platform=_optional_str(probe.get("platform")),
        peak_method=_optional_str(probe.get("peak_method")),
        memory_limit=_optional_int(limit.get("bytes")),
        memory_limit_source=_optional_str(limit.get("source")),
        host_total=host_total,
    )


def _summary(cells: Sequence[CellRun]) -> Summary:
    if not cells:
        return Summary(0, 0, 0.0, None, None, None, None, None, None, None, None, None)
    highest = max(cells, key=lambda cell: cell.peak)
    largest = max(cells, key=lambda cell: cell.delta)
    highest_tree = max(cells, key=lambda cell: cell.tree.peak)
    return Summary(
        runs=len(cells),
        errors=sum(1 for cell in cells if cell.status in ("error", "syntax_error")),
        duration=sum(cell.duration for cell in cells),
        rss_start=cells[0].rss_before,
        rss_end=cells[-1].rss_after,
        highest_peak=highest.peak,
        highest_peak_run=highest.run,
        largest_delta_run=largest.run,
        highest_tree_peak=highest_tree.tree.peak,
        highest_tree_peak_run=highest_tree.run,
        tree_start=cells[0].tree.before,
        tree_end=cells[-1].tree.after,
    )


def _largest_variables(record: Mapping[str, Any]) -> LargestVariables:
    report = record.get("variables")
    if not isinstance(report, Mapping):
        return LargestVariables(reported=False, partial=False, items=())
    return LargestVariables(
        reported=True,
        partial=bool(report.get("partial")),
        items=tuple(_variable(item) for item in report.get("items") or () if _is_map(item)),
    )


def _variable(item: Mapping[str, Any]) -> Variable:
    return Variable(
        name=str(item.get("name", "")),
        kind=str(item.get("kind", "name")),
        type=str(item.get("type", "")),
        size=int(item.get("size") or 0),
        exact=bool(item.get("exact", True)),
        summary=str(item.get("summary", "")),
        new=bool(item.get("new")),
        view_of=_optional_str(item.get("view_of")),
        holders=tuple(
            Holder(kind=str(holder.get("kind", "")), where=str(holder.get("where", "")))
            for holder in item.get("holders") or ()
            if _is_map(holder)
        ),
    )


def _is_map(value: Any) -> bool:
    return isinstance(value, Mapping)


def _optional_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)

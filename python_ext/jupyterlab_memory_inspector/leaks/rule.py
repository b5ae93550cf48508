"""The leak rule: a cell leaks when, run after run, it keeps more memory than the noise.

A cell's first run is not counted: it may build the state the notebook needs (load a frame,
define functions). Each later run that retains (RSS after minus RSS before) more than the
tolerance is a growth; a cell whose last ``MIN_GROWTHS`` runs or more all grew is said to keep
their mean each run. A cell that makes and frees a large temporary retains about nothing, so
its peak never counts: only what stays.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..text import MiB

# Measured by benchmarks/rerun_jitter.py: ordinary cells (a comprehension, a small frame-free
# computation, an import, a print, a 1 MiB temporary) re-run 40 times each in a real kernel
# retained at most 0.26 MiB in any run after their first (RSS moves in whole pages and with
# malloc's arenas). 2 MiB is several times that, and far below any leak worth a warning.
DEFAULT_TOLERANCE = 2 * MiB
MIN_GROWTHS = 2
# The server keeps this many runs per cell, and this many cells per kernel session.
RUNS_PER_CELL = 32
CELLS_PER_SESSION = 2000

Key = tuple[str, str, str]

OUTPUT_CACHE = "output_cache"
EXCEPTION = "exception"
VARIABLE = "variable"


@dataclass(frozen=True)
class RunMemory:
    """What one run of a cell did that the rule needs: kept, peaked, and who holds what."""

    retained: int
    peak: int
    raised: bool
    # (kind, name, type) -> bytes it grew by during the run; the output cache and the last
    # exception each count as one holder
    grown: Mapping[Key, int]

    @classmethod
    def from_record(cls, record: Mapping[str, Any], before: Mapping[Key, int]) -> RunMemory:
        """The run as the probe's record tells it; `before` is what the kernel's previous
        record (of any cell) said the holders held."""
        after = holdings(record)
        return cls(
            retained=int(record["rss_after"]) - int(record["rss_before"]),
            peak=int(record["peak"]),
            raised=record.get("status") in ("error", "syntax_error"),
            grown={
                key: size - before.get(key, 0)
                for key, size in after.items()
                if size > before.get(key, 0)
            },
        )


@dataclass(frozen=True)
class LeakHolder:
    """What most likely keeps the memory: the output cache, the last exception, or a name."""

    kind: str
    name: str
    type: str
    growth: int

    def to_json(self) -> dict[str, Any]:
        """As the API and the report carry it."""
        return {"kind": self.kind, "name": self.name, "type": self.type, "growth": self.growth}


@dataclass(frozen=True)
class LeakVerdict:
    """A cell's runs judged: `growth_per_run` is the mean retained by the runs after the first;
    `leaking` when the last `growths` (at least MIN_GROWTHS) runs each kept over `tolerance`,
    and then `keeps` is their mean."""

    runs: int
    retained: tuple[int, ...]
    peaks: tuple[int, ...]
    growth_per_run: int
    growths: int
    leaking: bool
    keeps: int
    tolerance: int
    holder: LeakHolder | None

    def to_json(self) -> dict[str, Any]:
        """As the API and the report carry it (see LeakVerdict in the schemas)."""
        return {
            "runs": self.runs,
            "retained": list(self.retained),
            "peaks": list(self.peaks),
            "growth_per_run": self.growth_per_run,
            "growths": self.growths,
            "leaking": self.leaking,
            "keeps": self.keeps,
            "tolerance": self.tolerance,
            "holder": None if self.holder is None else self.holder.to_json(),
        }


def judge(runs: Sequence[RunMemory], tolerance: int = DEFAULT_TOLERANCE) -> LeakVerdict:
    """The verdict on one cell's runs, oldest first."""
    later = [run.retained for run in runs[1:]]
    streak = 0
    for retained in reversed(later):
        if retained <= tolerance:
            break
        streak += 1
    leaking = streak >= MIN_GROWTHS
    return LeakVerdict(
        runs=len(runs),
        retained=tuple(run.retained for run in runs),
        peaks=tuple(run.peak for run in runs),
        growth_per_run=round(sum(later) / len(later)) if later else 0,
        growths=streak,
        leaking=leaking,
        keeps=round(sum(later[-streak:]) / streak) if leaking else 0,
        tolerance=tolerance,
        holder=_holder(runs) if leaking else None,
    )


def judge_records(
    records: Iterable[Mapping[str, Any]], tolerance: int = DEFAULT_TOLERANCE
) -> dict[str, LeakVerdict]:
    """Each cell's verdict by cell id, in the order the cells first ran; records without a
    cell id (a cell run from another frontend) cannot be matched to their earlier runs."""
    by_cell: dict[str, list[RunMemory]] = {}
    before: Mapping[Key, int] = {}
    for record in records:
        cell_id = record.get("cell_id")
        if isinstance(cell_id, str):
            by_cell.setdefault(cell_id, []).append(RunMemory.from_record(record, before))
        before = holdings(record)
    return {cell_id: judge(runs, tolerance) for cell_id, runs in by_cell.items()}


class CellRuns:
    """Each cell's latest runs in one kernel session, bounded, for the server's verdicts.

    A record of a new probe session (the kernel restarted) starts afresh: runs before a
    restart hold nothing any more.
    """

    def __init__(
        self,
        tolerance: int = DEFAULT_TOLERANCE,
        runs_per_cell: int = RUNS_PER_CELL,
        cells: int = CELLS_PER_SESSION,
    ) -> None:
        self.tolerance = tolerance
        self._runs_per_cell = runs_per_cell
        self._cells = cells
        self._session: object = None
        self._by_cell: OrderedDict[str, deque[RunMemory]] = OrderedDict()
        self._before: Mapping[Key, int] = {}

    def add(self, record: Mapping[str, Any]) -> LeakVerdict | None:
        """Keep the run of `record`; its cell's verdict, or None for a record without a cell."""
        session = record.get("probe_session")
        if session != self._session:
            self._session = session
            self._by_cell.clear()
            self._before = {}
        before, self._before = self._before, holdings(record)
        cell_id = record.get("cell_id")
        if not isinstance(cell_id, str):
            return None
        runs = self._by_cell.pop(cell_id, None) or deque(maxlen=self._runs_per_cell)
        runs.append(RunMemory.from_record(record, before))
        self._by_cell[cell_id] = runs
        while len(self._by_cell) > self._cells:
            self._by_cell.popitem(last=False)
        return judge(list(runs), self.tolerance)


def holdings(record: Mapping[str, Any]) -> dict[Key, int]:
    """What the record's largest variables held, by holder; a record without them, nothing."""
    held: dict[Key, int] = {}
    variables = record.get("variables")
    if not isinstance(variables, Mapping):
        return held
    for item in variables.get("items") or ():
        if not isinstance(item, Mapping):
            continue
        kind = str(item.get("kind", "name"))
        # Each run adds its own Out[n] or frame local: what grows is the cache as a whole.
        if kind == "output":
            key = (OUTPUT_CACHE, "Out", "")
        elif kind == "exception":
            key = (EXCEPTION, "sys.last_traceback", "")
        else:
            key = (VARIABLE, str(item.get("name", "")), str(item.get("type", "")))
        held[key] = held.get(key, 0) + int(item.get("size") or 0)
    return held


def _holder(runs: Sequence[RunMemory]) -> LeakHolder | None:
    """What grew most while the cell last ran; the last exception when the cell raised and
    nothing the probe sized grew."""
    if runs[-1].grown:
        (kind, name, type_name), growth = max(runs[-1].grown.items(), key=lambda item: item[1])
        return LeakHolder(kind, name, type_name, growth)
    if runs[-1].raised:
        return LeakHolder(EXCEPTION, "sys.last_traceback", "", 0)
    return None

"""The leak rule: a cell leaks when, run after run, it keeps more memory than the noise.

A cell's first run is not counted: it may build the state the notebook needs (load a frame,
define functions). A later run grows by the smaller of two figures: what it retained (RSS after
minus before), and how much higher RSS stands after it than after the cell's previous run, less
what the runs of other cells in between kept. The first alone would flag a cell whose memory
another cell frees before it runs again (``big = load()``, later ``del big``); the second
without the subtraction would flag every cell that runs after a leaking one. A run that grows
by more than the tolerance is a growth; a cell whose last ``MIN_GROWTHS`` runs or more all grew
is said to keep their mean each run. A cell that makes and frees a large temporary retains
about nothing, so its peak never counts: only what stays.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..text import MiB

# Measured by benchmarks/rerun_jitter.py (2026-12-06, 9 everyday cells run 40 times each in
# one kernel, figures in benchmarks/README.md): no run after a cell's first retained more than
# 0.93 MiB (a 1 MiB temporary whose pages malloc sometimes keeps; p95 0.46 MiB), the other
# cells at most 0.31 MiB. 2 MiB is twice the worst of them, and far below a leak worth a word.
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
    """What one run of a cell did that the rule needs; `growth` is None for the cell's first
    run, and `kept_after` is the sum of what every run of the session kept, up to this one."""

    retained: int
    rss_after: int
    peak: int
    raised: bool
    growth: int | None
    kept_after: int
    # (kind, name, type) -> bytes it grew by during the run; the output cache and the last
    # exception each count as one holder
    grown: Mapping[Key, int]


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
    """A cell's runs judged: `growth_per_run` is the mean growth of the runs after the first;
    `leaking` when the last `growths` (at least MIN_GROWTHS) runs each grew over `tolerance`,
    and then `keeps` is their mean growth."""

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
    later = [run.growth for run in runs[1:] if run.growth is not None]
    streak = 0
    for growth in reversed(later):
        if growth <= tolerance:
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
    """Each cell's verdict on all its runs, by cell id, in the order the cells first ran;
    records without a cell id (a cell run from another frontend) cannot be matched to their
    earlier runs."""
    runs = CellRuns(tolerance, runs_per_cell=None, cells=None)
    verdicts: dict[str, LeakVerdict] = {}
    for record in records:
        verdict = runs.add(record)
        if verdict is not None:
            verdicts[str(record["cell_id"])] = verdict
    return verdicts


class CellRuns:
    """Each cell's latest runs in one kernel session, for the verdicts; bounded for the server.

    A record of a new probe session (the kernel restarted) starts afresh: runs before a
    restart hold nothing any more.
    """

    def __init__(
        self,
        tolerance: int = DEFAULT_TOLERANCE,
        runs_per_cell: int | None = RUNS_PER_CELL,
        cells: int | None = CELLS_PER_SESSION,
    ) -> None:
        self.tolerance = tolerance
        self._runs_per_cell = runs_per_cell
        self._cells = cells
        self._session: object = None
        self._by_cell: OrderedDict[str, deque[RunMemory]] = OrderedDict()
        self._held: Mapping[Key, int] = {}
        # What every run of the session kept (the positive part of its growth, or of what a
        # first run retained): between two runs of a cell, what the others kept is the rise.
        self._kept = 0

    def add(self, record: Mapping[str, Any]) -> LeakVerdict | None:
        """Keep the run of `record`; its cell's verdict, or None for a record without a cell
        (or without the sizes the rule reads: nothing a record holds may stop the server)."""
        try:
            rss_before, rss_after, peak = (
                int(record[key]) for key in ("rss_before", "rss_after", "peak")
            )
        except (KeyError, TypeError, ValueError):
            return None
        session = record.get("probe_session")
        if session != self._session:
            self._session = session
            self._by_cell.clear()
            self._held, self._kept = {}, 0
        held, self._held = self._held, holdings(record)
        retained = rss_after - rss_before
        cell_id = record.get("cell_id")
        runs = self._by_cell.pop(cell_id, None) if isinstance(cell_id, str) else None
        growth = None
        if runs:
            previous = runs[-1]
            others = self._kept - previous.kept_after
            rise = rss_after - previous.rss_after - others
            # Memory a run returns is no negative leak: nothing grew.
            growth = max(0, min(retained, rise))
        self._kept += max(0, retained if growth is None else growth)
        if not isinstance(cell_id, str):
            return None
        run = RunMemory(
            retained=retained,
            rss_after=rss_after,
            peak=peak,
            raised=record.get("status") in ("error", "syntax_error"),
            growth=growth,
            kept_after=self._kept,
            grown={
                key: size - held.get(key, 0)
                for key, size in self._held.items()
                if size > held.get(key, 0)
            },
        )
        runs = runs or deque(maxlen=self._runs_per_cell)
        runs.append(run)
        self._by_cell[cell_id] = runs
        while self._cells is not None and len(self._by_cell) > self._cells:
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
        type_name = str(item.get("type", ""))
        cached = [
            str(holder.get("where", "Out"))
            for holder in item.get("holders") or ()
            if isinstance(holder, Mapping) and holder.get("kind") == "output_cache"
        ]
        # Each run adds its own Out[n] or frame local: what grows is the cache as a whole. A
        # name the cache holds too is freed by `del` only once the cache lets go: name that.
        if kind == "output":
            key = (OUTPUT_CACHE, "Out", "")
        elif kind == "exception":
            key = (EXCEPTION, "sys.last_traceback", "")
        elif cached:
            key = (OUTPUT_CACHE, cached[0], type_name)
        else:
            key = (VARIABLE, str(item.get("name", "")), type_name)
        size = item.get("size")
        if isinstance(size, int):
            held[key] = held.get(key, 0) + size
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

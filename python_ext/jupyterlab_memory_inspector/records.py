"""Typed shapes of what the probe sends and the server answers, as the JSON Schemas state them.

``schemas/cell-record.schema.json`` and ``schemas/api.schema.json`` are the definitions (the
frontend's types are generated from them); these mirror them for Python readers and type checks,
and ``tests/test_records.py`` keeps their keys equal to the schemas'.
"""

from __future__ import annotations

from typing import Any, TypedDict


class _HolderFields(TypedDict):
    kind: str
    where: str


class Holder(_HolderFields, total=False):
    """Something else that keeps a variable's object alive; the optional field came later."""

    hidden: bool


# Bytes one object holds together with another, counted once in the table ("with" is a
# keyword, hence the functional form).
SharedData = TypedDict("SharedData", {"with": str, "size": int, "counted_here": bool})


class _VariableFields(TypedDict):
    name: str
    kind: str
    type: str
    size: int
    exact: bool
    summary: str
    new: bool
    view_of: str | None
    holders: list[Holder]


class Variable(_VariableFields, total=False):
    """One of the largest things the user's namespace holds; the optional fields came later."""

    own: int
    shared: list[SharedData]
    hidden: bool


class VariablesReport(TypedDict):
    """The variable scan after a cell, and whether its time budget cut it short."""

    items: list[Variable]
    partial: bool
    scanned: int
    total: int
    elapsed: float
    budget: float


class GcReport(TypedDict):
    """What the garbage collector did during the cell."""

    enabled: bool
    thresholds: list[int]
    counts: list[int]
    frozen: int
    collections: list[int]
    collected: int
    uncollectable: int
    pause: float


class AllocationLine(TypedDict):
    """A source line that allocated during the cell (tracemalloc)."""

    line: int
    source: str
    size: int
    count: int


class HeapReport(TypedDict):
    """The traced Python heap while tracing is on."""

    start: int
    current: int
    peak: int
    nframes: int
    top_lines: list[AllocationLine]
    top_lines_note: str | None


class MemoryLimit(TypedDict):
    """The container's memory limit, and where it was read."""

    bytes: int | None
    source: str | None


class HostMemory(TypedDict):
    """The host's memory."""

    total: int | None
    available: int | None


class GroupMemory(TypedDict):
    """The memory a kernel can run out of: its group's, or the machine's (memory_group.py)."""

    scope: str
    usage: int
    limit: int
    oom_kills: int | None


class _OomGuardAdded(TypedDict, total=False):
    # Seconds between the two readings the guard decided on; None without an earlier one.
    interval: float | None


class OomGuard(_OomGuardAdded):
    """What the out-of-memory guard did in a cell (oom_guard.py)."""

    action: str
    scope: str
    usage: int
    limit: int
    threshold: float
    highest_after: int
    stopped: bool


class _KernelDeathEvidence(TypedDict, total=False):
    signal: str
    scope: str
    usage: int
    limit: int
    oom_kills: int | None
    cell_id: str | None
    execution_count: int | None
    msg_id: str | None


class KernelDeath(_KernelDeathEvidence):
    """Why the kernel died while a cell ran, from evidence (death_cause.py)."""

    cause: str
    evidence: str
    exit_code: int | None


class _AddedOutsideTheProbe(TypedDict, total=False):
    # Added by the server or the command line, never by the probe.
    oom_guard: OomGuard
    death: KernelDeath
    from_live_readings: bool


class TreeProcess(TypedDict):
    """One process of the kernel's tree."""

    pid: int
    name: str
    kernel: bool
    memory: int | None
    at_peak: int | None


class ProcessTree(TypedDict):
    """The kernel with its descendants: before, after and peak of the cell, and who held what."""

    before: int
    after: int
    peak: int
    method: str
    sample_interval: float
    processes: list[TreeProcess]


class _CellRecordAdditions(_AddedOutsideTheProbe, total=False):
    """Fields that records of earlier probes lack."""

    tree: ProcessTree


class CellRecord(_CellRecordAdditions):
    """What one cell run did to the kernel's memory (cell-record.schema.json)."""

    schema_version: int
    probe_session: str
    cell_id: str | None
    execution_count: int | None
    msg_id: str | None
    status: str
    raised: bool
    start: float
    end: float
    duration: float
    rss_before: int
    rss_after: int
    rss_delta: int
    peak: int
    peak_method: str
    probe_time: float
    gc: GcReport
    heap: HeapReport | None
    limit: MemoryLimit
    host: HostMemory
    variables: VariablesReport


class LeakHolder(TypedDict):
    """What most likely keeps a leaking cell's memory (leaks/rule.py)."""

    kind: str
    name: str
    type: str
    growth: int


class LeakVerdict(TypedDict):
    """The leak rule's verdict on one cell's runs in one kernel session."""

    runs: int
    retained: list[int]
    peaks: list[int]
    growth_per_run: int
    growths: int
    leaking: bool
    keeps: int
    tolerance: int
    holder: LeakHolder | None


class _RecordEntry(TypedDict):
    seq: int
    record: CellRecord


class RecordEntry(_RecordEntry, total=False):
    """A record as the server keeps it: numbered within its history; `leak` when its cell has
    run more than once in the kernel's session."""

    leak: LeakVerdict


class ProbeConfig(TypedDict):
    """The probe's settings in one kernel."""

    tracing: bool
    nframes: int
    scan_budget: float
    max_variables: int


class KernelSettings(ProbeConfig):
    """A kernel's settings: the probe's, and the server's live sampling interval."""

    sample_interval: float


class ProbeInfo(TypedDict):
    """What the probe announces when it is installed."""

    probe_version: str
    probe_session: str
    pid: int
    hostname: str
    python: str
    platform: str
    peak_method: str
    rss_available: bool
    rss: int
    config: ProbeConfig


class _SampleGroup(TypedDict, total=False):
    group: GroupMemory | None


class _SampleAdditions(_SampleGroup, total=False):
    """Fields that samples of earlier servers lack."""

    tree: int


class Sample(_SampleAdditions):
    """One live reading of the kernel's memory."""

    time: float
    memory: int
    probe_session: str | None


class _LifecycleDeath(TypedDict, total=False):
    death: KernelDeath


class LifecycleEvent(_LifecycleDeath):
    """Something that happened to the kernel: started, restarted, died, interrupted."""

    time: float
    event: str


class _LiveSourceWords(TypedDict, total=False):
    # The note's structured form, for the translator (api.schema.json: Message).
    messages: dict[str, Any]


class LiveSource(_LiveSourceWords):
    """How the server reads the kernel's memory while a cell runs."""

    source: str | None
    metric: str | None
    note: str
    interval: float


class _MonitorGroup(TypedDict, total=False):
    group: GroupMemory | None
    # The detail's structured form, for the translator (api.schema.json: Message).
    messages: dict[str, Any]


class Monitor(_MonitorGroup):
    """The server's view of one kernel."""

    kernel_id: str
    history_id: str
    state: str
    detail: str
    probe: ProbeInfo | None
    execution_state: str
    last_seq: int
    record_count: int
    live: LiveSource
    compacted: int
    lifecycle: list[LifecycleEvent]


class CollectReply(TypedDict):
    """What a full garbage collection in the kernel freed."""

    collected: int
    uncollectable: int
    rss_before: int
    rss_after: int
    duration: float


class AdviceFacts(TypedDict):
    """What the probe measures for the advice beyond the variables."""

    resources: list[dict[str, Any]]
    malloc: dict[str, Any] | None
    torch_cuda: dict[str, Any] | None
    garbage: dict[str, Any]


class ServerInfo(TypedDict):
    """The API that the server extension speaks."""

    api_version: int
    version: str

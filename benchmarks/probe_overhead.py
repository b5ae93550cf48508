"""What the probe costs a cell, beside no probe, ipython_memory_usage and tracemalloc tracing.

One kernel per variant, cells interleaved between them in a shuffled order each round, so that
drift of the machine (it is shared) falls on every variant alike:

- none: a plain kernel;
- probe: this extension's probe, installed with the very request the server sends;
- imu: ipython_memory_usage, started as its README says (``%load_ext``, ``%imu_start``);
- tracemalloc: ``tracemalloc.start(1)`` and nothing else.

Measured: the round trip of a ``pass`` cell at the client in namespaces of 10 to 10,000 small
variables and with a 10-million-row DataFrame; the probe's own ``probe_time`` and what each part
of its hooks costs; the slowdown of allocation-heavy code; and the share of a 300 MiB spike made
and freed while the GIL is held that each variant reports.

    python benchmarks/probe_overhead.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kernel_driver import (
    CellRun,
    Kernel,
    MiB,
    kernel_log,
    literal,
    log,
    machine,
    shutdown_kernels,
    start_kernels,
    write_results,
)
from overhead_report import (
    IMU,
    NONE,
    NONE_AGAIN,
    PROBE,
    TRACEMALLOC,
    VARIANTS,
    print_report,
)

SPIKE_BYTES = 300 * MiB
SPIKE_CELL = f"len(b'\\x01' * ({SPIKE_BYTES}))"

# Small values of mixed types, as a notebook's names hold: each name gets the next one.
_SMALL_VALUES = (
    "{i}",
    "{i}.5",
    "'text {i}'",
    "({i}, 'a')",
    "[{i}, {i} + 1, {i} + 2]",
    "{{'key': {i}, 'other': 'v{i}'}}",
    "None",
    "{i} * 10**20",
    "b'bytes {i}'",
    "{{{i}, {i} + 1}}",
)

# Dict, list, str and int churn: many small objects made and dropped, and containers kept alive
# long enough that the collector runs often (what the probe's gc callbacks see).
CHURN_FUNCTION = """
def churn(rounds):
    import time
    started, cpu = time.perf_counter(), time.thread_time()
    total = 0
    for r in range(rounds):
        table = {}
        for i in range(1000):
            key = str(i + r)
            table[key] = [i, i * 1000003 + r, key + "-x"]
        total += sum(len(value) for value in table.values())
        total += len(sorted(table)[:10])
    return time.perf_counter() - started, time.thread_time() - cpu
"""

# ipython_memory_usage reads the RSS with this call, once in its post_run_cell hook and in
# each turn of its sampling thread.
IMU_READING = (
    "import time, memory_profiler\n"
    "started = time.perf_counter()\n"
    "memory_profiler.memory_usage()\n"
    "result = time.perf_counter() - started"
)

HOOK_PARTS = Path(__file__).with_name("hook_parts.py")

IMU_LINE = re.compile(
    r"used (?P<used>-?[\d.]+) MiB RAM in .*?peaked (?P<peaked>-?[\d.]+) MiB above final usage"
)


@dataclass
class Settings:
    """How much of everything a run does."""

    rounds: int
    warmup: int
    dataframe_rows: int
    churn_warmup: int
    churn_rounds: int
    churn_seconds: float
    churn_ab_pairs: int
    spike_rounds: int
    part_cells: int
    scan_profiles: int


FULL = Settings(
    rounds=300,
    warmup=20,
    dataframe_rows=10_000_000,
    churn_warmup=2,
    churn_rounds=15,
    churn_seconds=1.0,
    churn_ab_pairs=40,
    spike_rounds=5,
    part_cells=100,
    scan_profiles=20,
)
QUICK = Settings(
    rounds=40,
    warmup=5,
    dataframe_rows=1_000_000,
    churn_warmup=1,
    churn_rounds=3,
    churn_seconds=0.3,
    churn_ab_pairs=6,
    spike_rounds=2,
    part_cells=20,
    scan_profiles=5,
)


@dataclass
class Scenario:
    """A namespace the round trips are measured in."""

    name: str
    variables: int
    dataframe: bool = False
    # The 100-variable kernels also run the churn and the spike (the default mode's cost).
    user_code: bool = False


SCENARIOS = (
    Scenario("10 variables", 10),
    Scenario("100 variables", 100, user_code=True),
    Scenario("1,000 variables", 1_000),
    Scenario("10,000 variables", 10_000),
    Scenario("DataFrame + 100 variables", 100, dataframe=True),
)


def variables_cell(count: int) -> str:
    """A cell binding `count` names ``v0``... to small values of mixed types."""
    return "\n".join(
        f"v{i} = " + _SMALL_VALUES[i % len(_SMALL_VALUES)].format(i=i) for i in range(count)
    )


def dataframe_cell(rows: int) -> str:
    """A cell making ``df``: an int, a float and an object column of distinct strings."""
    return (
        "import numpy as np\n"
        "import pandas as pd\n"
        "df = pd.DataFrame({\n"
        f"    'id': np.arange({rows}, dtype=np.int64),\n"
        f"    'value': np.random.default_rng(0).random({rows}),\n"
        f"    'label': pd.Series([f'label-{{i}}' for i in range({rows})], dtype=object),\n"
        "})"
    )


async def prepare(kernel: Kernel) -> None:
    """Turn the variant on, as its users do."""
    if kernel.label == PROBE:
        await kernel.install_probe()
    elif kernel.label == IMU:
        await kernel.run_ok("%load_ext ipython_memory_usage")
        await kernel.run_ok("%imu_start")
    elif kernel.label == TRACEMALLOC:
        await kernel.execute_silently("__import__('tracemalloc').start(1)")


async def fill(kernel: Kernel, scenario: Scenario, settings: Settings) -> dict[str, Any]:
    """Make the scenario's namespace; the probe's records of the cells that made it."""
    runs = [await kernel.run_ok(variables_cell(scenario.variables))]
    if scenario.dataframe:
        runs.append(await kernel.run_ok(dataframe_cell(settings.dataframe_rows)))
    return {"probe_time": [record["probe_time"] for run in runs for record in run.records]}


async def round_trips(
    kernels: list[Kernel], settings: Settings, rng: random.Random
) -> dict[str, dict[str, list[float]]]:
    """Round trips of ``pass`` cells, every variant once per round in a shuffled order."""
    figures: dict[str, dict[str, list[float]]] = {
        kernel.label: {"round_trip": [], "probe_time": [], "scan": [], "first_probe_time": []}
        for kernel in kernels
    }
    order = list(kernels)
    for round_index in range(settings.warmup + settings.rounds):
        rng.shuffle(order)
        for kernel in order:
            run = await kernel.run_ok("pass")
            mine = figures[kernel.label]
            if round_index == 0 and run.records:
                mine["first_probe_time"].append(run.records[0]["probe_time"])
            if round_index < settings.warmup:
                continue
            mine["round_trip"].append(run.round_trip)
            for record in run.records:
                mine["probe_time"].append(record["probe_time"])
                mine["scan"].append(record["variables"]["elapsed"])
    return figures


async def hook_parts(kernel: Kernel, settings: Settings) -> dict[str, Any]:
    """What each part of the probe's hooks costs, timed in real cells (see `hook_parts.py`)."""
    source = HOOK_PARTS.read_text("utf-8")
    profile = await kernel.call(source + f"\nresult = profile_scan({settings.scan_profiles})\n")
    gc_callback = await kernel.call(source + "\nresult = gc_callback_us(20_000, 15)\n")
    await kernel.call(source + "\ninstrument()\nresult = None\n")
    records = [(await kernel.run_ok("pass")).records[0] for _ in range(settings.part_cells)]
    parts = await kernel.call(source + f"\nresult = collect({settings.part_cells})\n")
    last = records[-1]["variables"]
    return {
        "parts": parts,
        "probe_time": [record["probe_time"] for record in records],
        "record_json_bytes": len(json.dumps(records[-1])),
        "scan_report": {key: last[key] for key in ("scanned", "total", "partial", "elapsed")},
        "scan_profile": profile,
        "gc_callback_us": gc_callback,
    }


async def churn(kernels: list[Kernel], settings: Settings, rng: random.Random) -> dict[str, Any]:
    """Seconds of the same allocation-heavy work in each variant, timed inside the kernel
    (wall clock, and the main thread's CPU time, which other tenants of the machine do not
    lengthen); the first rounds warm each kernel's heap and are left out."""
    for kernel in kernels:
        await kernel.run_ok(CHURN_FUNCTION)
    none = next(kernel for kernel in kernels if kernel.label == NONE)
    probe_rounds = 50
    for _ in range(settings.churn_warmup):
        wall, _, _ = await _churn_once(none, probe_rounds)
    rounds = max(1, round(probe_rounds * settings.churn_seconds / wall))
    figures = {kernel.label: {"wall": [], "cpu": [], "collections": []} for kernel in kernels}
    order = list(kernels)
    for index in range(settings.churn_warmup + settings.churn_rounds):
        rng.shuffle(order)
        for kernel in order:
            wall, cpu, run = await _churn_once(kernel, rounds)
            if index < settings.churn_warmup:
                continue
            mine = figures[kernel.label]
            mine["wall"].append(wall)
            mine["cpu"].append(cpu)
            for record in run.records:
                mine["collections"].append(sum(record["gc"]["collections"]))
    probe = next(kernel for kernel in kernels if kernel.label == PROBE)
    ab_rounds = max(1, rounds // 4)
    callback_ab = await probe.call(
        HOOK_PARTS.read_text("utf-8")
        + f"\nresult = gc_callback_ab({ab_rounds}, {settings.churn_ab_pairs})\n"
    )
    return {
        "rounds": rounds,
        "figures": figures,
        "ab_rounds": ab_rounds,
        "callback_ab": callback_ab,
    }


async def _churn_once(kernel: Kernel, rounds: int) -> tuple[float, float, CellRun]:
    run = await kernel.run_ok(
        f"churn_seconds = churn({rounds})", user_expressions={"s": "churn_seconds"}
    )
    wall, cpu = literal(run.reply["user_expressions"], "s")
    return wall, cpu, run


async def spike(kernels: list[Kernel], settings: Settings, rng: random.Random) -> dict[str, Any]:
    """The peak each variant reports for a cell whose 300 MiB live only while the GIL is held,
    above the cell's start, as a share of 300 MiB."""
    shares: dict[str, list[float | None]] = {kernel.label: [] for kernel in kernels}
    probe_records: list[dict[str, int]] = []
    order = list(kernels)
    for _ in range(settings.spike_rounds):
        rng.shuffle(order)
        for kernel in order:
            shares[kernel.label].append(await _spike_once(kernel, probe_records))
    return {"bytes": SPIKE_BYTES, "shares": shares, "probe_records": probe_records}


async def _spike_once(kernel: Kernel, probe_records: list[dict[str, int]]) -> float | None:
    if kernel.label == TRACEMALLOC:
        # The traced peak restarts from the traced size now; both read by silent requests,
        # which run no user code and fire no hook.
        start = await kernel.call(
            "import tracemalloc\ntracemalloc.reset_peak()\n"
            "result = tracemalloc.get_traced_memory()[0]"
        )
        run = await kernel.run_ok(SPIKE_CELL)
        peak = await kernel.call("import tracemalloc\nresult = tracemalloc.get_traced_memory()[1]")
        return (peak - start) / SPIKE_BYTES
    run = await kernel.run_ok(SPIKE_CELL)
    if kernel.label == PROBE:
        record = run.records[0]
        probe_records.append({key: record[key] for key in ("rss_before", "peak", "rss_after")})
        return (record["peak"] - record["rss_before"]) / SPIKE_BYTES
    if kernel.label == IMU:
        # It prints the peak above the cell's final RSS and the change from the previous
        # cell's end: the peak above the start is their sum (0 when it saw no higher sample).
        found = IMU_LINE.search(run.stdout)
        if found is None:
            raise ValueError(f"ipython_memory_usage printed no figures: {run.stdout!r}")
        peak_above_start = max(0.0, float(found["peaked"]) + float(found["used"]))
        return peak_above_start * MiB / SPIKE_BYTES
    return None


async def run_scenario(
    scenario: Scenario, settings: Settings, rng: random.Random, stderr: IO[str]
) -> dict[str, Any]:
    """Fresh kernels, the namespace, then the round trips (and the user code's cost)."""
    log(f"{scenario.name}: starting kernels")
    kernels = await start_kernels(list(VARIANTS), stderr)
    try:
        await asyncio.gather(*(prepare(kernel) for kernel in kernels))
        log(f"{scenario.name}: making the namespace")
        fills = await asyncio.gather(*(fill(kernel, scenario, settings) for kernel in kernels))
        log(f"{scenario.name}: round trips")
        result: dict[str, Any] = {
            "scenario": scenario.name,
            "variables": scenario.variables,
            "dataframe_rows": settings.dataframe_rows if scenario.dataframe else 0,
            "fill": {kernel.label: fill for kernel, fill in zip(kernels, fills)},
            "round_trips": await round_trips(kernels, settings, rng),
        }
        probe = next(kernel for kernel in kernels if kernel.label == PROBE)
        log(f"{scenario.name}: hook parts")
        result["hook_parts"] = await hook_parts(probe, settings)
        if scenario.user_code:
            imu = next(kernel for kernel in kernels if kernel.label == IMU)
            result["imu_reading_seconds"] = await imu.call(IMU_READING)
            log(f"{scenario.name}: allocation-heavy code")
            another = await start_kernels([NONE_AGAIN], stderr)
            try:
                result["churn"] = await churn(kernels + another, settings, rng)
            finally:
                await shutdown_kernels(another)
            log(f"{scenario.name}: GIL-held spike")
            result["spike"] = await spike(kernels, settings, rng)
        # The machine is shared: what else ran shows here.
        result["load_average"] = os.getloadavg()
        return result
    finally:
        await shutdown_kernels(kernels)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, a 1M-row DataFrame")
    parser.add_argument("--seed", type=int, default=1, help="seed of the interleaving order")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[scenario.name for scenario in SCENARIOS],
        help="only this namespace (repeat for more); all of them by default",
    )
    args = parser.parse_args()
    scenarios = [s for s in SCENARIOS if args.scenario is None or s.name in args.scenario]
    settings = QUICK if args.quick else FULL
    rng = random.Random(args.seed)
    started = time.perf_counter()
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "settings": settings.__dict__,
        "machine": machine(),
        "scenarios": [],
    }
    with kernel_log() as stderr:
        for scenario in scenarios:
            results["scenarios"].append(await run_scenario(scenario, settings, rng, stderr))
    results["seconds"] = time.perf_counter() - started
    print_report(results)
    path = write_results("probe_overhead-quick" if args.quick else "probe_overhead", results)
    print(f"\nRun time {results['seconds']:.0f} s; results in {path}")


if __name__ == "__main__":
    asyncio.run(main())

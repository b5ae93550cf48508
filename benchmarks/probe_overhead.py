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

from hook_parts import ENCODE, PUBLISH
from kernel_driver import (
    CellRun,
    Kernel,
    MiB,
    kernel_log,
    literal,
    log,
    machine,
    mean,
    median,
    quantile,
    shutdown_kernels,
    start_kernels,
    table,
    write_results,
)

NONE, PROBE, IMU, TRACEMALLOC = "none", "probe", "imu", "tracemalloc"
VARIANTS = (NONE, PROBE, IMU, TRACEMALLOC)
# A second kernel without any probe, in the churn only: how far two identical kernels differ.
NONE_AGAIN = "none, another kernel"

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
# The record's publication, and its serialization timed inside it (see hook_parts.py).
PUBLISH_PREFIX = "post: publish"
# Its parts that do not include each other.
PUBLISH_PARTS = (ENCODE, PUBLISH)

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


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f}"


def _rt_rows(scenarios: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for result in scenarios:
        trips = result["round_trips"]
        row = [result["scenario"]]
        for variant in VARIANTS:
            values = trips[variant]["round_trip"]
            row.append(f"{_ms(median(values))} / {_ms(quantile(values, 0.9))}")
        row.append(f"{result['load_average'][0]:.1f}")
        rows.append(row)
    return rows


def added(result: dict[str, Any], variant: str, q: float) -> float:
    """The variant's quantile `q` of round trips less the no-probe kernel's, same namespace."""
    trips = result["round_trips"]
    return quantile(trips[variant]["round_trip"], q) - quantile(trips[NONE]["round_trip"], q)


def _added_rows(scenarios: list[dict[str, Any]]) -> list[list[str]]:
    targets = {"100 variables": 1e-3, "10,000 variables": 30e-3}
    rows = []
    for result in scenarios:
        row = [result["scenario"]]
        for variant in VARIANTS[1:]:
            row.append(f"{_ms(added(result, variant, 0.5))} / {_ms(added(result, variant, 0.9))}")
        target = targets.get(result["scenario"])
        if target is None:
            row.append("")
        else:
            met = "met" if added(result, PROBE, 0.5) <= target else "MISSED"
            row.append(f"≤ {_ms(target)}: {met}")
        rows.append(row)
    return rows


def _probe_time_rows(scenarios: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for result in scenarios:
        probe = result["round_trips"][PROBE]
        fill_times = result["fill"][PROBE]["probe_time"]
        rows.append(
            [
                result["scenario"],
                f"{_ms(median(probe['probe_time']))} / {_ms(quantile(probe['probe_time'], 0.9))}",
                _ms(median(probe["scan"])),
                _ms(median(probe["probe_time"]) - median(probe["scan"])),
                _ms(added(result, PROBE, 0.5) - median(probe["probe_time"])),
                _ms(fill_times[-1]) if fill_times else "",
                _ms(probe["first_probe_time"][0]) if probe["first_probe_time"] else "",
            ]
        )
    return rows


def _parts_rows(scenarios: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    headers = ["part: µs per cell, mean wall / CPU"] + [r["scenario"] for r in scenarios]
    labels = list(scenarios[0]["hook_parts"]["parts"])
    rows = [
        [label] + [f"{_part_us(r, label):.0f} / {_part_us(r, label, 'cpu'):.0f}" for r in scenarios]
        for label in labels
    ]
    # probe_time is taken before the record is published: the publication is outside it.
    inside = [label for label in labels if not label.startswith(PUBLISH_PREFIX)]
    totals = [sum(_part_us(r, label) for label in inside) for r in scenarios]
    probe_times = [mean(r["hook_parts"]["probe_time"]) * 1e6 for r in scenarios]
    publish = [sum(_part_us(r, label) for label in PUBLISH_PARTS) for r in scenarios]
    rows += [
        ["sum of the parts before publishing"] + [f"{total:.0f}" for total in totals],
        ["probe_time of the same cells (mean)"] + [f"{value:.0f}" for value in probe_times],
        ["rest of probe_time: the record's dict, the timers"]
        + [f"{value - total:.0f}" for value, total in zip(probe_times, totals)],
        ["hooks in all: probe_time + publish"]
        + [f"{value + sent:.0f}" for value, sent in zip(probe_times, publish)],
        ["record size, bytes of JSON"]
        + [str(r["hook_parts"]["record_json_bytes"]) for r in scenarios],
    ]
    return headers, rows


def _part_us(result: dict[str, Any], label: str, clock: str = "wall") -> float:
    return float(result["hook_parts"]["parts"][label][f"{clock}_us_per_cell"])


def _profile_rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [
            row["function"],
            f"{row['calls_per_scan']:.0f}",
            f"{row['own_share'] * 100:.1f}%",
            f"{row['cumulative_share'] * 100:.1f}%",
        ]
        for row in result["hook_parts"]["scan_profile"]
    ]


def _churn_rows(result: dict[str, Any]) -> list[list[str]]:
    figures = result["churn"]["figures"]
    base = figures[NONE]
    rows = []
    for variant in (*VARIANTS, NONE_AGAIN):
        mine = figures[variant]
        wall = median(mine["wall"]) / median(base["wall"]) - 1
        paired = median([v / n for v, n in zip(mine["wall"], base["wall"])]) - 1
        best = min(mine["wall"]) / min(base["wall"]) - 1
        cpu = median(mine["cpu"]) / median(base["cpu"]) - 1
        rows.append(
            [
                variant,
                f"{median(mine['wall']):.3f}",
                f"{wall * 100:+.1f}%",
                f"{paired * 100:+.1f}%",
                f"{best * 100:+.1f}%",
                f"{cpu * 100:+.1f}%",
            ]
        )
    return rows


def _callback_ab(result: dict[str, Any]) -> str:
    """The probe's in-cell cost, from the A/B runs in its own kernel, beside the A/A runs
    that show the noise."""
    ab = result["churn"]["callback_ab"]

    def paired(setting: str) -> float:
        return median([s / o for s, o in zip(ab[setting], ab["without"])]) - 1

    return (
        f"In the probe's kernel, churn({result['churn']['ab_rounds']}) with its gc callback, "
        f"without it and without it again, {len(ab['with'])} rounds: with vs without "
        f"{paired('with') * 100:+.2f}% (paired), without again vs without "
        f"{paired('without again') * 100:+.2f}% (the same code twice), "
        f"{median(ab['without']):.3f} s without (≤ 2%: "
        f"{'met' if paired('with') <= 0.02 else 'MISSED'})."
    )


def _gc_share(result: dict[str, Any]) -> str:
    """What the probe's collector callback adds to the churn: its cost per collection, with
    CPython calling it, times the collections of a run."""
    probe = result["churn"]["figures"][PROBE]
    collections = median(probe["collections"])
    callback = result["hook_parts"]["gc_callback_us"]
    share = collections * callback * 1e-6 / median(probe["wall"])
    verdict = "met" if share <= 0.02 else "MISSED"
    return (
        f"{collections:.0f} collections per run, {callback:.2f} µs added to each by the probe's "
        f"gc callback: {share * 100:.2f}% of the run (≤ 2%: {verdict})"
    )


def _spike_rows(result: dict[str, Any]) -> list[list[str]]:
    rows = []
    for variant in VARIANTS:
        shares = result["spike"]["shares"][variant]
        if shares[0] is None:
            rows.append([variant, "nothing reported", ""])
            continue
        verdict = ""
        if variant == PROBE:
            verdict = "100%: " + ("met" if min(shares) >= 0.995 else "MISSED")
        rows.append(
            [
                variant,
                f"{median(shares) * 100:.1f}% ({min(shares) * 100:.1f}-{max(shares) * 100:.1f})",
                verdict,
            ]
        )
    return rows


def print_report(results: dict[str, Any]) -> None:
    """The tables, in Markdown."""
    scenarios = results["scenarios"]
    print("\n## Round trip of a `pass` cell, ms (median / p90)\n")
    print(table(["namespace", *VARIANTS, "load average after"], _rt_rows(scenarios)))
    print("\n## Added per cell vs no probe, same namespace, ms (median / p90)\n")
    print(
        table(
            ["namespace", PROBE, IMU, TRACEMALLOC, "target (probe, median)"], _added_rows(scenarios)
        )
    )
    print("\n## The probe's own time per cell, ms\n")
    print(
        table(
            [
                "namespace",
                "probe_time median / p90",
                "scan median",
                "probe_time less scan",
                "added round trip less probe_time (publication, transport)",
                "cell that made the namespace",
                "first `pass` after it",
            ],
            _probe_time_rows(scenarios),
        )
    )
    print("\n## Parts of the hooks, timed where they run, in real `pass` cells\n")
    headers, rows = _parts_rows(scenarios)
    print(table(headers, rows))
    for result in scenarios:
        title = f"Namespace scan profile (cProfile, shares of its time): {result['scenario']}"
        print(f"\n### {title}\n")
        print(table(["function", "calls/scan", "own", "cumulative"], _profile_rows(result)))
    for result in scenarios:
        if "churn" in result:
            print(
                f"\n## Allocation-heavy code ({result['churn']['rounds']} rounds of churn, "
                f"{result['scenario']})\n"
            )
            print(
                "Separate kernels, each with its own heap: the row of a second kernel without "
                "any probe shows how far two identical kernels differ. The probe's cost is "
                "judged in its own kernel, below.\n"
            )
            print(
                table(
                    [
                        "variant",
                        "median s",
                        "slowdown (medians)",
                        "slowdown (paired rounds)",
                        "slowdown (fastest runs)",
                        "CPU time slowdown",
                    ],
                    _churn_rows(result),
                )
            )
            print(f"\n{_gc_share(result)}")
            print(f"\n{_callback_ab(result)}")
            print(
                "\nipython_memory_usage's reading, memory_profiler.memory_usage(), took "
                f"{result['imu_reading_seconds'] * 1e3:.1f} ms in its kernel."
            )
            print(f"\n## 300 MiB spike made and freed with the GIL held ({result['scenario']})\n")
            print(
                table(["variant", "share caught, median (min-max)", "target"], _spike_rows(result))
            )


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

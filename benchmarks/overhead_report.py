"""The tables that probe_overhead.py prints from its results: round trips, the probe's own time,
the parts of its hooks, the churn's slowdown and the spike each variant caught."""

from __future__ import annotations

from typing import Any

from hook_parts import ENCODE, PUBLISH
from kernel_driver import mean, median, quantile, table

NONE, PROBE, IMU, TRACEMALLOC = "none", "probe", "imu", "tracemalloc"
VARIANTS = (NONE, PROBE, IMU, TRACEMALLOC)
# A second kernel without any probe, in the churn only: how far two identical kernels differ.
NONE_AGAIN = "none, another kernel"

# The record's publication, and its serialization timed inside it (see hook_parts.py).
PUBLISH_PREFIX = "post: publish"
# Its parts that do not include each other.
PUBLISH_PARTS = (ENCODE, PUBLISH)


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

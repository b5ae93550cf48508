"""Issue 20's scenario at its own sizes: does the free-memory cell give back what it predicts?

A real kernel with the probe (installed as the server installs it) runs the issue's cells: a
2-million-row DataFrame with string columns, `df_clean = df.copy()` with a changed column (the
copy shares the strings), a 400 MiB array, a displayed result that the output cache holds (and
that shares the strings too), an exception whose frame keeps a 244 MiB local, and a 1 GiB
temporary. The advice is computed by the very functions the server's advice endpoint uses, the
free-memory cell (every suggestion that expects memory back, as the panel chooses by default)
runs as a cell, and its record's RSS change is compared with its prediction.

    python benchmarks/free_cell_prediction.py [--rows 2000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from kernel_driver import Kernel, MiB, kernel_log, log, table, write_results

from jupyterlab_memory_inspector.advice.current import current_advice
from jupyterlab_memory_inspector.advice.free_cell import free_memory_cell
from jupyterlab_memory_inspector.probe_client.call import call_probe
from jupyterlab_memory_inspector.protocol import ADVICE_FACTS_CALL


def scenario(rows: int) -> list[str]:
    """The issue's cells."""
    return [
        "import numpy as np, pandas as pd",
        f"df = pd.DataFrame({{'name': [f'customer name {{i:09d}}' for i in range({rows})], "
        f"'city': [f'city {{i % 5000:05d}} of somewhere' for i in range({rows})], "
        f"'amount': np.random.default_rng(0).random({rows}), "
        f"'count': np.arange({rows})}})",
        "df_clean = df.copy()\ndf_clean['amount'] = df_clean['amount'].round(2)",
        f"features = np.ones({400 * MiB // 8})",
        "df_clean.assign(total=df_clean['amount'] * df_clean['count'])",
        f"def load():\n    staging = np.ones({244 * MiB // 8})\n    raise ValueError('bad file')",
        "load()",
        f"np.ones({1024 * MiB // 8}).sum()",
    ]


async def one_run(rows: int) -> dict[str, Any]:
    kernel = Kernel("probe")
    await kernel.start(kernel_log())
    try:
        probe = await kernel.install_probe()
        record: dict[str, Any] | None = None
        for source in scenario(rows):
            run = await kernel.run(source)
            record = run.records[-1] if run.records else record
        assert record is not None
        # The probe's guarded call, sent as the server sends it.
        facts = await call_probe(
            lambda expressions: kernel.execute_silently("", expressions),
            ADVICE_FACTS_CALL,
            timeout=600,
        )
        advice = current_advice(record, probe, facts)
        chosen = [s for s in advice.suggestions if (s.expected_bytes or 0) > 0]
        source, predicted = free_memory_cell(chosen)
        outside_before = kernel.rss()
        run = await kernel.run_ok(source)
        outside_after = kernel.rss()
        items = {item["name"]: item for item in record["variables"]["items"]}
        return {
            "predicted": predicted,
            "freed": -run.records[-1]["rss_delta"],
            "freed_outside": outside_before - outside_after,
            "rss": record["rss_after"],
            "table_sum": sum(item["size"] for item in items.values()),
            "suggestions": {s.id: s.expected_bytes for s in chosen},
            "items": {
                name: {key: item.get(key) for key in ("size", "own", "shared", "kind")}
                for name, item in items.items()
                if item["size"] >= MiB
            },
        }
    finally:
        await kernel.shutdown()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000, help="rows of the DataFrame")
    parser.add_argument("--runs", type=int, default=3, help="kernels, one after the other")
    args = parser.parse_args()
    runs = []
    for index in range(args.runs):
        log(f"run {index + 1} of {args.runs}")
        runs.append(await one_run(args.rows))
    rows = [
        [
            str(index + 1),
            f"{run['predicted'] / MiB:,.0f} MiB",
            f"{run['freed'] / MiB:,.0f} MiB",
            f"{run['freed'] / run['predicted']:.0%}",
            f"{run['table_sum'] / MiB:,.0f} MiB",
            f"{run['rss'] / MiB:,.0f} MiB",
        ]
        for index, run in enumerate(runs)
    ]
    print(
        table(
            ["run", "predicted", "given back", "given back / predicted", "table's sum", "RSS"],
            rows,
        )
    )
    variables = [
        [
            name,
            f"{item['size'] / MiB:,.1f} MiB",
            f"{(item['own'] if item['own'] is not None else item['size']) / MiB:,.1f} MiB",
            ", ".join(
                f"{entry['size'] / MiB:,.1f} MiB with {entry['with']}"
                for entry in item["shared"] or []
            )
            or "—",
        ]
        for name, item in runs[-1]["items"].items()
    ]
    print(table(["variable", "size in the table", "own", "shared"], variables))
    path = write_results("free_cell_prediction", {"rows": args.rows, "runs": runs})
    log(f"raw figures: {path}")


if __name__ == "__main__":
    asyncio.run(main())

"""The probe's two fixed steps in a ``jupyter memory-inspector run``, each done two ways in turns.

The install: the install code sent as a cell's code (as the command did before 2026-12-06) or as
a user expression of the same silent request (as it does now). The facts at the end of the run:
the walk over every object that the garbage collector tracks (``advice_facts_json``, the
server's, which changes nothing) or the collection that finds the same garbage
(``closing_facts_json``, for a kernel that ends next). Each round starts a kernel, installs the
probe one way (alternating by round), runs the notebook's cells, then asks the facts both ways
(the order alternating too). Timed at the client, from the request's send to its reply, as the
command waits for them; so the medians compare ways measured under the same load, which
``cli_overhead.py``'s whole runs, seconds long, cannot on a shared machine.

    python benchmarks/cli_probe_steps.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
from typing import Any

from cli_overhead import EVERYDAY_CELLS
from kernel_driver import Kernel, kernel_log, log, machine, table, write_results

from jupyterlab_memory_inspector.probe_client.injector import install_code, probe_call
from jupyterlab_memory_inspector.protocol import ADVICE_FACTS_CALL, CLOSING_FACTS_CALL

NOTEBOOKS = {"one-cell": ("x = 1",), "everyday": EVERYDAY_CELLS}
INSTALLS = ("as a cell", "as a user expression")
FACTS = {
    "walk (advice_facts_json)": ADVICE_FACTS_CALL,
    "collect (closing_facts_json)": CLOSING_FACTS_CALL,
}


async def one_round(cells: tuple[str, ...], round_: int) -> dict[str, float]:
    """A fresh kernel: one install, the cells, the facts both ways; seconds of each step."""
    kernel = Kernel(f"round {round_}")
    with kernel_log() as stderr:
        await kernel.start(stderr=stderr)
    try:
        times: dict[str, float] = {}
        way = INSTALLS[round_ % 2]
        code, expressions = (
            (install_code(), {}) if way == INSTALLS[0] else ("", {"install": install_code()})
        )
        run = await kernel.run(code, silent=True, store_history=False, user_expressions=expressions)
        if run.reply.get("status") != "ok" or any(
            result.get("status") != "ok" for result in run.reply["user_expressions"].values()
        ):
            raise SystemExit(f"the install failed: {run.reply}")
        times[f"install {way}"] = run.round_trip
        for source in cells:
            await kernel.run(source)
        facts = list(FACTS.items())
        for name, method in facts if round_ % 4 < 2 else facts[::-1]:
            run = await kernel.run(
                "", silent=True, store_history=False, user_expressions={"f": probe_call(method)}
            )
            if run.reply["user_expressions"]["f"].get("status") != "ok":
                raise SystemExit(f"{method} failed: {run.reply}")
            times[f"facts: {name}"] = run.round_trip
        return times
    finally:
        await kernel.shutdown()


async def measure(rounds: int) -> dict[str, dict[str, list[float]]]:
    """Every step's seconds, by notebook; the first two rounds (one of each install) warm up."""
    results: dict[str, dict[str, list[float]]] = {}
    for name, cells in NOTEBOOKS.items():
        steps: dict[str, list[float]] = {}
        for round_ in range(2 * rounds + 2):
            times = await one_round(cells, round_)
            if round_ >= 2:
                for step, seconds in times.items():
                    steps.setdefault(step, []).append(seconds)
            log(f"{name}: round {round_ + 1}/{2 * rounds + 2} done")
        results[name] = steps
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds of each install")
    args = parser.parse_args()
    load_before = os.getloadavg()
    results = asyncio.run(measure(args.rounds))
    rows = []
    for notebook, steps in results.items():
        for step, seconds in steps.items():
            low, high = min(seconds), max(seconds)
            median = statistics.median(seconds)
            rows.append(
                [
                    notebook,
                    step,
                    f"{median * 1000:.0f} ms",
                    f"{low * 1000:.0f}-{high * 1000:.0f} ms",
                ]
            )
    print(table(["notebook", "step", "median", "range"], rows))
    load = ", ".join(f"{value:.2f}" for value in load_before)
    print(f"\nLoad average before the run: {load}; after: {os.getloadavg()[0]:.2f}.")
    record: dict[str, Any] = {"machine": machine(), "rounds": args.rounds, "seconds": results}
    record["load_average_before"] = load_before
    record["load_average_after"] = os.getloadavg()
    log(f"wrote {write_results('cli_probe_steps', record)}")


if __name__ == "__main__":
    main()

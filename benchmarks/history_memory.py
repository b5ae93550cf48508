"""What the server's record history holds per record: bytes of memory, not time.

A real kernel with the probe runs a cell in a notebook of 100 variables (arrays of several
sizes, lists, dicts, strings, numbers) and its record is taken as it arrived on IOPub. The
history is then filled with N records made from it, each varied as consecutive cells vary
(execution count, cell and message ids, memory figures, times, the variables' sizes) and each
parsed from its own JSON text, as the server parses every IOPub message. tracemalloc in a fresh
process for each code tree counts what the filled history holds, less what it held empty.

    python benchmarks/history_memory.py [--records N] [--before TREE]

`--before` names a checkout of the code to compare with (default /work/wt-base, the code before
records were kept compressed); its history module is `jupyterlab_memory_inspector.history`
there and `jupyterlab_memory_inspector.server.history` here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import random
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KiB = 1024
TARGET_PER_RECORD = 2 * KiB

NOTEBOOK = """
import numpy as np
_sizes = [1_000, 10_000, 100_000, 1_000_000]
for _i in range(40):
    globals()[f"array_{_i:02}"] = np.ones(_sizes[_i % 4], dtype=np.float64)
for _i in range(20):
    globals()[f"list_{_i:02}"] = list(range(100 * (_i + 1)))
for _i in range(20):
    globals()[f"table_{_i:02}"] = {str(_k): _k for _k in range(50 * (_i + 1))}
for _i in range(10):
    globals()[f"text_{_i:02}"] = "x" * (1_000 * (_i + 1))
for _i in range(10):
    globals()[f"number_{_i:02}"] = _i * 1.5
"""


async def real_record() -> dict[str, Any]:
    """One record of a 100-variable notebook, as the probe sends it."""
    # Imported here, not at the top: kernel_driver imports this tree's package, and the process
    # that measures the code before must import that tree's package instead.
    sys.path.insert(0, str(Path(__file__).parent))
    from kernel_driver import shutdown_kernels, start_kernels  # noqa: PLC0415

    kernels = await start_kernels(["record"])
    try:
        kernel = kernels[0]
        await kernel.install_probe()
        await kernel.run_ok(NOTEBOOK)
        run = await kernel.run_ok("total = sum(len(list_00) for _ in range(3))")
        return run.records[-1]
    finally:
        await shutdown_kernels(kernels)


def _vary(value: Any, rng: random.Random) -> Any:
    """`value` with every number changed a little and every id made new: a later cell's record."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value + rng.randrange(0, 4096) * 4096 if value > 4096 else value
    if isinstance(value, float):
        return value * rng.uniform(0.5, 1.5)
    if isinstance(value, dict):
        return {key: _vary(item, rng) for key, item in value.items()}
    if isinstance(value, list):
        return [_vary(item, rng) for item in value]
    return value


def record_texts(template: dict[str, Any], count: int) -> list[str]:
    """`count` records as JSON text, each a varied copy of `template`."""
    rng = random.Random(15)
    texts = []
    for n in range(count):
        record = _vary(template, rng)
        record["execution_count"] = n + 1
        record["cell_id"] = f"cell-{rng.getrandbits(64):016x}"
        record["msg_id"] = f"{rng.getrandbits(128):032x}"
        texts.append(json.dumps(record))
    return texts


def measure(tree: str, records_file: str) -> dict[str, Any]:
    """Fill the history of the code at `tree` with the records in `records_file` (run in a
    process of its own, so that each tree's modules are the ones imported)."""
    sys.path.insert(0, str(Path(tree) / "python_ext"))
    try:
        module = importlib.import_module("jupyterlab_memory_inspector.server.history")
    except ImportError:
        module = importlib.import_module("jupyterlab_memory_inspector.history")
    texts = json.loads(Path(records_file).read_text("utf-8"))
    history = module.RecordHistory(len(texts))
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for text in texts:
        # Parsed here, as the server parses each IOPub message: the history keeps what it is given.
        history.add(json.loads(text))
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return {"tree": tree, "records": len(history), "bytes": held, "per_record": held / len(history)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--before", default="/work/wt-base")
    parser.add_argument("--measure", nargs=2, metavar=("TREE", "RECORDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    template = asyncio.run(real_record())
    texts = record_texts(template, args.records)
    sizes = sorted(len(text) for text in texts)
    with tempfile.TemporaryDirectory() as tmp:
        records_file = Path(tmp) / "records.json"
        records_file.write_text(json.dumps(texts), "utf-8")
        results = []
        for label, tree in (("before", args.before), ("after", str(REPO))):
            out = subprocess.run(
                [sys.executable, __file__, "--measure", tree, str(records_file)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results.append((label, json.loads(out)))
    variables = len(template.get("variables", {}).get("items", []))
    print(f"{args.records:,} records of a 100-variable notebook, the {variables} largest in each")
    print(f"record as JSON: median {sizes[len(sizes) // 2]:,} bytes, max {sizes[-1]:,}")
    print("| code | history of all records | per record | target <= 2 KiB |")
    print("|---|---|---|---|")
    for label, result in results:
        per = result["per_record"]
        ok = "yes" if per <= TARGET_PER_RECORD else "no"
        print(f"| {label} | {result['bytes'] / 2**20:.1f} MiB | {per / KiB:.2f} KiB | {ok} |")


if __name__ == "__main__":
    main()

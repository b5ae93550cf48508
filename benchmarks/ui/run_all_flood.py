"""What a Run All does to a bare ipykernel, without a browser, a server or this project.

JupyterLab's Run All sends every cell's execute_request at once and reads the replies as
they come. This does the same with jupyter_client on a kernel of its own (no server, no
extension, no probe), `n = i` in each cell as in heap.bench.ts, and times the replies: a
"stall" is a gap of --stall seconds or more without one. With --chunk K it sends K requests,
waits for their replies, and so on: Run All in chunks, as a user could.

    python benchmarks/ui/run_all_flood.py --cells 5000 --trials 5
    python benchmarks/ui/run_all_flood.py --cells 5000 --trials 3 --chunk 500

One JSON line per trial, then the versions. With PY_SPY set (the py-spy command), a trial
that stalls also prints a dump of the kernel's threads, once.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shlex
import subprocess
import time
from importlib.metadata import version
from typing import Any

import psutil
import zmq
from jupyter_client.manager import start_new_kernel


def kernel_cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return round(times.user + times.system, 1)


def dump(pid: int) -> str:
    command = [*shlex.split(os.environ["PY_SPY"]), "dump", "--pid", str(pid)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False).stdout


def trial(args: argparse.Namespace) -> dict[str, Any]:
    cells, stall, give_up = args.cells, args.stall, args.give_up
    chunk = args.chunk or cells
    manager, client = start_new_kernel(kernel_name=args.kernel, extra_arguments=args.kernel_arg)
    try:
        kernel = psutil.Process(manager.provisioner.process.pid)  # type: ignore[union-attr]
        started = time.monotonic()
        arrivals: list[float] = []
        gaps: list[tuple[float, float, int]] = []
        dumped = ""
        sent = 0
        last = started
        while len(arrivals) < cells:
            if sent == len(arrivals):
                for i in range(sent, min(cells, sent + chunk)):
                    client.execute(f"n = {i}")
                sent = min(cells, sent + chunk)
            try:
                client.get_shell_msg(timeout=0.5)
            except queue.Empty:
                quiet = time.monotonic() - last
                if "PY_SPY" in os.environ and not dumped and quiet >= stall:
                    dumped = dump(kernel.pid)
                if quiet >= give_up:
                    break
                continue
            now = time.monotonic()
            if now - last >= stall:
                gaps.append((round(last - started, 1), round(now - last, 1), len(arrivals)))
            arrivals.append(now - started)
            last = now
        if len(arrivals) < cells:
            # Gave up: the stall still going on counts too.
            gaps.append(
                (round(last - started, 1), round(time.monotonic() - last, 1), len(arrivals))
            )
        return {
            "cells": cells,
            "chunk": chunk,
            "kernel": args.kernel,
            "kernel_args": args.kernel_arg,
            "replies": len(arrivals),
            "replies_in_30s": sum(1 for t in arrivals if t <= 30),
            "replies_in_150s": sum(1 for t in arrivals if t <= 150),
            "seconds": round(time.monotonic() - started, 1),
            # (seconds into the run, gap length, replies before it)
            "stalls": gaps,
            "kernel_cpu_s": kernel_cpu(kernel),
            "load_average": [round(x, 1) for x in os.getloadavg()],
            **({"kernel_dump": dumped} if dumped else {}),
        }
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=5000)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=0, help="requests sent at a time (0: all)")
    parser.add_argument("--stall", type=float, default=5.0)
    parser.add_argument("--give-up", type=float, default=180.0)
    parser.add_argument("--kernel", default="python3", help="the kernel spec's name")
    parser.add_argument(
        "--kernel-arg", action="append", default=[], help="e.g. --HistoryManager.enabled=False"
    )
    args = parser.parse_args()
    for _ in range(args.trials):
        result = trial(args)
        print(json.dumps(result), flush=True)
    packages = ["ipykernel", "jupyter_client", "pyzmq", "tornado", "ipython"]
    print(json.dumps({p: version(p) for p in packages} | {"libzmq": zmq.zmq_version()}))


if __name__ == "__main__":
    main()

"""Run heap.bench.ts once and tell whether its Run All "crawled" (benchmarks/README.md).

A crawl: ~150 s after Run All the page shows far fewer than 500 cells run, the kernel has
used a few seconds of CPU and the page's renderer a whole core. This starts the bench in its
own session, reads its output as it comes, and at WATCH_AT seconds after "Run All started"
notes the cells run (the bench's last checkpoint, and the notebook as last autosaved), the
CPU time of the kernel and of the busiest renderer, the load average, and a py-spy dump of
the kernel. A run that crawled is stopped at STOP_AT seconds (its processes are found as the
bench's descendants, never by name); one that did not runs to its end. One JSON line out:

    cd ui-tests && python ../benchmarks/ui/crawl_watch.py --label bare --server bare \
        --page-extension off > ../benchmarks/results/crawl-1.json

Needs psutil and, for the dump, py-spy (PY_SPY, default `py-spy` on PATH).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

WATCH_AT = 150.0
STOP_AT = 240.0
# Quick runs pass their first checkpoint (500 cells) within 40 s.
CRAWL_BELOW = 500
HERE = Path(__file__).resolve().parent


def descendants(root: psutil.Process) -> list[psutil.Process]:
    try:
        return root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def cmdline(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return ""


def cpu_seconds(proc: psutil.Process | None) -> float | None:
    if proc is None:
        return None
    try:
        times = proc.cpu_times()
    except psutil.NoSuchProcess:
        return None
    return round(times.user + times.system, 1)


def kernel_of(root: psutil.Process) -> psutil.Process | None:
    found = [p for p in descendants(root) if "ipykernel_launcher" in cmdline(p)]
    return found[0] if found else None


def busiest_renderer(root: psutil.Process) -> psutil.Process | None:
    renderers = [p for p in descendants(root) if "--type=renderer" in cmdline(p)]
    timed = [(cpu_seconds(p) or 0.0, p) for p in renderers]
    return max(timed, key=lambda t: t[0])[1] if timed else None


def autosaved_cells(since: float) -> int | None:
    """Cells with an execution count in the bench's notebook as JupyterLab last saved it."""
    files = [
        f
        for f in glob.glob("/tmp/galata-test-*/**/heap-*.ipynb", recursive=True)
        if os.path.getmtime(f) >= since
    ]
    if not files:
        return None
    try:
        cells = json.loads(Path(max(files, key=os.path.getmtime)).read_text())["cells"]
    except (OSError, ValueError, KeyError):
        return None
    return sum(1 for c in cells if c.get("execution_count"))


def py_spy_dump(pid: int) -> str:
    command = [*shlex.split(os.environ.get("PY_SPY", "py-spy")), "dump", "--pid", str(pid)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"py-spy failed: {error}"
    return done.stdout + done.stderr


def reading(
    root: psutil.Process, started: float, checkpoints: list[int], since: float
) -> dict[str, Any]:
    kernel = kernel_of(root)
    renderer = busiest_renderer(root)
    renderer_percent = None
    if renderer is not None:
        with contextlib.suppress(psutil.NoSuchProcess):
            renderer_percent = renderer.cpu_percent(interval=5.0)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "cells_checkpoint": max(checkpoints, default=0),
        "cells_autosaved": autosaved_cells(since),
        "kernel_cpu_s": cpu_seconds(kernel),
        "renderer_cpu_s": cpu_seconds(renderer),
        "renderer_percent_5s": renderer_percent,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "kernel_dump": py_spy_dump(kernel.pid) if kernel is not None else None,
    }


def stop(root: psutil.Process) -> None:
    """End the bench and all it started: Playwright, the server, the kernel, Chromium."""
    family = [*descendants(root), root]
    for proc in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(family, timeout=15)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()


def follow(
    progress_file: Path, bench: subprocess.Popen[str], started: list[float], checkpoints: list[int]
) -> None:
    """Read the bench's progress file (JMI_BENCH_PROGRESS) as it grows."""
    pending = ""
    with progress_file.open() as lines:
        while bench.poll() is None:
            pending += lines.readline()
            if not pending.endswith("\n"):
                time.sleep(0.5)
                continue
            event = json.loads(pending)
            pending = ""
            if event.get("run_all_started"):
                started.append(time.monotonic())
            elif "executed" in event:
                checkpoints.append(event["executed"])


def start_bench(server: str, page_extension: str, progress_file: Path) -> subprocess.Popen[str]:
    """heap.bench.ts in a session of its own, its output to a pipe."""
    env = dict(os.environ, CI="1", JMI_BENCH_PROGRESS=str(progress_file))
    if server == "bare":
        env["JMI_BENCH_SERVER"] = "bare"
    if page_extension == "off":
        env["JUPYTER_CONFIG_DIR"] = tempfile.mkdtemp(prefix="jmi-bench-config-")
        subprocess.run(
            ["jupyter", "labextension", "disable", "--level=user", "jupyterlab-memory-inspector"],
            env=env,
            check=True,
            capture_output=True,
        )
    return subprocess.Popen(
        ["npx", "playwright", "test", "-c", str(HERE / "playwright.config.js"), "heap.bench.ts"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True)
    parser.add_argument("--server", choices=["ours", "bare"], default="ours")
    parser.add_argument("--page-extension", choices=["on", "off"], default="on")
    parser.add_argument("--log", help="the bench's own output, as it came")
    args = parser.parse_args()

    since = time.time()
    progress_file = Path(tempfile.mkdtemp(prefix="jmi-bench-progress-")) / "progress.jsonl"
    progress_file.touch()
    bench = start_bench(args.server, args.page_extension, progress_file)
    root = psutil.Process(bench.pid)
    log = open(args.log, "w") if args.log else None  # noqa: SIM115 (kept open for the reader thread)
    started: list[float] = []
    checkpoints: list[int] = []
    result: dict[str, Any] = {}

    def read() -> None:
        assert bench.stdout is not None
        for line in bench.stdout:
            if log:
                log.write(line)
                log.flush()
            text = line.strip()
            if text.startswith('"run_all_seconds"'):
                result["run_all_seconds"] = float(text.split(":")[1].rstrip(","))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    watcher = threading.Thread(
        target=follow, args=(progress_file, bench, started, checkpoints), daemon=True
    )
    watcher.start()
    while not started and bench.poll() is None:
        time.sleep(1)
    if not started:
        print(json.dumps({"label": args.label, "error": "the bench ended before Run All"}))
        return 1
    t0 = started[0]
    while time.monotonic() - t0 < WATCH_AT and bench.poll() is None:
        time.sleep(1)
    at_watch = reading(root, t0, checkpoints, since) if bench.poll() is None else None
    crawled = at_watch is not None and at_watch["cells_checkpoint"] < CRAWL_BELOW
    at_stop = None
    if crawled:
        while time.monotonic() - t0 < STOP_AT and bench.poll() is None:
            time.sleep(1)
        at_stop = reading(root, t0, checkpoints, since)
        stop(root)
    bench.wait()
    reader.join(timeout=10)
    print(
        json.dumps(
            {
                "label": args.label,
                "server": args.server,
                "page_extension": args.page_extension,
                "crawled": crawled,
                "at_watch": at_watch,
                "at_stop": at_stop,
                "cells_done": max(checkpoints, default=0),
                "run_all_seconds": result.get("run_all_seconds"),
                "exit": bench.returncode,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

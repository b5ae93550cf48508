"""What ``GET /memory-inspector/overview`` costs with 1, 10 and 50 idle kernels.

A Jupyter server with the extension runs as its own process, as in use; the kernels are
started through the sessions API (notebooks and consoles alike), each waits until its probe is
installed and the kernel is idle, and then the overview is fetched over HTTP in a loop. The
time is the client's, from the request's send to the last byte of the reply, on 127.0.0.1.

    python benchmarks/overview_requests.py [--counts 1 10 50] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from kernel_driver import log, machine, median, quantile, table, write_results

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A Jupyter server in its own process, and the requests the benchmark makes of it."""

    def __init__(self, root: str) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.process = subprocess.Popen(
            [
                str(BIN / "jupyter"),
                "server",
                f"--port={self.port}",
                "--ip=127.0.0.1",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.open_browser=False",
                "--allow-root",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait(lambda: self.request("GET", "api/status") is not None, "the server", 60)

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as reply:
                text = reply.read()
        except OSError:
            return None
        return json.loads(text) if text else {}

    @staticmethod
    def wait(done: Any, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit(f"{what} did not come within {timeout} s")
            time.sleep(0.2)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def start_kernels(server: Server, count: int, started: int) -> None:
    for n in range(started, count):
        kind = "console" if n % 3 == 2 else "notebook"
        path = f"k{n}.ipynb" if kind == "notebook" else f"console-{n}"
        body = {"path": path, "name": path, "type": kind, "kernel": {"name": "python3"}}
        server.request("POST", "api/sessions", body)

    def all_idle() -> bool:
        reply = server.request("GET", "memory-inspector/overview") or {"kernels": []}
        kernels = reply["kernels"]
        return len(kernels) == count and all(
            k["monitor_state"] == "active" and k["state"] == "idle" and k["memory"] for k in kernels
        )

    server.wait(all_idle, f"{count} idle kernels with their probes", 60 + 10 * count)


def time_requests(server: Server, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        reply = server.request("GET", "memory-inspector/overview")
        times.append(time.perf_counter() - start)
        if reply is None:
            raise SystemExit("the overview request failed")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "requests": args.requests, "runs": []}
    rows = []
    with tempfile.TemporaryDirectory() as root:
        server = Server(root)
        try:
            started = 0
            for count in sorted(args.counts):
                log(f"starting kernels up to {count}")
                start_kernels(server, count, started)
                started = count
                time_requests(server, 10)  # warm-up
                times = time_requests(server, args.requests)
                size = len(json.dumps(server.request("GET", "memory-inspector/overview")))
                results["runs"].append({"kernels": count, "seconds": times, "bytes": size})
                rows.append(
                    [
                        str(count),
                        f"{median(times) * 1000:.2f} ms",
                        f"{quantile(times, 0.9) * 1000:.2f} ms",
                        f"{size / 1024:.1f} KiB",
                        f"{os.getloadavg()[0]:.1f}",
                    ]
                )
        finally:
            server.close()
    print(table(["idle kernels", "median", "p90", "reply", "load average"], rows))
    log(f"raw figures: {write_results('overview_requests', results)}")


if __name__ == "__main__":
    main()

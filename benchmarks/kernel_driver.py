"""Drives real kernels for the benchmarks: cells sent like JupyterLab sends them, timed at the
client, with what each cell published on IOPub.

Shared by `probe_overhead.py` and `soak.py`. Each kernel has a client of its own, with a session
of its own, as the server's monitor and every JupyterLab page have.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jupyter_client.manager import AsyncKernelManager

REPO = Path(__file__).resolve().parents[1]
# Measure this work tree's probe and server code, not a copy installed in the environment.
sys.path.insert(0, str(REPO / "python_ext"))

from jupyterlab_memory_inspector.probe_client.injector import install_code, probe_sources  # noqa: E402
from jupyterlab_memory_inspector.protocol import RECORD_MSG_TYPE  # noqa: E402
from jupyterlab_memory_inspector.server.install import PROBE_INFO  # noqa: E402
from jupyterlab_memory_inspector.server.kernel_channels import own_client  # noqa: E402

MiB = 2**20

RESULTS = REPO / "benchmarks" / "results"

# A silent request that runs `source` in a fresh namespace (never the user's) and answers the
# JSON of the `result` it binds there; it fires no cell hook, so it makes no record.
_CALL = (
    "__import__('json').dumps((lambda ns: (__import__('builtins').exec({source!r}, ns), "
    "ns['result'])[1])({{}}))"
)


class KernelError(Exception):
    """A request failed in the kernel; the message says how."""


@dataclass
class CellRun:
    """One cell: its round trip at the client and what it published."""

    round_trip: float
    reply: dict[str, Any]
    records: list[dict[str, Any]] = field(default_factory=list)
    stdout: str = ""


class Kernel:
    """One kernel started for a benchmark, with a client that runs cells like JupyterLab."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.manager = AsyncKernelManager(kernel_name="python3")
        self.client: Any = None

    async def start(self, stderr: IO[str] | None = None) -> None:
        """Start the kernel and wait until it answers; its stderr goes to `stderr`."""
        await self.manager.start_kernel(stderr=stderr)
        self.client = own_client(self.manager)
        self.client.start_channels(shell=True, iopub=True, stdin=False, hb=False, control=False)
        await self.client.wait_for_ready(timeout=60)
        # wait_for_ready leaves IOPub messages of its kernel_info requests behind.
        await self._drain_iopub()

    async def shutdown(self) -> None:
        """Stop the client and the kernel."""
        if self.client is not None:
            self.client.stop_channels()
        await self.manager.shutdown_kernel(now=True)

    @property
    def pid(self) -> int:
        """The kernel process's id (a local kernel)."""
        return int(self.manager.provisioner.process.pid)  # type: ignore[union-attr]

    def rss(self) -> int:
        """The kernel process's resident size, read from outside it."""
        with open(f"/proc/{self.pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    async def run(self, code: str, timeout: float = 600, **content: Any) -> CellRun:
        """Run one cell as JupyterLab does (a cell id in the metadata, stored in the history);
        the round trip is timed from the request's send to its reply's arrival."""
        body = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        body.update(content)
        msg = self.client.session.msg(
            "execute_request", body, metadata={"cellId": str(uuid.uuid4())}
        )
        msg_id = msg["header"]["msg_id"]
        sent = time.perf_counter()
        self.client.shell_channel.send(msg)
        reply = await asyncio.wait_for(self._reply(msg_id), timeout)
        round_trip = time.perf_counter() - sent
        # Read IOPub only now, so that reading it is no part of the round trip; the next
        # request goes once the kernel is idle again.
        run = CellRun(round_trip, reply)
        await asyncio.wait_for(self._collect_iopub(msg_id, run), timeout)
        return run

    async def run_ok(self, code: str, timeout: float = 600, **content: Any) -> CellRun:
        """`run`, failing loudly if the cell raised."""
        run = await self.run(code, timeout, **content)
        if run.reply.get("status") != "ok":
            raise KernelError(f"{self.label}: {run.reply.get('ename')}: {run.reply.get('evalue')}")
        return run

    async def execute_silently(
        self, code: str, user_expressions: dict[str, str] | None = None, timeout: float = 600
    ) -> dict[str, Any]:
        """A silent request, exactly as the server's `KernelChannels.execute_silently` sends
        it: no history, no display, no cell hooks, no abort of queued cells on error."""
        run = await self.run(
            code,
            timeout,
            silent=True,
            store_history=False,
            user_expressions=user_expressions or {},
            stop_on_error=False,
        )
        if run.reply.get("status") != "ok":
            raise KernelError(f"{self.label}: {run.reply.get('ename')}: {run.reply.get('evalue')}")
        return run.reply

    async def evaluate(self, expression: str) -> Any:
        """The value of `expression` in the user's namespace, which must be a literal."""
        reply = await self.execute_silently("", {"value": expression})
        return literal(reply["user_expressions"], "value")

    async def call(self, source: str, timeout: float = 600) -> Any:
        """Run `source` in a fresh namespace in the kernel; the JSON value it binds to `result`."""
        reply = await self.execute_silently(
            "", {"result": _CALL.format(source=source)}, timeout=timeout
        )
        return json.loads(literal(reply["user_expressions"], "result"))

    async def install_probe(self) -> dict[str, Any]:
        """Install the probe with the very request the server's monitor sends (`_attach`)."""
        reply = await self.execute_silently(install_code(), PROBE_INFO)
        return json.loads(literal(reply["user_expressions"], "probe"))

    async def _reply(self, msg_id: str) -> dict[str, Any]:
        while True:
            msg = await self.client.get_shell_msg()
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    async def _collect_iopub(self, msg_id: str, run: CellRun) -> None:
        text: list[str] = []
        while True:
            msg = await self.client.get_iopub_msg()
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msg_type = msg["msg_type"]
            if msg_type == RECORD_MSG_TYPE:
                run.records.append(msg["content"])
            elif msg_type == "stream" and msg["content"].get("name") == "stdout":
                text.append(msg["content"]["text"])
            elif msg_type == "status" and msg["content"]["execution_state"] == "idle":
                run.stdout = "".join(text)
                return

    async def _drain_iopub(self) -> None:
        while await self.client.iopub_channel.msg_ready():
            await self.client.get_iopub_msg()


def literal(user_expressions: dict[str, Any], name: str) -> Any:
    """The Python literal that user expression `name` evaluated to."""
    result = user_expressions.get(name, {})
    if result.get("status") != "ok":
        raise KernelError(f"{result.get('ename', 'error')}: {result.get('evalue', 'no result')}")
    return ast.literal_eval(result["data"]["text/plain"])


def kernel_log() -> IO[str]:
    """Where the kernels' stderr goes: their warnings would bury the tables, their errors
    must stay readable."""
    RESULTS.mkdir(exist_ok=True)
    return open(RESULTS / "kernels.log", "a", encoding="utf-8")


async def start_kernels(labels: list[str], stderr: IO[str] | None = None) -> list[Kernel]:
    """Start one kernel per label, side by side."""
    kernels = [Kernel(label) for label in labels]
    await asyncio.gather(*(kernel.start(stderr) for kernel in kernels))
    return kernels


async def shutdown_kernels(kernels: list[Kernel]) -> None:
    """Stop them all."""
    await asyncio.gather(*(kernel.shutdown() for kernel in kernels))


def quantile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of `values`, interpolated."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def median(values: list[float]) -> float:
    """The median of `values`."""
    return statistics.median(values)


def mean(values: list[float]) -> float:
    """The mean of `values`."""
    return statistics.fmean(values)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import ipykernel  # noqa: PLC0415
    import IPython  # noqa: PLC0415  (only for its version)
    import jupyter_client  # noqa: PLC0415

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "ipykernel": ipykernel.__version__,
        "ipython": IPython.__version__,
        "jupyter_client": jupyter_client.__version__,
        "commit": _git_commit(),
        "uncommitted_package_files": _uncommitted(),
        "probe_sources_sha256": hashlib.sha256(
            json.dumps(probe_sources(), sort_keys=True).encode()
        ).hexdigest()[:16],
    }


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=REPO)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout


def _git_commit() -> str | None:
    commit = _git("rev-parse", "--short", "HEAD")
    return commit.strip() if commit else None


def _uncommitted() -> list[str] | None:
    """The package's files that differ from the commit: others work in this tree too."""
    status = _git("status", "--porcelain", "--", "python_ext/jupyterlab_memory_inspector")
    return None if status is None else [line[3:] for line in status.splitlines()]


def write_results(name: str, results: dict[str, Any]) -> Path:
    """Write the results as JSON to ``benchmarks/results/<name>.json``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2), "utf-8")
    return path


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, with columns padded for reading in a terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def log(message: str) -> None:
    """Progress on stderr, so that stdout keeps only the tables."""
    print(message, file=sys.stderr, flush=True)

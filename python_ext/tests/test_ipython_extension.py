"""``%load_ext jupyterlab_memory_inspector`` outside JupyterLab: a summary line after each cell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from lab_client import MiB, wait_for_records

PYTHON_EXT = str(Path(__file__).parents[1])


def test_plain_ipython_prints_a_summary_after_each_cell(tmp_path):
    session = (
        "%load_ext jupyterlab_memory_inspector\n"
        f"kept = bytearray({64 * MiB})\n"
        f"len(bytearray({256 * MiB}))\n"
        "exit\n"
    )
    env = {**os.environ, "PYTHONPATH": PYTHON_EXT, "IPYTHONDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "IPython", "--no-banner", "--quick", "--colors=NoColor"],
        input=session,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if "memory:" in line]
    # One line per cell after %load_ext, the `exit` cell included.
    assert len(lines) == 3, result.stdout + result.stderr
    assert "memory: +0 B; peak +0 B above start" in lines[2]
    assert "memory: +64." in lines[0]
    assert "largest new: kept (builtins.bytearray, 64.0 MiB)" in lines[0]
    assert "peak +25" in lines[1] and "largest new" not in lines[1]


async def test_in_a_probed_kernel_the_summary_joins_the_servers_probe(jp_fetch, kernel):
    kernel_id, client = kernel
    await client.run("%load_ext jupyterlab_memory_inspector")
    msg_id = client.send_cell(f"kept = bytearray({32 * MiB})")
    output = await client.stream_output(msg_id)
    assert output.startswith("memory: +32.") and "largest new: kept" in output
    hooks = await client.evaluate(
        "sum(type(getattr(h, '__self__', None)).__name__ == 'CellWatch' "
        "for h in get_ipython().events.callbacks['post_run_cell'])"
    )
    assert hooks == "1"
    records = await wait_for_records(jp_fetch, kernel_id, 2)
    assert [record["msg_id"] for record in records][-1] == msg_id

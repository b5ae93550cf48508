"""Live readings count the kernel's process tree, with the kernel alone beside it."""

from __future__ import annotations

from lab_client import MiB
from test_live_samples import samples_during

CHILD_CELL = (
    "import subprocess, sys\n"
    "subprocess.run([sys.executable, '-c', 'import time; b = bytearray(500 << 20); "
    'b[::4096] = b"x" * len(b[::4096]); time.sleep(3)\'], check=True)\n'
)


async def test_a_subprocess_is_in_the_live_tree_and_not_in_the_kernels_figure(
    jp_fetch, jp_ws_fetch, kernel, api_validator
):
    kernel_id, client = kernel
    samples, monitor = await samples_during(jp_ws_fetch, client, kernel_id, CHILD_CELL)
    assert monitor["live"]["source"] == "process"
    for sample in samples:
        api_validator("Sample").validate(sample)
    assert max(sample["tree"] - sample["memory"] for sample in samples) >= 450 * MiB
    assert max(sample["memory"] for sample in samples) < 400 * MiB
    # Before the child started, the tree is the kernel alone.
    assert samples[0]["tree"] - samples[0]["memory"] < 50 * MiB

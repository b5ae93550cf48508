"""Kernels that have nothing of ours: the injected, stdlib-only probe still gives full records;
a kernel that is not Python is left alone."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest
from lab_client import LabLikeClient, get_json, start_kernel, wait_for_records, wait_for_state

from jupyterlab_memory_inspector.server.kernel_channels import own_client

ABSENT = ("jupyterlab_memory_inspector", "psutil", "numpy")


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A virtual environment with ipykernel and nothing else: no psutil, numpy or our package."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "ipykernel"], check=True, timeout=600)
    subprocess.run([*pip, "uninstall", "-y", "psutil"], check=True)
    return python


@pytest.fixture
def bare_kernelspec(bare_python, jp_data_dir):
    spec = jp_data_dir / "kernels" / "bare"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [bare_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Bare Python",
                "language": "python",
                # The test run's own PYTHONPATH would lend the kernel our package.
                "env": {"PYTHONPATH": ""},
            }
        )
    )
    return "bare"


async def test_a_kernel_without_our_package_psutil_or_numpy_gets_full_records(
    jp_fetch, jp_serverapp, bare_kernelspec, record_validator
):
    kernel_id = await start_kernel(jp_fetch, bare_kernelspec)
    client = LabLikeClient(own_client(jp_serverapp.kernel_manager.get_kernel(kernel_id)))
    try:
        await wait_for_state(jp_fetch, kernel_id, "active")
        missing = await client.evaluate(
            f"[m for m in {ABSENT!r} if __import__('importlib.util').util.find_spec(m) is None]"
        )
        assert missing == repr(list(ABSENT))
        cell = str(uuid.uuid4())
        await client.run(
            "kept = bytearray(64 * 2**20)\nlabels = [str(i) for i in range(10**5)]", cell
        )
        (record,) = await wait_for_records(jp_fetch, kernel_id, 1)
    finally:
        client.close()
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)
    record_validator.validate(record)
    assert record["cell_id"] == cell and record["peak_method"] == "vmhwm"
    # The 64 MiB, and the 100,000 short strings with their list (about 6.5 MiB).
    assert 0.95 * 64 * 2**20 < record["rss_delta"] < (64 + 12) * 2**20
    names = {item["name"]: item for item in record["variables"]["items"]}
    assert names["kept"]["size"] == sys.getsizeof(bytearray(64 * 2**20))
    assert record["gc"]["enabled"] is True


async def test_a_kernel_that_is_not_python_is_left_alone(jp_fetch, jp_serverapp):
    # pytest_jupyter installs an echo kernel, whose language_info is its own.
    kernel_id = await start_kernel(jp_fetch, "echo")
    try:
        monitor = await wait_for_state(jp_fetch, kernel_id, "unsupported")
        assert monitor["detail"] == "echo kernels are not supported"
        assert monitor["probe"] is None and monitor["live"]["source"] is None
        response = await jp_fetch(
            "memory-inspector",
            "kernels",
            kernel_id,
            "advice",
            method="POST",
            body=json.dumps({"cells": [], "cell_id": None}),
            raise_error=False,
        )
        assert response.code == 409
        body = await get_json(jp_fetch, "memory-inspector", "kernels", kernel_id, "records")
        assert body["records"] == []
    finally:
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)

"""The built wheel is complete: installed where there is no Node.js, the extension works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel CI built (``JMI_WHEEL``), or one built here (which needs Node.js)."""
    built = os.environ.get("JMI_WHEEL")
    if built:
        return Path(built)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("*.whl"))


def test_wheel_ships_the_prebuilt_extension_once_and_the_server_config(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = next(name.split("/")[0] for name in names if ".data/" in name)
    prefix = f"{data}/data/share/jupyter/labextensions/jupyterlab-memory-inspector/"
    assert f"{prefix}package.json" in names
    assert f"{prefix}install.json" in names
    assert f"{prefix}schemas/jupyterlab-memory-inspector/plugin.json" in names
    assert any(name.startswith(f"{prefix}static/remoteEntry.") for name in names)
    assert (
        f"{data}/data/etc/jupyter/jupyter_server_config.d/jupyterlab_memory_inspector.json" in names
    )
    assert not [
        name for name in names if name.startswith("jupyterlab_memory_inspector/labextension")
    ]
    # What the server injects into kernels: the probe, its loader and the protocol it imports.
    for module in (
        "probe/__init__.py",
        "probe/procmem.py",
        "probe_client/probe_loader.py",
        "protocol.py",
    ):
        assert f"jupyterlab_memory_inspector/{module}" in names
    assert "jupyterlab_memory_inspector/schemas/cell-record.schema.json" in names


@pytest.mark.timeout(900)
def test_wheel_installs_and_enables_both_parts_without_node(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    # Only the venv and the system's basic tools: no Node.js anywhere on the PATH.
    path = os.pathsep.join([str(bin_dir), "/usr/sbin", "/sbin"])
    assert shutil.which("node", path=path) is None
    env = {"PATH": path, "HOME": str(tmp_path), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            str(wheel),
            "jupyterlab==4.6.4",
        ],
        check=True,
        env=env,
    )

    labextensions = subprocess.run(
        [str(bin_dir / "jupyter"), "labextension", "list"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    listing = ANSI.sub("", labextensions.stdout + labextensions.stderr)
    assert re.search(r"jupyterlab-memory-inspector v\S+ enabled OK", listing), listing
    assert "not compatible" not in listing

    server_extensions = subprocess.run(
        [str(bin_dir / "jupyter"), "server", "extension", "list"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    listing = ANSI.sub("", server_extensions.stdout + server_extensions.stderr)
    assert re.search(r"jupyterlab_memory_inspector enabled", listing), listing
    assert re.search(r"jupyterlab_memory_inspector \S+ OK", listing), listing

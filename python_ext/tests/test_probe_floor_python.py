"""The probe as the server injects it, on the lowest Python that ``requires-python`` admits and
with the standard library alone: a user's kernel may be that old and have nothing else."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jupyterlab_memory_inspector.probe_client import injector
from jupyterlab_memory_inspector.protocol import PROBE_PACKAGE

ROOT = Path(__file__).parents[2]

# Imports every module of the probe with the loader that the install code runs in a kernel.
LOAD_ALL = """
import json, sys
sources = json.load(sys.stdin)
namespace = {"__name__": "loader"}
exec(compile(sys.argv[1], "<memory-inspector-loader>", "exec"), namespace)
namespace["load"](sys.argv[2], sources)
print(json.dumps(sorted(name for name in sys.modules if name.startswith(sys.argv[2]))))
"""


def floor_version() -> str:
    """The lowest Python version that pyproject.toml's ``requires-python`` admits."""
    found = re.search(r'requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text())
    assert found is not None, "requires-python is not of the form >=X.Y"
    return found.group(1)


def interpreter(version: str) -> str | None:
    """A Python of exactly `version` on this machine: on the PATH, or one that pyenv keeps."""
    pattern = os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")
    for candidate in [shutil.which(f"python{version}"), *sorted(glob.glob(pattern))]:
        if candidate is None:
            continue
        try:
            answer = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except OSError:
            continue
        if answer.returncode == 0 and answer.stdout.strip() == version:
            return candidate
    return None


def test_every_probe_module_loads_on_the_lowest_python_with_the_standard_library_alone():
    version = floor_version()
    python = interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine to load the probe with")
    sources = injector.probe_sources()
    loader = Path(injector.__file__).with_name("probe_loader.py").read_text("utf-8")
    # -I -S: no site-packages, no PYTHONPATH, no user site: the standard library alone.
    result = subprocess.run(
        [python, "-I", "-S", "-c", LOAD_ALL, loader, PROBE_PACKAGE],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    expected = {PROBE_PACKAGE} | {
        f"{PROBE_PACKAGE}.{name}" for name in sources if name != "__init__"
    }
    assert loaded == expected

"""What the command line imports: nothing that costs every run a second for nothing."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE_TREE = Path(__file__).parents[1]
SESSION = Path(__file__).parent / "notebooks" / "session.ipynb"

# The run in a fresh interpreter, then whether rfc3987_syntax was imported: jsonschema (which
# nbformat imports) imports it when it is installed, and it builds ~35 parsers at import.
_RUN_THEN_LOOK = (
    "import sys\n"
    "from jupyterlab_memory_inspector.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print('rfc3987_syntax imported:', sys.modules.get('rfc3987_syntax') is not None)\n"
    "sys.exit(status)\n"
)


@pytest.mark.skipif(
    importlib.util.find_spec("rfc3987_syntax") is None,
    reason="rfc3987_syntax is not installed here, so nothing could import it",
)
def test_a_run_never_imports_rfc3987_syntax(tmp_path: Path) -> None:
    paths = [str(SOURCE_TREE), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _RUN_THEN_LOOK,
            "run",
            str(SESSION),
            "--output",
            str(tmp_path / "report.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rfc3987_syntax imported: False" in done.stdout

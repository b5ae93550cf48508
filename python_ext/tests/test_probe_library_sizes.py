"""The data libraries' objects as the namespace scanner sizes them (numpy, pandas, torch, polars,
pyarrow), and a scanner that never imports one of them itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_probe_variables import TIMES, MiB, fresh_shell, holders, item, run, scan, within

from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner


@pytest.fixture
def shell():
    yield from fresh_shell()


def test_numpy_array_and_its_view_count_the_data_once(shell):
    run(shell, "import numpy as np\nA = np.ones(100 * 2**20 // 8)\nV = A[::2]")
    report = scan(NamespaceScanner(), shell)
    a, v = item(report, "A"), item(report, "V")
    assert within(a["size"], 100 * MiB)
    assert a["exact"] is True
    assert a["type"] == "numpy.ndarray"
    assert a["summary"] == "13107200 float64"
    assert v["size"] == 0
    assert v["view_of"] == "A"
    assert a["view_of"] is None
    assert ("view", "V") in holders(a)
    assert ("base", "A") in holders(v)
    assert sum(entry["size"] for entry in report["items"]) < 101 * MiB


def test_a_view_of_an_array_no_name_holds_carries_its_data(shell):
    run(shell, "import numpy as np\nM = np.arange(4 * 2**20 // 8).reshape(512, -1)")
    entry = item(scan(NamespaceScanner(), shell), "M")
    assert within(entry["size"], 4 * MiB)
    assert entry["view_of"] == "an array that no variable holds"
    assert entry["summary"] == f"512{TIMES}1024 int64"


def test_dataframe_with_int_float_and_string_columns(shell):
    run(
        shell,
        """
        import numpy as np, pandas as pd
        n = 1_000_000
        df = pd.DataFrame({
            "i": np.arange(n),
            "f": np.random.default_rng(0).random(n),
            "s": [f"s{i}" for i in range(n)],
            "o": pd.Series([f"object {i}" for i in range(n)], dtype=object),
        })
        """,
    )
    df = shell.user_ns["df"]
    assert df["o"].dtype == object
    truth = int(df.memory_usage(deep=True).sum())
    entry = item(scan(NamespaceScanner(), shell), "df")
    assert within(entry["size"], truth)
    assert entry["exact"] is False
    assert entry["type"] == "pandas.DataFrame"
    assert entry["summary"] == f"1,000,000 rows {TIMES} 4 columns"


def test_a_numeric_dataframe_is_exact(shell):
    run(shell, "import pandas as pd, numpy as np\ndf = pd.DataFrame(np.zeros((1000, 8)))")
    entry = item(scan(NamespaceScanner(), shell), "df")
    assert entry["size"] == int(shell.user_ns["df"].memory_usage(deep=False).sum())
    assert entry["exact"] is True


def test_series_and_index(shell):
    run(
        shell,
        """
        import pandas as pd
        s = pd.Series(range(100_000), index=[f"k{i}" for i in range(100_000)], dtype="int64")
        idx = pd.Index([f"label {i}" for i in range(10_000)])
        """,
    )
    report = scan(NamespaceScanner(), shell)
    s, idx = item(report, "s"), item(report, "idx")
    assert within(s["size"], int(shell.user_ns["s"].memory_usage(deep=True)))
    assert within(idx["size"], int(shell.user_ns["idx"].memory_usage(deep=True)))
    assert s["summary"] == "100,000 rows, int64"
    assert idx["summary"].startswith("10,000 entries")


def test_a_single_row_or_column_is_singular(shell):
    run(
        shell,
        """
        import pandas as pd
        one = pd.DataFrame({"a": [1]})
        s1 = pd.Series([1], dtype="int64")
        i1 = pd.Index(["only"])
        """,
    )
    report = scan(NamespaceScanner(), shell)
    assert item(report, "one")["summary"] == f"1 row {TIMES} 1 column"
    assert item(report, "s1")["summary"] == "1 row, int64"
    assert item(report, "i1")["summary"].startswith("1 entry, ")


def test_never_imports_a_data_library():
    code = textwrap.dedent(
        """
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner
        shell = InteractiveShell.instance()
        shell.run_cell("x = list(range(1000))", store_history=True)
        report = NamespaceScanner().scan(shell, 1.0, 20)
        assert report["items"][0]["name"] == "x", report
        libraries = ("numpy", "pandas", "torch", "polars", "pyarrow", "psutil")
        print(sorted(name for name in libraries if name in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert result.stdout.strip() == "[]"


def test_the_probe_modules_import_only_the_standard_library():
    probe = Path(__file__).parents[1] / "jupyterlab_memory_inspector" / "probe"
    stdlib = set(sys.stdlib_module_names)
    modules = sorted(probe.glob("*.py"))
    assert len(modules) > 20
    for module in modules:
        source = module.read_text()
        for line in source.splitlines():
            if line.startswith(("import ", "from ")) and not line.startswith("from ."):
                top = line.split()[1].split(".")[0]
                assert top in stdlib or top == "__future__", line


@pytest.mark.parametrize(
    ("library", "code", "name"),
    [
        ("torch", "import torch\nT = torch.ones(1024, 1024)\nTV = T[::2]", "T"),
        ("polars", "import polars as pl\nT = pl.DataFrame({'a': range(1_000_000)})", "T"),
        ("pyarrow", "import pyarrow as pa\nT = pa.table({'a': list(range(1_000_000))})", "T"),
    ],
)
def test_other_data_libraries_when_installed(shell, library, code, name):
    pytest.importorskip(library)
    run(shell, code)
    entry = item(scan(NamespaceScanner(), shell), name)
    assert entry["size"] >= 4_000_000

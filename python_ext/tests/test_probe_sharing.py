"""Data that objects share is counted once, and each object reports its own bytes and what it
shares with which names; names that tools put in the namespace are marked hidden."""

from __future__ import annotations

import pytest
from test_probe_variables import MiB, fresh_shell, item, run, scan, within

from jupyterlab_memory_inspector.advice.gains import freed
from jupyterlab_memory_inspector.probe.namespace import NamespaceScanner
from jupyterlab_memory_inspector.probe.usernames import ToolNames

ROWS = 400_000


@pytest.fixture
def shell():
    yield from fresh_shell()


def frames(shell, strings: str) -> dict:
    run(
        shell,
        f"""
        import numpy as np, pandas as pd
        df = pd.DataFrame({{
            "text": pd.array([f"text of row {{i}}" for i in range({ROWS})], dtype={strings}),
            "x": np.arange({ROWS}, dtype=float),
        }})
        df_clean = df.copy()
        df_clean["y"] = df_clean["x"] * 2
        """,
    )
    return scan(NamespaceScanner(), shell, budget=5.0)


@pytest.mark.parametrize(
    ("strings", "pointers"), [('"string[pyarrow]"', 0), ('"string[python]"', 1)]
)
def test_a_frame_and_its_copy_count_their_shared_strings_once(shell, strings, pointers):
    report = frames(shell, strings)
    df, clean = item(report, "df"), item(report, "df_clean")
    column = 8 * ROWS
    # The copy's own data: its copy of x, y, and its own pointers to python strings; the
    # strings themselves are df's and the copy's (arrow buffers are shared whole).
    assert within(clean["own"], (2 + pointers) * column, 0.05)
    assert clean["size"] == clean["own"]
    assert within(df["own"], (1 + pointers) * column, 0.05)
    (shared,) = df["shared"]
    assert shared["with"] == "df_clean" and shared["counted_here"] is True
    assert clean["shared"] == [{**shared, "with": "df", "counted_here": False}]
    assert shared["size"] > 5 * MiB
    assert df["size"] == df["own"] + shared["size"]
    # Deleting either frees only its own data: the strings stay with the other.
    assert freed(df) == df["own"] and freed(clean) == clean["own"]


def test_a_deep_copy_of_the_strings_shares_nothing(shell):
    run(
        shell,
        """
        import pandas as pd
        a = pd.Series([f"text {i}" for i in range(200_000)], dtype="string[python]")
        b = pd.Series([f"text {i}" for i in range(200_000)], dtype="string[python]")
        """,
    )
    report = scan(NamespaceScanner(), shell, budget=5.0)
    for name in ("a", "b"):
        assert "shared" not in item(report, name) and "own" not in item(report, name)
    assert within(item(report, "a")["size"], item(report, "b")["size"], 0.05)


def test_names_of_tools_and_private_names_are_hidden_the_users_are_not(shell):
    scanner = NamespaceScanner()
    tools = scanner.tool_names
    tools.cell_ended(shell.user_ns)
    # What a variable inspector runs between two of the user's cells.
    shell.run_cell("inspector_state = bytearray(2**20)", store_history=False)
    tools.cell_started(shell.user_ns)
    run(shell, "_jupyterlab_variableinspector_buf = bytearray(2**20)\nmine = bytearray(2**20)")
    report = scan(scanner, shell)
    assert item(report, "inspector_state")["hidden"] is True
    assert item(report, "_jupyterlab_variableinspector_buf")["hidden"] is True
    assert "hidden" not in item(report, "mine")


def test_tool_names_never_take_a_users_name_when_names_are_deleted_meanwhile():
    namespace = {"a": 1, "b": 2, "c": 3}
    tools = ToolNames()
    tools.cell_ended(namespace)
    del namespace["a"], namespace["b"]
    namespace["tool"] = 4
    tools.cell_started(namespace)
    assert not tools.hides("c") and not tools.hides("tool")
    tools.cell_ended(namespace)
    namespace["other_tool"] = 5
    tools.cell_started(namespace)
    assert tools.hides("other_tool") and not tools.hides("c")
